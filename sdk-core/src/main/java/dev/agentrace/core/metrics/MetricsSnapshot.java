package dev.agentrace.core.metrics;

import dev.agentrace.api.SpanKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A point-in-time copy of metrics: one {@link SpanMetrics} per {@link MetricsKey}, plus the overflow bucket.
 *
 * <p>The per-type accessors ({@link #latency(String)}, {@link #cost(String)}, …) answer for this snapshot's
 * own agent identity ({@link #agent()}, {@link #version()}, {@link #environment()} — the SDK's, unless
 * changed with {@link #forAgent}); they add up the keys of that type across kinds and return an empty
 * distribution (count 0, NaN statistics) for a type never seen. {@link #entries()} lists every key,
 * including other identities brought in by {@link #merge} or {@link Metrics#include}.
 *
 * <p>Immutable and thread-safe. See {@link Distribution} for units and precision.
 */
public final class MetricsSnapshot {
  private final String agent;
  private final String version;
  private final String environment;
  private final Metrics.Window window;
  private final long takenAtEpochNanos;
  private final Map<MetricsKey, SpanMetrics> entries;
  private final SpanMetrics overflow;

  MetricsSnapshot(String agent, String version, String environment, Metrics.Window window, long takenAtEpochNanos,
      Map<MetricsKey, SpanMetrics> entries, SpanMetrics overflow) {
    this.agent = agent;
    this.version = version;
    this.environment = environment;
    this.window = window;
    this.takenAtEpochNanos = takenAtEpochNanos;
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(entries)));
    this.overflow = overflow;
  }

  /** The agent name the per-type accessors answer for. */
  public String agent() {
    return agent;
  }

  /** The agent version the per-type accessors answer for. */
  public String version() {
    return version;
  }

  /** The environment the per-type accessors answer for. */
  public String environment() {
    return environment;
  }

  /** Which spans this snapshot covers. */
  public Metrics.Window window() {
    return window;
  }

  /** When the snapshot was taken, on the SDK's clock (nanoseconds since the epoch). */
  public long takenAtEpochNanos() {
    return takenAtEpochNanos;
  }

  /** Latency in milliseconds of spans of {@code type}. */
  public Distribution latency(String type) {
    return type(type).latency();
  }

  /** Cost per span in US dollars of spans of {@code type}. */
  public Distribution cost(String type) {
    return type(type).cost();
  }

  /** Cost per trace in US dollars, for traces whose root span has {@code type}; see {@link SpanMetrics#traceCost()}. */
  public Distribution traceCost(String type) {
    return type(type).traceCost();
  }

  /** Input tokens per span of {@code type}. */
  public Distribution inputTokens(String type) {
    return type(type).inputTokens();
  }

  /** Output tokens per span of {@code type}. */
  public Distribution outputTokens(String type) {
    return type(type).outputTokens();
  }

  /** The quality score {@code scoreName} on spans of {@code type}. */
  public Distribution quality(String type, String scoreName) {
    return type(type).quality(scoreName);
  }

  /** Risk score (0–100) of spans of {@code type}. */
  public Distribution risk(String type) {
    return type(type).risk();
  }

  /** Everything recorded for spans of {@code type} (all kinds added up); empty if none. */
  public SpanMetrics type(String type) {
    SpanMetrics sum = SpanMetrics.empty();
    for (Map.Entry<MetricsKey, SpanMetrics> e : entries.entrySet()) {
      MetricsKey k = e.getKey();
      if (k.type().equals(type) && k.isOf(agent, version, environment)) {
        sum = SpanMetrics.merge(sum, e.getValue());
      }
    }
    return sum;
  }

  /** Everything recorded for spans of {@code kind} (all types added up); empty if none. */
  public SpanMetrics kind(SpanKind kind) {
    SpanMetrics sum = SpanMetrics.empty();
    for (Map.Entry<MetricsKey, SpanMetrics> e : entries.entrySet()) {
      MetricsKey k = e.getKey();
      if (k.kind() == kind && k.isOf(agent, version, environment)) {
        sum = SpanMetrics.merge(sum, e.getValue());
      }
    }
    return sum;
  }

  /** The span types seen for this snapshot's agent identity, sorted. */
  public Set<String> types() {
    Set<String> out = new TreeSet<>();
    for (MetricsKey k : entries.keySet()) {
      if (k.isOf(agent, version, environment)) {
        out.add(k.type());
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** Every key with its metrics, sorted by key. Unmodifiable. */
  public Map<MetricsKey, SpanMetrics> entries() {
    return entries;
  }

  /** Spans whose key did not fit under the key cap, all added up; count 0 when the cap was never hit. */
  public SpanMetrics overflow() {
    return overflow;
  }

  /**
   * This snapshot and {@code other} together: the union of their entries, metrics of equal keys added up,
   * overflow buckets added up. The result keeps this snapshot's agent identity and time.
   *
   * @throws IllegalArgumentException if the two cover different windows (their precision differs, and a
   *     sum of a minute and a lifetime means nothing)
   */
  public MetricsSnapshot merge(MetricsSnapshot other) {
    Objects.requireNonNull(other, "other");
    if (other.window != window) {
      throw new IllegalArgumentException("cannot merge a " + other.window + " snapshot into a " + window + " snapshot");
    }
    Map<MetricsKey, SpanMetrics> all = new TreeMap<>(entries);
    other.entries.forEach((k, m) -> all.merge(k, m, SpanMetrics::merge));
    return new MetricsSnapshot(agent, version, environment, window, takenAtEpochNanos, all,
        SpanMetrics.merge(overflow, other.overflow));
  }

  /** The same entries, with the per-type accessors answering for another agent identity. */
  public MetricsSnapshot forAgent(String agent, String version, String environment) {
    return new MetricsSnapshot(Objects.requireNonNull(agent, "agent"), Objects.requireNonNull(version, "version"),
        Objects.requireNonNull(environment, "environment"), window, takenAtEpochNanos, entries, overflow);
  }

  /**
   * A text table, one row per key grouped by agent identity: type, kind, count, errors, p50, p95, p99 and
   * max latency in ms, mean input and output tokens, mean and total cost in USD over the spans that have a
   * cost (six decimals both, so total = that count × mean), mean cost per trace rooted at that type, p95
   * risk and mean quality scores, then a legend line. Columns are as wide as their content; token, cost,
   * risk and quality columns empty on every row (risk: 0 on every row) are left out. Empty statistics in
   * a shown column print as {@code -}. For machines, read {@link #toJson()}.
   */
  public String table() {
    return MetricsFormat.table(this);
  }

  /**
   * The snapshot as JSON: identity, window, time, and per entry its key, count, errors and each
   * distribution's count, sum, mean, min, max and percentiles (NaN as null). Units as in {@link Distribution},
   * named in the field names ({@code latencyMs}, {@code costUsd}).
   */
  public String toJson() {
    return MetricsFormat.json(this);
  }

  /** Same as {@link #table()}. */
  @Override
  public String toString() {
    return table();
  }
}
