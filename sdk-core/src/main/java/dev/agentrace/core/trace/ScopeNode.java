package dev.agentrace.core.trace;

import dev.agentrace.api.SpanContext;
import dev.agentrace.core.ContextBridge;

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
  /**
   * Owner-written: the foreign side's scope that makes this node current there too (see {@link Bridging}),
   * while it is on its thread's chain; null without a context bridge.
   */
  ContextBridge.Scope foreignScope;

  /** Whether the span has ended (possibly on another thread: owners skip such nodes lazily). */
  abstract boolean hasEnded();

  /** The context children inherit and propagation carries. */
  abstract SpanContext context();

  abstract String name();

  abstract Tracing tracing();

  /**
   * This node is leaving its thread's chain (on that thread): the foreign side gets back what it had before
   * the node was entered. Nodes leave top-down, so each close restores the context below it.
   */
  final void leaveForeign() {
    ContextBridge.Scope f = foreignScope;
    if (f != null) {
      foreignScope = null;
      Bridging.close(tracing(), f);
    }
  }
}
