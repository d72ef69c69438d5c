package dev.agentrace.core.trace;

import dev.agentrace.api.SpanContext;

/**
 * A link in a thread's chain of open scopes (see {@link Scopes}): a span started with {@code start()} or
 * bound by {@code run}/{@code call}, or the frame of an unsampled span. Links are written by the owning
 * thread only.
 */
abstract class ScopeNode {
  /** The node that was innermost when this one was entered. */
  ScopeNode scopePrev;
  /** Grows by one at every entry, open or closed, so the deeper of two nodes was entered last. */
  int scopeDepth;

  /** Whether the span has ended (possibly on another thread: owners skip such nodes lazily). */
  abstract boolean hasEnded();

  /** The context children inherit and propagation carries. */
  abstract SpanContext context();

  abstract String name();

  abstract Tracing tracing();
}
