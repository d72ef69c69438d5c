package dev.agentrace.core.metrics;

import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.core.internal.WorkerSpan;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The metrics of one key: totals since start and a ring of 10-second slots for the sliding windows.
 *
 * <p>Thread-safety: the export worker records and snapshot readers read under this object's monitor. The
 * worker is the only writer, so the lock is uncontended except while a reader copies this one key (a scan
 * of its histograms, tens of microseconds); the worker never waits for a whole snapshot.
 *
 * <p>Windows: slot {@code i} holds the spans that ended in 10-second interval {@code n} (since the epoch)
 * with {@code n mod 30 == i}; a slot is cleared when a span of a newer interval needs it. A span that ends
 * in an interval whose slot has already moved on (processed more than about 5 minutes late) counts since
 * start only.
 */
final class KeyStats {
  static final long SLOT_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final int SLOTS = 30;
  /** Distinct quality score names kept per key; more are ignored (logged once) to bound memory. */
  static final int MAX_SCORE_NAMES = 32;

  final MetricsKey key;
  private long spans;
  private long errors;
  private final long[] slotInterval = new long[SLOTS];
  private final long[] slotSpans = new long[SLOTS];
  private final long[] slotErrors = new long[SLOTS];
  private final Track latency = new Track(Distribution.Unit.MILLIS);
  // Created on first use: most span types never see tokens, cost or scores.
  private Track inputTokens;
  private Track outputTokens;
  private Track cost;
  private Track traceCost;
  private Track risk;
  private Map<String, Track> quality;

  KeyStats(MetricsKey key) {
    this.key = key;
    Arrays.fill(slotInterval, Long.MIN_VALUE);
  }

  /**
   * Records one ended span.
   *
   * @param cost the span's cost in USD, or null
   * @param traceCost the trace's total cost if this span is a trace root with a cost, or null
   */
  synchronized void record(WorkerSpan span, Double cost, Double traceCost) {
    int slot = slotFor(span.endEpochNanos());
    boolean error = span.status() == SpanStatus.ERROR;
    spans++;
    if (error) {
      errors++;
    }
    if (slot >= 0) {
      slotSpans[slot]++;
      if (error) {
        slotErrors[slot]++;
      }
    }
    latency.record(Math.max(0, span.durationNanos()) / 1e6, slot);
    TokenUsage usage = span.usage();
    if (usage != null) {
      (inputTokens = track(inputTokens, Distribution.Unit.TOKENS)).record((double) usage.inputTokens(), slot);
      (outputTokens = track(outputTokens, Distribution.Unit.TOKENS)).record((double) usage.outputTokens(), slot);
    }
    if (cost != null) {
      (this.cost = track(this.cost, Distribution.Unit.USD)).record(cost, slot);
    }
    if (traceCost != null) {
      (this.traceCost = track(this.traceCost, Distribution.Unit.USD)).record(traceCost, slot);
    }
    // Not risk(): null means no risk scan ran, which must not read as a score of 0.
    RiskResult r = span.recordedRisk();
    if (r != null) {
      (risk = track(risk, Distribution.Unit.RISK)).record(Math.max(0, Math.min(100, r.score())), slot);
    }
    Map<String, Double> scores = span.scores();
    if (!scores.isEmpty()) {
      recordScores(scores, slot);
    }
  }

  private void recordScores(Map<String, Double> scores, int slot) {
    if (quality == null) {
      quality = new LinkedHashMap<>();
    }
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      double v = e.getValue();
      if (v < 0) {
        Warnings.once("metrics-negative-score", "Quality score '" + e.getKey() + "' = " + v + " on span type '" + key.type()
            + "': metrics keep scores >= 0 only (HdrHistogram cannot hold negatives); the span still carries it.");
        continue;
      }
      Track t = quality.get(e.getKey());
      if (t == null) {
        if (quality.size() >= MAX_SCORE_NAMES) {
          Warnings.once("metrics-score-names", "Span type '" + key.type() + "' has more than " + MAX_SCORE_NAMES
              + " distinct quality score names; metrics ignore the others (a score name built from ids?).");
          continue;
        }
        quality.put(e.getKey(), t = new Track(Distribution.Unit.SCORE));
      }
      t.record(v, slot);
    }
  }

  private static Track track(Track t, Distribution.Unit unit) {
    return t != null ? t : new Track(unit);
  }

  /** The ring slot for a span that ended at {@code endEpochNanos}, clearing it if it held an older interval; -1 if too late. */
  private int slotFor(long endEpochNanos) {
    long interval = Math.floorDiv(endEpochNanos, SLOT_NANOS);
    int i = (int) Math.floorMod(interval, (long) SLOTS);
    long held = slotInterval[i];
    if (held == interval) {
      return i;
    }
    if (held > interval) {
      return -1;
    }
    slotInterval[i] = interval;
    slotSpans[i] = 0;
    slotErrors[i] = 0;
    for (Track t : new Track[] {latency, inputTokens, outputTokens, cost, traceCost, risk}) {
      if (t != null) {
        t.clearSlot(i);
      }
    }
    if (quality != null) {
      for (Track t : quality.values()) {
        t.clearSlot(i);
      }
    }
    return i;
  }

  /** Everything since start. */
  synchronized SpanMetrics sinceStart() {
    Map<String, Distribution> q = new TreeMap<>();
    if (quality != null) {
      quality.forEach((name, t) -> q.put(name, t.sinceStart()));
    }
    return new SpanMetrics(spans, errors, latency.sinceStart(), total(inputTokens, Distribution.Unit.TOKENS),
        total(outputTokens, Distribution.Unit.TOKENS), total(cost, Distribution.Unit.USD),
        total(traceCost, Distribution.Unit.USD), total(risk, Distribution.Unit.RISK), q);
  }

  /** The spans that ended in the {@code slots} newest 10-second intervals up to and including {@code nowInterval}. */
  synchronized SpanMetrics window(int slots, long nowInterval) {
    boolean[] include = new boolean[SLOTS];
    long n = 0;
    long err = 0;
    for (int i = 0; i < SLOTS; i++) {
      long held = slotInterval[i];
      if (held <= nowInterval && held > nowInterval - slots) {
        include[i] = true;
        n += slotSpans[i];
        err += slotErrors[i];
      }
    }
    if (n == 0) {
      return SpanMetrics.empty();
    }
    Map<String, Distribution> q = new TreeMap<>();
    if (quality != null) {
      quality.forEach((name, t) -> {
        Distribution d = t.window(include);
        if (d.count() > 0) {
          q.put(name, d);
        }
      });
    }
    return new SpanMetrics(n, err, latency.window(include), window(inputTokens, Distribution.Unit.TOKENS, include),
        window(outputTokens, Distribution.Unit.TOKENS, include), window(cost, Distribution.Unit.USD, include),
        window(traceCost, Distribution.Unit.USD, include), window(risk, Distribution.Unit.RISK, include), q);
  }

  private static Distribution total(Track t, Distribution.Unit unit) {
    return t == null ? Distribution.empty(unit) : t.sinceStart();
  }

  private static Distribution window(Track t, Distribution.Unit unit, boolean[] include) {
    return t == null ? Distribution.empty(unit) : t.window(include);
  }
}
