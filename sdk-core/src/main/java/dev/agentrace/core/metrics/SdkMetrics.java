package dev.agentrace.core.metrics;

import dev.agentrace.api.SpanKind;
import dev.agentrace.core.Clock;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.core.internal.WorkerSpan;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK's metrics store. The export worker is the only writer ({@link #record}); any thread reads.
 *
 * <p>Keys are (kind, type) within the SDK's own identity: every span of an SDK carries the same agent,
 * version and environment, so those need no lookup. The per-kind maps are concurrent so readers can
 * iterate while the worker adds a key; each key's data is guarded by its {@link KeyStats} monitor.
 *
 * <p>Not API: public so that the SDK can build it; users read it as {@link Metrics}.
 */
public final class SdkMetrics implements Metrics {
  private final String agent;
  private final String version;
  private final String environment;
  private final Clock clock;
  private final int maxKeys;
  private final EnumMap<SpanKind, ConcurrentHashMap<String, KeyStats>> byKind = new EnumMap<>(SpanKind.class);
  private final KeyStats overflow;
  private volatile int keys; // written by the worker only; volatile for toString()
  private MetricsSnapshot included; // guarded by this

  /** Empty metrics for one agent identity, keeping at most {@code maxKeys} (kind, type) keys. */
  public SdkMetrics(String agent, String version, String environment, Clock clock, int maxKeys) {
    this.agent = agent;
    this.version = version;
    this.environment = environment;
    this.clock = clock;
    this.maxKeys = maxKeys;
    for (SpanKind k : SpanKind.values()) {
      byKind.put(k, new ConcurrentHashMap<>());
    }
    this.overflow = new KeyStats(new MetricsKey(agent, version, environment, SpanKind.CUSTOM, "(overflow)"));
  }

  /** Records an ended span; export worker only. */
  void record(WorkerSpan span, Double cost, Double traceCost) {
    statsFor(span.kind(), span.type()).record(span, cost, traceCost);
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // keys: the worker is its only writer
  private KeyStats statsFor(SpanKind kind, String type) {
    ConcurrentHashMap<String, KeyStats> map = byKind.get(kind);
    KeyStats s = map.get(type);
    if (s != null) {
      return s;
    }
    if (keys >= maxKeys) {
      Warnings.once("metrics-max-keys", "Agentrace metrics: more than " + maxKeys + " distinct (kind, type) keys; spans of"
          + " new keys (first: " + kind + " '" + type + "') are added up in the overflow bucket. A span type built from"
          + " ids is the usual cause; raise metricsMaxKeys if the types are legitimate.");
      return overflow;
    }
    keys++;
    s = new KeyStats(new MetricsKey(agent, version, environment, kind, type));
    map.put(type, s);
    return s;
  }

  @Override
  public MetricsSnapshot snapshot() {
    return snapshot(Window.SINCE_START);
  }

  @Override
  public MetricsSnapshot snapshot(Window window) {
    Window w = window == null ? Window.SINCE_START : window;
    long now = clock.nowEpochNanos();
    long nowInterval = Math.floorDiv(now, KeyStats.SLOT_NANOS);
    int slots = w == Window.LAST_MINUTE ? 6 : KeyStats.SLOTS;
    Map<MetricsKey, SpanMetrics> entries = new TreeMap<>();
    for (ConcurrentHashMap<String, KeyStats> map : byKind.values()) {
      for (KeyStats s : map.values()) {
        SpanMetrics m = w == Window.SINCE_START ? s.sinceStart() : s.window(slots, nowInterval);
        if (m.count() > 0) {
          entries.put(s.key, m);
        }
      }
    }
    SpanMetrics over = w == Window.SINCE_START ? overflow.sinceStart() : overflow.window(slots, nowInterval);
    MetricsSnapshot snap = new MetricsSnapshot(agent, version, environment, w, now, entries, over);
    MetricsSnapshot extra;
    synchronized (this) {
      extra = included;
    }
    return w == Window.SINCE_START && extra != null ? snap.merge(extra) : snap;
  }

  @Override
  public void include(MetricsSnapshot other) {
    Objects.requireNonNull(other, "other");
    if (other.window() != Window.SINCE_START) {
      throw new IllegalArgumentException("include() takes a SINCE_START snapshot, got " + other.window());
    }
    synchronized (this) {
      included = included == null ? other : included.merge(other);
    }
  }

  @Override
  public DriftReport drift(String baselineVersion, String candidateVersion) {
    MetricsSnapshot s = snapshot();
    return DriftReport.compare(s.forAgent(agent, Objects.requireNonNull(baselineVersion, "baselineVersion"), environment),
        s.forAgent(agent, Objects.requireNonNull(candidateVersion, "candidateVersion"), environment));
  }

  @Override
  public DriftReport driftAcrossEnvironments(String baselineEnvironment, String candidateEnvironment) {
    MetricsSnapshot s = snapshot();
    return DriftReport.compare(
        s.forAgent(agent, version, Objects.requireNonNull(baselineEnvironment, "baselineEnvironment")),
        s.forAgent(agent, version, Objects.requireNonNull(candidateEnvironment, "candidateEnvironment")));
  }

  @Override
  public String toString() {
    return "Metrics{" + agent + " " + version + " " + environment + ", " + keys + " keys (max " + maxKeys + ")}";
  }
}
