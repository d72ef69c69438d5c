/**
 * The Agentrace API: what instrumented code compiles against. {@link dev.agentrace.api.Tracer} starts
 * spans through a {@link dev.agentrace.api.SpanBuilder}; a {@link dev.agentrace.api.Span} records one step's
 * input, output, attributes, events, tokens, cost, scores and status; {@link dev.agentrace.api.SpanKind},
 * {@link dev.agentrace.api.SpanStatus}, {@link dev.agentrace.api.SpanContext} and
 * {@link dev.agentrace.api.AttributeKey} describe it; {@link dev.agentrace.api.Agentrace} is the global entry
 * and {@link dev.agentrace.api.Propagation} carries a context across processes (W3C Trace Context).
 *
 * <p>Every public type here is API, including the functional types {@code run}/{@code call} take
 * ({@code ThrowingRunnable}, {@code ThrowingCallable}) and the propagator {@code W3CPropagator}; the no-op
 * tracer and span are package-private. The module has no dependencies, and {@code Agentrace.tracer()} is
 * a no-op until an SDK is installed ({@code AgentraceSdk.installAsGlobal()} in {@code agentrace-core}), so
 * a library can be instrumented without choosing an SDK for its users. Instrumentation calls never throw.
 */
package dev.agentrace.api;
