package dev.agentrace.core.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything recorded for one metrics key (or several keys added up): how many spans ended, how many with
 * status ERROR, and the distributions of latency, tokens, cost, risk and each named quality score.
 *
 * <p>Each distribution counts only the spans that had that measurement: {@link #cost()} the spans with a
 * cost (explicit or priced), {@link #inputTokens()} the spans with token usage, {@link #risk()} the spans a
 * risk scan looked at, {@link #traceCost()} the trace roots (see its Javadoc). So {@code cost().count()} can
 * be lower than {@link #count()}.
 *
 * <p>Immutable and thread-safe. See {@link Distribution} for units and precision.
 */
public final class SpanMetrics {
  private static final SpanMetrics EMPTY = new SpanMetrics(0, 0,
      Distribution.empty(Distribution.Unit.MILLIS), Distribution.empty(Distribution.Unit.TOKENS),
      Distribution.empty(Distribution.Unit.TOKENS), Distribution.empty(Distribution.Unit.USD),
      Distribution.empty(Distribution.Unit.USD), Distribution.empty(Distribution.Unit.RISK), Map.of());
  private static final Distribution NO_SCORE = Distribution.empty(Distribution.Unit.SCORE);

  private final long count;
  private final long errors;
  private final Distribution latency;
  private final Distribution inputTokens;
  private final Distribution outputTokens;
  private final Distribution cost;
  private final Distribution traceCost;
  private final Distribution risk;
  private final Map<String, Distribution> quality;

  SpanMetrics(long count, long errors, Distribution latency, Distribution inputTokens, Distribution outputTokens,
      Distribution cost, Distribution traceCost, Distribution risk, Map<String, Distribution> quality) {
    this.count = count;
    this.errors = errors;
    this.latency = latency;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.cost = cost;
    this.traceCost = traceCost;
    this.risk = risk;
    this.quality = Collections.unmodifiableMap(new TreeMap<>(quality));
  }

  static SpanMetrics empty() {
    return EMPTY;
  }

  /** Both sets of spans together. */
  static SpanMetrics merge(SpanMetrics a, SpanMetrics b) {
    if (b.count == 0 && b.quality.isEmpty()) {
      return a;
    }
    if (a.count == 0 && a.quality.isEmpty()) {
      return b;
    }
    Map<String, Distribution> q = new TreeMap<>(a.quality);
    b.quality.forEach((name, d) -> q.merge(name, d, Distribution::merge));
    return new SpanMetrics(a.count + b.count, a.errors + b.errors, Distribution.merge(a.latency, b.latency),
        Distribution.merge(a.inputTokens, b.inputTokens), Distribution.merge(a.outputTokens, b.outputTokens),
        Distribution.merge(a.cost, b.cost), Distribution.merge(a.traceCost, b.traceCost),
        Distribution.merge(a.risk, b.risk), q);
  }

  /** Spans that ended. */
  public long count() {
    return count;
  }

  /** Spans that ended with status ERROR. */
  public long errors() {
    return errors;
  }

  /** {@code errors() / count()}; NaN when no span ended. */
  public double errorRate() {
    return count == 0 ? Double.NaN : (double) errors / count;
  }

  /** Duration from start to end, in milliseconds. */
  public Distribution latency() {
    return latency;
  }

  /** Input tokens per span that recorded usage (cached input tokens included, as the span reports them). */
  public Distribution inputTokens() {
    return inputTokens;
  }

  /** Output tokens per span that recorded usage (reasoning tokens included). */
  public Distribution outputTokens() {
    return outputTokens;
  }

  /** Cost per span in US dollars: the span's own cost, explicit or computed from the price table. */
  public Distribution cost() {
    return cost;
  }

  /**
   * Cost per trace in US dollars, recorded on the trace's local root span (a span without a parent): its own
   * cost plus the cost of every span of the trace that ended before it. Empty for types that are never a
   * root and for traces with no cost at all.
   */
  public Distribution traceCost() {
    return traceCost;
  }

  /** Risk score (0–100) of the spans a risk scan looked at. */
  public Distribution risk() {
    return risk;
  }

  /** The named quality score ({@code span.score(name, value)}); empty if no span recorded it. */
  public Distribution quality(String scoreName) {
    Distribution d = scoreName == null ? null : quality.get(scoreName);
    return d == null ? NO_SCORE : d;
  }

  /** Every quality score recorded, by name (sorted). Unmodifiable. */
  public Map<String, Distribution> quality() {
    return quality;
  }

  /** The names of the quality scores recorded (sorted). */
  public Set<String> qualityNames() {
    return quality.keySet();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpanMetrics m && count == m.count && errors == m.errors && latency.equals(m.latency)
        && inputTokens.equals(m.inputTokens) && outputTokens.equals(m.outputTokens) && cost.equals(m.cost)
        && traceCost.equals(m.traceCost) && risk.equals(m.risk) && quality.equals(m.quality);
  }

  @Override
  public int hashCode() {
    return Objects.hash(count, errors, latency, cost, quality);
  }

  @Override
  public String toString() {
    return "SpanMetrics{count=" + count + ", errors=" + errors + ", latencyMs=" + latency + ", cost=" + cost
        + (quality.isEmpty() ? "" : ", quality=" + quality) + "}";
  }
}
