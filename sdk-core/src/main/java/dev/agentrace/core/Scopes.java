package dev.agentrace.core;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Open scopes: one static ThreadLocal per thread holding the innermost span opened with
 * {@code start()}; each span remembers the span that was innermost when it was entered, which makes the
 * chain a stack that closing unwinds.
 *
 * <p>Repairs: a span closed out of order is unlinked from the chain (inner spans stay current); a span
 * ended on another thread stays in its owner's chain until the owner next reads it, when ended spans are
 * skipped. Both are logged once.
 *
 * <p>Every thread state is registered so that spans left open on a thread that died, or open at
 * shutdown, can be found and reported as never ended rather than lost.
 */
final class Scopes {
  private static final ThreadLocal<ThreadState> STATE = new ThreadLocal<>();
  private static final ConcurrentLinkedQueue<ThreadState> REGISTRY = new ConcurrentLinkedQueue<>();

  private Scopes() {}

  /** This thread's state, created and registered on first use. */
  static ThreadState state() {
    ThreadState s = STATE.get();
    if (s == null) {
      s = new ThreadState(Thread.currentThread());
      STATE.set(s);
      REGISTRY.add(s);
    }
    return s;
  }

  /** The innermost open span on this thread (ended spans skipped), or null. */
  static SdkSpan currentOpen() {
    ThreadState s = STATE.get();
    return s == null ? null : s.current();
  }

  /** The innermost of the open scope and the closed (ScopedValue) binding; see DESIGN "Context propagation". */
  static SdkSpan current() {
    SdkSpan open = currentOpen();
    SdkSpan closed = ScopedBinding.current();
    if (closed == null) {
      return open;
    }
    if (open == null) {
      return closed;
    }
    // Scope depth grows by one at every entry, open or closed, so the deeper one was entered last.
    return open.scopeDepth > closed.scopeDepth ? open : closed;
  }

  /** Makes {@code span} this thread's innermost open span. */
  static void push(SdkSpan span) {
    ThreadState s = state();
    span.scopePrev = s.current;
    s.current = span;
  }

  /** Removes {@code span} from this thread's chain if it is there. */
  static void pop(SdkSpan span) {
    ThreadState s = STATE.get();
    if (s == null) {
      return;
    }
    if (s.current == span) {
      s.current = span.scopePrev;
      return;
    }
    // Out of order: unlink it so inner spans keep working and the chain stays a stack.
    SdkSpan child = s.current;
    while (child != null && child.scopePrev != span) {
      child = child.scopePrev;
    }
    if (child != null) {
      child.scopePrev = span.scopePrev;
      Warn.once("close-out-of-order", "Span '" + span.name() + "' was closed before a span opened inside it;"
          + " the thread's current span was repaired. Close spans in reverse order (try-with-resources does).");
      span.sdk().countInstrumentationError();
    }
  }

  /**
   * Makes {@code span} the context of a task about to run on this thread and returns what to restore.
   * The span is the task's base: it stays current even if it has already ended (a task may outlive the
   * span that submitted it, and must still be its child).
   */
  static Saved swap(SdkSpan span) {
    ThreadState s = state();
    Saved saved = new Saved(s.current, s.base);
    s.current = span;
    s.base = span;
    return saved;
  }

  /** Restores after a task; reports a scope the task opened and never closed. */
  static void restore(SdkSpan expected, Saved saved) {
    ThreadState s = state();
    SdkSpan now = s.current();
    if (now != expected && now != null) {
      Warn.once("scope-leak", "A task left span '" + now.name() + "' open on thread " + Thread.currentThread().getName()
          + "; the thread's context was reset so the next task does not inherit it.");
      now.sdk().countInstrumentationError();
    }
    s.current = saved.current;
    s.base = saved.base;
  }

  /** What a task's thread had before the task. */
  record Saved(SdkSpan current, SdkSpan base) {}

  /** Open spans of {@code sdk} on every thread (for shutdown), and of dead threads for any SDK. */
  static List<SdkSpan> openSpans(AgentraceSdk sdk) {
    List<SdkSpan> out = new ArrayList<>();
    for (ThreadState s : REGISTRY) {
      for (SdkSpan sp = s.current; sp != null; sp = sp.scopePrev) {
        if (sp.sdk() == sdk && !sp.hasEnded()) {
          out.add(sp);
        }
      }
    }
    return out;
  }

  /**
   * Forgets states of threads that died, returning their spans that were never ended; spans
   * belonging to an SDK are its to report.
   */
  static List<SdkSpan> reapDeadThreads() {
    List<SdkSpan> orphans = new ArrayList<>();
    for (Iterator<ThreadState> it = REGISTRY.iterator(); it.hasNext(); ) {
      ThreadState s = it.next();
      Thread t = s.thread.get();
      if (t == null || !t.isAlive()) {
        it.remove();
        for (SdkSpan sp = s.current; sp != null; sp = sp.scopePrev) {
          if (!sp.hasEnded()) {
            orphans.add(sp);
          }
        }
      }
    }
    return orphans;
  }

  /** A thread's scope stack; written by its thread only, read racily by the reaper. */
  static final class ThreadState {
    final WeakReference<Thread> thread;
    SdkSpan current;
    /** The context a wrapped task runs in; never skipped as ended (see {@link #swap}). */
    SdkSpan base;

    ThreadState(Thread thread) {
      this.thread = new WeakReference<>(thread);
    }

    /** Skips spans that were ended from another thread (lazy repair). */
    SdkSpan current() {
      SdkSpan c = current;
      if (c != null && c != base && c.hasEnded()) {
        while (c != null && c != base && c.hasEnded()) {
          c = c.scopePrev;
        }
        current = c;
      }
      return c;
    }
  }
}
