package dev.agentrace.testing;

import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.SpanData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ended spans of one trace id, as a tree: each span under its parent, siblings in start order.
 *
 * <p>A span whose parent was not captured (a remote parent, a sampled-out or still open parent) sits
 * at the top next to the root, so nothing captured is hidden. Start order is by start time; spans that
 * started at the same instant (a {@link TestClock} that was not advanced) keep parents before children
 * and otherwise the order they ended in, which for sequential steps is the order they ran in.
 *
 * <p>Immutable and thread-safe; equal when the trace id and the spans are equal.
 */
public final class Trace {
  private final String traceId;
  private final List<SpanData> spans;
  private final List<SpanData> tops;
  private final Map<String, List<SpanData>> children;
  private final Map<String, SpanData> byId;

  private Trace(String traceId, List<SpanData> endOrder) {
    this.traceId = traceId;
    Map<String, SpanData> ids = new HashMap<>();
    for (SpanData s : endOrder) {
      ids.put(s.spanId(), s);
    }
    this.byId = ids;
    Map<SpanData, Integer> depth = new HashMap<>();
    for (SpanData s : endOrder) {
      depth.put(s, depthOf(s, ids));
    }
    List<SpanData> sorted = new ArrayList<>(endOrder);
    // List.sort is stable: ties keep end order, which is run order for sequential siblings.
    sorted.sort(Comparator.<SpanData>comparingLong(SpanData::startEpochNanos).thenComparingInt(depth::get));
    this.spans = List.copyOf(sorted);
    List<SpanData> top = new ArrayList<>();
    Map<String, List<SpanData>> kids = new HashMap<>();
    for (SpanData s : spans) {
      if (hasCapturedParent(s, ids)) {
        kids.computeIfAbsent(s.parentSpanId(), k -> new ArrayList<>()).add(s);
      } else {
        top.add(s);
      }
    }
    this.tops = List.copyOf(top);
    kids.replaceAll((k, v) -> List.copyOf(v));
    this.children = kids;
  }

  /**
   * The trace made of {@code spans}.
   *
   * @throws IllegalArgumentException if {@code spans} is empty or holds more than one trace id
   */
  public static Trace of(Collection<? extends SpanData> spans) {
    Objects.requireNonNull(spans, "spans");
    if (spans.isEmpty()) {
      throw new IllegalArgumentException("a trace needs at least one span");
    }
    String id = null;
    for (SpanData s : spans) {
      Objects.requireNonNull(s, "span");
      if (id == null) {
        id = s.traceId();
      } else if (!id.equals(s.traceId())) {
        throw new IllegalArgumentException("spans belong to more than one trace: " + id + " and " + s.traceId()
            + "; use Trace.group(spans)");
      }
    }
    return new Trace(id, List.copyOf(spans));
  }

  /** {@code spans} grouped by trace id, traces ordered by when their first span started. */
  public static List<Trace> group(Collection<? extends SpanData> spans) {
    Objects.requireNonNull(spans, "spans");
    Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
    for (SpanData s : spans) {
      byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
    }
    List<Trace> traces = new ArrayList<>(byTrace.size());
    byTrace.forEach((id, list) -> traces.add(new Trace(id, list)));
    traces.sort(Comparator.comparingLong(t -> t.spans.get(0).startEpochNanos()));
    return List.copyOf(traces);
  }

  /** The trace id, 32 lowercase hex characters. */
  public String traceId() {
    return traceId;
  }

  /**
   * The root: the span without a parent, or, when the root was not captured, the first span to start
   * among those whose parent is missing.
   */
  public SpanData root() {
    for (SpanData s : tops) {
      if (isRoot(s)) {
        return s;
      }
    }
    return tops.get(0);
  }

  /** Every span of the trace, in start order. */
  public List<SpanData> spans() {
    return spans;
  }

  /**
   * The spans whose parent is {@code span}, in start order.
   *
   * @throws IllegalArgumentException if {@code span} is not part of this trace
   */
  public List<SpanData> children(SpanData span) {
    Objects.requireNonNull(span, "span");
    if (byId.get(span.spanId()) != span) {
      throw new IllegalArgumentException("span '" + span.name() + "' (" + span.spanId() + ") is not part of trace "
          + traceId);
    }
    return children.getOrDefault(span.spanId(), List.of());
  }

  /** The captured parent of {@code span}, or empty for the root and for spans whose parent is missing. */
  public Optional<SpanData> parent(SpanData span) {
    Objects.requireNonNull(span, "span");
    return isRoot(span) ? Optional.empty() : Optional.ofNullable(byId.get(span.parentSpanId()));
  }

  /** The first span, in start order, named {@code name}. */
  public Optional<SpanData> find(String name) {
    for (SpanData s : spans) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Every span named {@code name}, in start order (a retried step appears more than once). */
  public List<SpanData> findAll(String name) {
    List<SpanData> found = new ArrayList<>();
    for (SpanData s : spans) {
      if (s.name().equals(name)) {
        found.add(s);
      }
    }
    return found;
  }

  /**
   * The tree as indented text, one span per line with its kind (and type when it is not the kind's
   * default), status and duration; the form assertion failures print:
   *
   * <pre>
   * handle_ticket (AGENT, OK, 42.0 ms)
   *   plan (LLM, OK, 30.0 ms)
   *   web_search (TOOL, ERROR "timeout", 12.0 ms)
   * </pre>
   */
  public String toTreeString() {
    return toTreeString(null);
  }

  /** The tree with {@code marked} flagged, so a failure message points at the span it is about. */
  String toTreeString(SpanData marked) {
    StringBuilder out = new StringBuilder();
    for (SpanData top : tops) {
      append(out, top, 0, marked);
    }
    return out.toString();
  }

  private void append(StringBuilder out, SpanData span, int depth, SpanData marked) {
    out.append("  ".repeat(depth)).append(describe(span));
    if (depth == 0 && !isRoot(span)) {
      out.append(" [parent ").append(span.parentSpanId()).append(" not captured]");
    }
    if (span == marked) {
      out.append("   <-- this span");
    }
    out.append('\n');
    for (SpanData child : children.getOrDefault(span.spanId(), List.of())) {
      append(out, child, depth + 1, marked);
    }
  }

  /** One span as {@code name (KIND[ type], STATUS[ "message"], duration)}. */
  static String describe(SpanData s) {
    StringBuilder b = new StringBuilder(s.name()).append(" (").append(s.kind());
    if (s.type() != null && !s.type().equals(s.kind().defaultType())) {
      b.append(' ').append(s.type());
    }
    b.append(", ").append(s.status());
    if (s.status() == SpanStatus.ERROR && s.statusMessage() != null) {
      b.append(" \"").append(s.statusMessage()).append('"');
    }
    return b.append(", ").append(duration(s.durationNanos())).append(')').toString();
  }

  /** A duration in the unit a reader expects for its size. */
  static String duration(long nanos) {
    if (nanos < 1_000) {
      return nanos + " ns";
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  static boolean isRoot(SpanData s) {
    return s.parentSpanId() == null || s.parentSpanId().isEmpty();
  }

  private static boolean hasCapturedParent(SpanData s, Map<String, SpanData> ids) {
    return !isRoot(s) && ids.containsKey(s.parentSpanId());
  }

  private static int depthOf(SpanData s, Map<String, SpanData> ids) {
    int d = 0;
    // Bounded by the span count so that corrupt parent links (a cycle) cannot loop forever.
    for (SpanData p = s; hasCapturedParent(p, ids) && d <= ids.size(); d++) {
      p = ids.get(p.parentSpanId());
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Trace t && t.traceId.equals(traceId) && t.spans.equals(spans);
  }

  @Override
  public int hashCode() {
    return traceId.hashCode() * 31 + spans.hashCode();
  }

  @Override
  public String toString() {
    return "Trace " + traceId + "\n" + toTreeString();
  }
}
