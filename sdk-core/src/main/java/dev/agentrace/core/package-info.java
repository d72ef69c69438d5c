/**
 * The SDK's entry and its extension points. {@link dev.agentrace.core.AgentraceSdk} and its builder
 * configure one agent identity, sampling, limits, processors, exporters and the export worker's stages,
 * and give out the tracer; {@link dev.agentrace.core.SdkStats} counts what happened to spans.
 *
 * <p>API: {@code AgentraceSdk} (with {@code Builder}), {@code SdkStats}, and the interfaces users may
 * implement: {@code Sampler}, {@code Clock}, {@code IdGenerator}, {@code SpanProcessor} (with the
 * {@code ReadableSpan} it receives at start), {@code ConformanceChecker}, which the
 * {@code agentrace-schema} module implements, and {@code ContextBridge}, which {@code agentrace-opentelemetry}
 * implements to share the current span with another tracer. Package-private: the built-in samplers, clock and id
 * generators, and the worker stage that runs the conformance check.
 *
 * <p>The span machinery is in {@code dev.agentrace.core.trace}, the records exporters read in
 * {@code core.data}, the export pipeline in {@code core.export}, tail sampling's policy in
 * {@code core.sampling}, and risk, cost and metrics in packages of
 * their own; docs/architecture.md maps them.
 */
package dev.agentrace.core;
