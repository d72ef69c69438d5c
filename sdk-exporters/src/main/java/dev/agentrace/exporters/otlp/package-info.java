/**
 * The OTLP/HTTP exporter: {@link dev.agentrace.exporters.otlp.OtlpHttpExporter} sends spans to any
 * OpenTelemetry backend as protobuf or JSON, configured by its builder or the standard
 * {@code OTEL_EXPORTER_OTLP_*} environment variables.
 *
 * <p>API: {@code OtlpHttpExporter} and its {@code Builder}. Package-private: the HTTP sending and retry
 * loop, environment parsing, TLS trust and the socket factory. The wire format (what a span becomes in
 * OTLP) is in {@code dev.agentrace.exporters.internal.otlp}, which is not API.
 */
package dev.agentrace.exporters.otlp;
