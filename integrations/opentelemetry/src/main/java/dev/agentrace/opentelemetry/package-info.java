/**
 * OpenTelemetry interop: {@link dev.agentrace.opentelemetry.AgentraceOpenTelemetry#contextBridge()} makes
 * Agentrace and OpenTelemetry spans one trace in the same process (with or without the OpenTelemetry Java
 * agent), and {@link dev.agentrace.opentelemetry.AgentraceOpenTelemetry#exporter} sends Agentrace spans
 * through any OpenTelemetry {@code SpanExporter}. Never touches {@code GlobalOpenTelemetry} and never creates a
 * {@code TracerProvider}. See docs/integrations/opentelemetry.md.
 */
package dev.agentrace.opentelemetry;
