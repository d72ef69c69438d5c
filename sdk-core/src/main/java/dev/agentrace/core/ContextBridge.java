package dev.agentrace.core;

import dev.agentrace.api.SpanContext;

/**
 * SPI that joins Agentrace's context to another tracing system's in the same process, so that both record
 * one trace: installed with {@link AgentraceSdk.Builder#contextBridge(ContextBridge)}; the OpenTelemetry
 * integration ({@code AgentraceOpenTelemetry.contextBridge()}) implements it. Applications do not call it.
 *
 * <p>The SDK consults the bridge at four points (docs/context-propagation.md, "Context bridges"):
 * <ul>
 *   <li>a span started without an explicit parent asks {@link #currentSpan()}: a valid foreign span becomes
 *       its parent when no Agentrace span is current, or when the foreign span is not the Agentrace span
 *       that is current (the foreign side then entered a span inside ours, so it is the innermost);</li>
 *   <li>while a span is current on a thread (between {@code start()} and {@code end()}, or for the lambda
 *       of {@code run}/{@code call}) it is also current on the foreign side: {@link #makeCurrent} on entry,
 *       {@link Scope#close()} when it stops being current on that thread;</li>
 *   <li>{@code Tracer.wrap(..)} takes {@link #capture()} with the Agentrace context and runs the task
 *       inside {@link #attach(Object)}, so foreign context (and whatever else the foreign side keeps in it,
 *       such as baggage) crosses threads with ours.</li>
 * </ul>
 *
 * <p>Sampling: the sampled flag crosses both ways; a foreign parent's flag decides an Agentrace child as a
 * remote parent's would, and the foreign side receives Agentrace's decision in the flag.
 *
 * <p>Thread-safety: called on the application's threads, concurrently; every method acts on the calling
 * thread's foreign context only. Implementations must be fast (they run on every span start and scope
 * entry) and must not throw: the SDK catches what they throw, logs it once and carries on without the
 * bridge's part. When no bridge is installed the SDK pays one null check.
 */
public interface ContextBridge {

  /**
   * The span current on the foreign side on this thread (its trace and span ids, sampled flag and trace
   * state), or null (or an invalid context) when there is none.
   */
  SpanContext currentSpan();

  /**
   * Makes the Agentrace span {@code context} the foreign side's current span on this thread, keeping the
   * rest of the foreign context, until the returned scope is closed on this thread.
   */
  Scope makeCurrent(SpanContext context);

  /** The foreign side's whole current context on this thread, for a task that will run elsewhere; may be null. */
  Object capture();

  /** Makes a context returned by {@link #capture()} current on this thread until the returned scope is closed. */
  Scope attach(Object captured);

  /** The end of a {@link #makeCurrent} or {@link #attach}: restores what the foreign side had before. */
  @FunctionalInterface
  interface Scope extends AutoCloseable {
    /** Restores the foreign context that was current before; called once, on the thread that opened it. */
    @Override
    void close();
  }
}
