package dev.agentrace.core.risk;

import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.internal.WorkerStage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The export worker's risk step: scans every ended span (input, output, string attribute values, event
 * attribute values, status message) with a {@link RiskScanner}, redacts what the {@link Redaction}
 * names, sets the span's {@link RiskResult} from the {@link RiskProfile}, and redacts live start events
 * (input and attributes) before start-event exporters see them.
 *
 * <p>Trace peak: children normally end before their root, so the stage keeps, per trace, the highest
 * risk of the spans ended so far, and when the trace's root (a span without a parent) ends it sets
 * {@link #TRACE_PEAK_LEVEL}, {@link #TRACE_PEAK_SCORE} and {@link #TRACE_PEAK_CATEGORIES} on the root,
 * if anything was found anywhere in the trace. The root's own {@link RiskResult} stays its own, so
 * per-type risk percentiles are not skewed by the spans below. Only traces with a finding are kept,
 * at most {@code maxTraces}, oldest evicted first: a trace whose root is in another process (a remote
 * parent) never ends here. A child that ends after its root is not included.
 *
 * <p>Worker thread only (see {@link WorkerStage}): no synchronisation. Not API: public so that the SDK can
 * build it; it may change in any release.
 */
public final class RiskStage implements WorkerStage {
  /** Root attribute: the highest {@link RiskLevel} name in the trace. */
  static final String TRACE_PEAK_LEVEL = "agentrace.risk.trace_peak.level";
  /** Root attribute: the highest score (long) in the trace. */
  static final String TRACE_PEAK_SCORE = "agentrace.risk.trace_peak.score";
  /** Root attribute: the categories found anywhere in the trace, comma-separated ids. */
  static final String TRACE_PEAK_CATEGORIES = "agentrace.risk.trace_peak.categories";
  /** Default bound on traces whose peak is being tracked. */
  static final int DEFAULT_MAX_TRACES = 10_000;

  private static final DataCategory[] CATEGORIES = DataCategory.values();

  private final RiskProfile profile;
  private final RiskScanner scanner;
  private final Map<TraceKey, Peak> peaks;

  /** A stage that assesses with {@code profile} and redacts what {@code redaction} names. */
  public RiskStage(RiskProfile profile, Redaction redaction) {
    this(profile, redaction, DEFAULT_MAX_TRACES);
  }

  RiskStage(RiskProfile profile, Redaction redaction, int maxTraces) {
    this.profile = profile;
    this.scanner = new RiskScanner(redaction.mask());
    this.peaks = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<TraceKey, Peak> eldest) {
        return size() > maxTraces;
      }
    };
  }

  @Override
  public boolean failClosed() {
    return true;
  }

  @Override
  public String name() {
    return "risk";
  }

  @Override
  public void process(WorkerSpan span) {
    RiskScanner sc = scanner;
    sc.reset();
    scanInput(span);
    String out = span.output();
    if (out != null) {
      String r = sc.json(out);
      if (r != out) {
        span.replaceOutput(r);
      }
    }
    scanAttributes(span);
    List<SpanEvent> events = span.events();
    for (int i = 0; i < events.size(); i++) {
      SpanEvent e = events.get(i);
      Map<String, Object> scanned = scanEventAttributes(e.attributes());
      if (scanned != null) {
        span.replaceEvent(i, new SpanEvent(e.name(), e.epochNanos(), scanned));
      }
    }
    String message = span.statusMessage();
    if (message != null) {
      String r = sc.text(message, null);
      if (r != message) {
        span.replaceStatusMessage(r);
      }
    }
    RiskResult own = profile.assess(span.type(), sc.detected, sc.redacted);
    span.recordRisk(own);
    trackPeak(span, own, sc.detected);
  }

  @Override
  public void processStart(WorkerSpan start) {
    scanner.reset();
    scanInput(start);
    scanAttributes(start);
  }

  private void scanInput(WorkerSpan span) {
    String in = span.input();
    if (in != null) {
      String r = scanner.json(in);
      if (r != in) {
        span.replaceInput(r);
      }
    }
  }

  private void scanAttributes(WorkerSpan span) {
    for (int i = 0, n = span.attributeCount(); i < n; i++) {
      if (span.attributeValue(i) instanceof String value) {
        String r = scanner.text(value, span.attributeKey(i));
        if (r != value) {
          span.replaceAttributeValue(i, r);
        }
      }
    }
  }

  /** The event's attributes with string values redacted, or null if none changed. */
  private Map<String, Object> scanEventAttributes(Map<String, Object> attributes) {
    Map<String, Object> out = null;
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      if (a.getValue() instanceof String value) {
        String r = scanner.text(value, a.getKey());
        if (r != value) {
          if (out == null) {
            out = new LinkedHashMap<>(attributes);
          }
          out.put(a.getKey(), r);
        }
      }
    }
    return out;
  }

  private void trackPeak(WorkerSpan span, RiskResult own, int detected) {
    if (span.parentSpanIdLong() != 0) {
      if (detected != 0) {
        peaks.computeIfAbsent(new TraceKey(span.traceIdHigh(), span.traceIdLow()), k -> new Peak()).add(own, detected);
      }
      return;
    }
    Peak peak = peaks.isEmpty() ? null : peaks.remove(new TraceKey(span.traceIdHigh(), span.traceIdLow()));
    if (peak == null) {
      if (detected == 0) {
        return;
      }
      peak = new Peak();
    }
    peak.add(own, detected);
    span.putWorkerAttribute(TRACE_PEAK_LEVEL, peak.level.name());
    span.putWorkerAttribute(TRACE_PEAK_SCORE, (long) peak.score);
    span.putWorkerAttribute(TRACE_PEAK_CATEGORIES, peak.categories());
  }

  /** Traces with a peak being tracked; for tests. */
  int trackedTraces() {
    return peaks.size();
  }

  private record TraceKey(long high, long low) {}

  /** The running maximum of one trace. */
  private static final class Peak {
    RiskLevel level = RiskLevel.NONE;
    int score;
    int categories;

    void add(RiskResult r, int detected) {
      if (r.level().compareTo(level) > 0) {
        level = r.level();
      }
      score = Math.max(score, r.score());
      categories |= detected;
    }

    String categories() {
      StringJoiner j = new StringJoiner(",");
      for (DataCategory c : CATEGORIES) {
        if ((categories & (1 << c.ordinal())) != 0) {
          j.add(c.id());
        }
      }
      return j.toString();
    }
  }
}
