package dev.agentrace.core.trace;

import dev.agentrace.core.internal.SdkCounters;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spans whose owner will never end them, found and ended by the SDK with status ERROR "never ended" and the
 * attribute {@code agentrace.never_ended}, so they are reported rather than leaked: spans still open when
 * the SDK shuts down, spans left open on a thread that died (found by the export worker's housekeeping),
 * spans a task run through {@code Tracer.wrap(..)} left open, and spans still open when a span opened before
 * them closed (both remembered here, because they are taken off the thread so that later spans there do not
 * inherit them).
 *
 * <p>Thread-safe.
 */
final class Orphans {
  private final Tracing tracing;
  private final SdkCounters counters;
  private final StrictContext context;
  /** Open spans taken off their thread (left by a wrapped task, or closed around); shutdown must find them here. */
  private final Set<SdkSpan> leaked = ConcurrentHashMap.newKeySet();

  Orphans(Tracing tracing, SdkCounters counters, StrictContext context) {
    this.tracing = tracing;
    this.counters = counters;
    this.context = context;
  }

  /** Ends {@code span} as never ended, unless it has ended meanwhile; counts and reports it. */
  void endAbandoned(SdkSpan span, String why) {
    if (span.endAbandoned(why)) {
      counters.neverEnded();
      context.report("never-ended", span, "Span '" + span.name() + "' was never ended (" + why + "); exported with"
          + " status ERROR 'never ended'. End every span (try-with-resources or run/call do).");
    }
  }

  /**
   * A task wrapped by the tracer returned with {@code node} still open on its thread; the wrapper has
   * reset the thread. The span stays open (its owner may still end it) and is remembered for shutdown.
   */
  void scopeLeaked(ScopeNode node, String threadName) {
    if (node instanceof SdkSpan span) {
      leaked.add(span);
    }
    context.mistake("scope-leak", node, "A task left span '" + node.name() + "' open on thread " + threadName
        + "; the thread's context was reset so the next task does not inherit it. End spans inside the task"
        + " (try-with-resources or run/call do).");
  }

  /**
   * {@code closed} was closed (or its run/call lambda returned) while {@code node}, opened inside it, was
   * still open on its thread; the node has been taken off the thread's chain so that it is not the parent of
   * later spans there. The span stays open (its owner may still end it) and is remembered for shutdown.
   */
  void closedAround(ScopeNode closed, ScopeNode node, String threadName) {
    if (node instanceof SdkSpan span) {
      leaked.add(span);
    }
    context.mistake("close-out-of-order", node, "Span '" + closed.name() + "' was closed before a span opened inside"
        + " it, '" + node.name() + "', which is still open; '" + node.name() + "' is no longer current on thread "
        + threadName + ", so later spans there do not become its children, and it is exported as never ended if"
        + " nobody ends it. Close spans in reverse order (try-with-resources does).");
  }

  /**
   * The export worker's periodic chore: ends the spans of threads that died with them open, and forgets
   * leaked spans that have ended since.
   */
  void housekeeping() {
    for (SdkSpan orphan : Scopes.reapDeadThreads()) {
      orphan.tracing().orphans.endAbandoned(orphan, "its thread " + orphan.threadName() + " ended while the span was open");
    }
    leaked.removeIf(SdkSpan::hasEnded);
  }

  /** At shutdown: ends every span of this SDK still open on any thread, or left open by a task. */
  void endAllOpen() {
    for (SdkSpan open : Scopes.openSpans(tracing)) {
      endAbandoned(open, "still open when the SDK shut down");
    }
    for (SdkSpan open : leaked) {
      endAbandoned(open, "left open by a task on thread " + open.threadName() + ", still open when the SDK shut down");
    }
    leaked.clear();
  }
}
