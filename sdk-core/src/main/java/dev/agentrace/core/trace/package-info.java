/**
 * The span machinery on the agent's threads: the tracer, spans and their builder, context storage (a
 * ThreadLocal chain of open scopes, and on Java 25 a ScopedValue binding for {@code run}/{@code call} from the
 * multi-release jar), unsampled spans (pooled frames behind handles, a shared child), the limits applied to
 * what a span records, strict-context reporting and the tracking of spans never ended.
 *
 * <p>Nothing here is API. {@link dev.agentrace.core.trace.Tracing} is public only so that
 * {@code AgentraceSdk} can build it; users reach spans through {@code dev.agentrace.api}. A span leaves this
 * package when it ends: processors get it as a {@code ReadableSpan}/{@code SpanData}, the export worker as a
 * {@code WorkerSpan}.
 */
package dev.agentrace.core.trace;
