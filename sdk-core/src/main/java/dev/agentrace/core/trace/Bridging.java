package dev.agentrace.core.trace;

import dev.agentrace.api.SpanContext;
import dev.agentrace.core.ContextBridge;

/**
 * The SDK's side of a {@link ContextBridge}: every call into the bridge goes through here, so that a bridge
 * that throws costs a logged warning (once) and its part of the work, never the application's call. Only
 * reached when a bridge is installed; without one the callers stop at a null check.
 */
final class Bridging {
  private Bridging() {}

  /**
   * The foreign span to parent a new span on, or null to keep {@code current} (which may be null). A valid
   * foreign span wins when nothing of ours is current, and when it is not ours: every span of ours that
   * becomes current is made current on the foreign side too, so a different foreign span was entered inside
   * ours and is the innermost.
   */
  static SpanContext foreignParent(Tracing tracing, ContextBridge bridge, ScopeNode current) {
    SpanContext foreign;
    try {
      foreign = bridge.currentSpan();
    } catch (RuntimeException | LinkageError e) {
      failed(tracing, "currentSpan", e);
      return null;
    }
    if (foreign == null || !foreign.isValid()) {
      return null;
    }
    if (current != null) {
      SpanContext ours = current.context();
      if (ours.spanIdLong() == foreign.spanIdLong() && ours.traceIdLow() == foreign.traceIdLow()
          && ours.traceIdHigh() == foreign.traceIdHigh()) {
        return null;
      }
    }
    return foreign;
  }

  /** Makes {@code node}, just made current on this thread, current on the foreign side until it leaves. */
  static void enter(Tracing tracing, ContextBridge bridge, ScopeNode node) {
    node.foreignScope = makeCurrent(tracing, bridge, node.context());
  }

  /** The foreign side's scope for {@code context}, or null if the bridge failed. */
  static ContextBridge.Scope makeCurrent(Tracing tracing, ContextBridge bridge, SpanContext context) {
    try {
      return bridge.makeCurrent(context);
    } catch (RuntimeException | LinkageError e) {
      failed(tracing, "makeCurrent", e);
      return null;
    }
  }

  /** What {@code Tracer.wrap(..)} carries of the foreign context, or null. */
  static Object capture(Tracing tracing, ContextBridge bridge) {
    try {
      return bridge.capture();
    } catch (RuntimeException | LinkageError e) {
      failed(tracing, "capture", e);
      return null;
    }
  }

  /** Makes a captured foreign context current for a task; null if there is nothing to restore later. */
  static ContextBridge.Scope attach(Tracing tracing, ContextBridge bridge, Object captured) {
    if (captured == null) {
      return null;
    }
    try {
      return bridge.attach(captured);
    } catch (RuntimeException | LinkageError e) {
      failed(tracing, "attach", e);
      return null;
    }
  }

  /** Closes a foreign scope opened on this thread. */
  static void close(Tracing tracing, ContextBridge.Scope scope) {
    try {
      scope.close();
    } catch (RuntimeException | LinkageError e) {
      failed(tracing, "Scope.close", e);
    }
  }

  private static void failed(Tracing tracing, String call, Throwable e) {
    tracing.counters.instrumentationError("context-bridge-" + call,
        "The context bridge's " + call + "() threw " + e + "; the span keeps Agentrace's own context.");
  }
}
