/**
 * The OTLP wire format: how a span maps to OTLP ({@code OtlpMapping}: resource, span kind, status and
 * the GenAI and OpenInference attributes), the protobuf and JSON request encoders, and the reader of the
 * server's answer.
 *
 * <p>Internal: not API, may change or disappear in any release without notice. The classes are public
 * only so that the OTLP exporter and other Agentrace modules (the benchmarks, integrations that must
 * produce the same attributes) share one mapping; application code should use
 * {@code dev.agentrace.exporters.otlp.OtlpHttpExporter}.
 */
package dev.agentrace.exporters.internal.otlp;
