package dev.agentrace.opentelemetry;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.ContextBridge;
import dev.agentrace.core.export.SpanExporter;
import java.util.Objects;

/**
 * The entry points of the OpenTelemetry integration.
 *
 * <pre>{@code
 * AgentraceSdk sdk = AgentraceSdk.builder()
 *     .agent("support-bot")
 *     .contextBridge(AgentraceOpenTelemetry.contextBridge())          // one trace with OTel spans
 *     .exporter(AgentraceOpenTelemetry.exporter(otlpSpanExporter))    // one pipeline: the OTel exporter
 *     .build();
 * }</pre>
 *
 * <p>Neither entry point sets {@code GlobalOpenTelemetry}, registers a {@code TracerProvider} or starts a
 * thread: the bridge works on whatever OpenTelemetry context the process already has (the Java agent's, an
 * SDK the application built, or none), and the exporter only calls the exporter it is given. Stateless;
 * safe to call from any thread.
 */
public final class AgentraceOpenTelemetry {
  private AgentraceOpenTelemetry() {}

  /**
   * A context bridge for {@link AgentraceSdk.Builder#contextBridge}: an Agentrace span started while an
   * OpenTelemetry span is current becomes its child (same trace, its sampled flag and trace state), and an
   * Agentrace span is OpenTelemetry's current span while it is current for Agentrace, so OpenTelemetry
   * instrumentation (HTTP clients, JDBC, the Java agent) nests under it. {@code Tracer.wrap(..)} carries
   * the whole OpenTelemetry context (baggage included) into tasks. Thread-safe and stateless; one instance
   * may serve several SDKs.
   */
  public static ContextBridge contextBridge() {
    return OtelContextBridge.INSTANCE;
  }

  /**
   * A {@link SpanExporter} that sends Agentrace spans through {@code exporter} (OTLP gRPC or HTTP, Zipkin,
   * logging, ...), with the attributes, resource, kinds and status of Agentrace's own OTLP mapping, so the
   * exporter's endpoint, authentication, retries and compression apply unchanged. Each batch waits for the
   * exporter's result (at most 30 seconds, on the SDK's export thread, never the application's).
   * {@code flush()} and {@code shutdown()} are passed on.
   *
   * @throws NullPointerException if {@code exporter} is null
   */
  public static SpanExporter exporter(io.opentelemetry.sdk.trace.export.SpanExporter exporter) {
    return new OtelSpanExporter(Objects.requireNonNull(exporter, "exporter"));
  }
}
