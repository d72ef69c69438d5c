package dev.agentrace.spring;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.export.DropReason;
import dev.agentrace.core.metrics.Distribution;
import dev.agentrace.core.metrics.MetricsKey;
import dev.agentrace.core.metrics.MetricsSnapshot;
import dev.agentrace.core.metrics.SpanMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code agentrace} actuator endpoint ({@code GET /actuator/agentrace} once exposed): the SDK's identity
 * (agent, version, environment), its span counts with drops by reason, and the metrics snapshot since start,
 * one entry per agent, version, environment and span type with count, errors and latency p50/p95/p99 in
 * milliseconds (tokens and cost too when spans carried them).
 *
 * <p>Thread-safe: each read takes a fresh snapshot; the SDK's counters and metrics are safe to read at any
 * time, including after shutdown.
 */
@Endpoint(id = "agentrace")
public final class AgentraceEndpoint {
  private final AgentraceSdk sdk;

  /** An endpoint reporting on {@code sdk}. */
  public AgentraceEndpoint(AgentraceSdk sdk) {
    this.sdk = Objects.requireNonNull(sdk, "sdk");
  }

  /** The report: {@code sdk}, {@code spans} and {@code metrics}, as JSON-friendly maps and lists. */
  @ReadOperation
  public Map<String, Object> report() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("agent", sdk.agent());
    identity.put("version", sdk.version());
    identity.put("environment", sdk.environment());
    identity.put("shutdown", sdk.isShutdown());
    out.put("sdk", identity);
    out.put("spans", spans(sdk.stats()));
    out.put("metrics", metrics(sdk.metrics().snapshot()));
    return out;
  }

  private static Map<String, Object> spans(SdkStats stats) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("started", stats.spansStarted());
    out.put("ended", stats.spansEnded());
    out.put("exported", stats.spansExported());
    out.put("dropped", stats.spansDropped());
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (DropReason reason : DropReason.values()) {
      long n = stats.dropped(reason);
      if (n > 0) {
        byReason.put(reason.id(), n);
      }
    }
    out.put("droppedByReason", byReason);
    out.put("exportFailures", stats.exportFailures());
    out.put("neverEnded", stats.neverEnded());
    out.put("instrumentationErrors", stats.instrumentationErrors());
    return out;
  }

  private static List<Map<String, Object>> metrics(MetricsSnapshot snapshot) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<MetricsKey, SpanMetrics> e : snapshot.entries().entrySet()) {
      MetricsKey key = e.getKey();
      SpanMetrics m = e.getValue();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("agent", key.agent());
      entry.put("version", key.version());
      entry.put("environment", key.environment());
      entry.put("kind", key.kind() == null ? null : key.kind().name());
      entry.put("type", key.type());
      entry.put("count", m.count());
      entry.put("errors", m.errors());
      entry.put("latencyMs", percentiles(m.latency()));
      if (m.inputTokens().count() > 0) {
        entry.put("inputTokens", percentiles(m.inputTokens()));
      }
      if (m.outputTokens().count() > 0) {
        entry.put("outputTokens", percentiles(m.outputTokens()));
      }
      if (m.cost().count() > 0) {
        entry.put("costUsd", percentiles(m.cost()));
      }
      out.add(entry);
    }
    return out;
  }

  private static Map<String, Object> percentiles(Distribution d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("p50", d.p50());
    out.put("p95", d.p95());
    out.put("p99", d.p99());
    out.put("max", d.max());
    return out;
  }
}
