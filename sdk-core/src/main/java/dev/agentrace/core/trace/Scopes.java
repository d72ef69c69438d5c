package dev.agentrace.core.trace;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Open scopes: one static ThreadLocal per thread holding the innermost node opened with {@code start()};
 * each node remembers the node that was innermost when it was entered, which makes the chain a stack that
 * closing unwinds. Nodes are recording spans ({@link SdkSpan}) and unsampled spans' pooled frames
 * ({@link UnsampledFrame}).
 *
 * <p>Repairs: a span closed out of order comes off the chain together with the spans opened inside it that
 * are still open (they are reported, and ended as never ended at shutdown unless their owner ends them), so
 * closing a span never leaves anything it opened current; a span ended on another thread stays in its
 * owner's chain until the owner next reads it, when ended spans are skipped.
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

  /** The innermost open node on this thread (ended spans skipped), or null. */
  static ScopeNode currentOpen() {
    ThreadState s = STATE.get();
    return s == null ? null : s.current();
  }

  /** The innermost of the open scope and the closed (ScopedValue) binding; see docs/architecture.md, "Context". */
  static ScopeNode current() {
    return innermost(currentOpen());
  }

  /** {@link #current()} when the caller already has this thread's state. */
  static ScopeNode current(ThreadState s) {
    return innermost(s.current());
  }

  private static ScopeNode innermost(ScopeNode open) {
    ScopeNode closed = ScopedBinding.current();
    if (closed == null) {
      return open;
    }
    if (open == null) {
      return closed;
    }
    // Scope depth grows by one at every entry, open or closed, so the deeper one was entered last.
    return open.scopeDepth > closed.scopeDepth ? open : closed;
  }

  /**
   * The current node in a form that may outlive this scope and travel to another thread: a pooled frame
   * is recycled once its span ends, so a task gets a detached copy.
   */
  static ScopeNode capture() {
    ScopeNode c = current();
    return c instanceof UnsampledFrame f ? f.detach() : c;
  }

  /** Makes {@code node} this thread's innermost open node. */
  static void push(ScopeNode node) {
    ThreadState s = state();
    node.scopePrev = s.current;
    s.current = node;
  }

  /**
   * Removes {@code node} from this thread's chain if it is there, together with every node above it (opened
   * inside it and still on the chain); returns whether it was there. Closing a span must leave nothing it
   * opened current: otherwise a span leaked inside it becomes the parent of every later span on the thread.
   */
  static boolean pop(ScopeNode node) {
    ThreadState s = STATE.get();
    if (s == null) {
      return false;
    }
    if (s.current == node) {
      s.current = node.scopePrev;
      node.leaveForeign();
      return true;
    }
    ScopeNode n = s.current;
    while (n != null && n != node) {
      n = n.scopePrev;
    }
    if (n == null) {
      return false;
    }
    takeOff(s, s.current, node, node);
    s.current = node.scopePrev;
    node.leaveForeign();
    return true;
  }

  /**
   * A closed scope ({@code run}/{@code call}) bound without the chain (the ScopedValue binding) has
   * returned: whatever its lambda opened with {@code start()} and left on the chain comes off, as when an
   * open scope closes. Nodes opened inside it are the ones deeper than it (depth grows at every entry).
   */
  static void leaveBound(ScopeNode node) {
    ThreadState s = STATE.get();
    if (s == null) {
      return;
    }
    ScopeNode n = s.current;
    if (n == null || n == s.base || n.scopeDepth <= node.scopeDepth) {
      return;
    }
    while (n != null && n != s.base && n.scopeDepth > node.scopeDepth) {
      n = n.scopePrev;
    }
    takeOff(s, s.current, n, node);
    s.current = n;
  }

  /**
   * Takes the nodes from {@code top} down to {@code stop} (exclusive) off the chain as {@code closed}
   * closes: spans still open are reported and remembered so that shutdown ends them as never ended if their
   * owner does not; this thread's unsampled frames go back to the pool; spans already ended on another
   * thread are simply dropped.
   */
  private static void takeOff(ThreadState s, ScopeNode top, ScopeNode stop, ScopeNode closed) {
    for (ScopeNode n = top; n != null && n != stop; n = n.scopePrev) {
      boolean open = !n.hasEnded();
      n.leaveForeign();
      if (n instanceof UnsampledFrame f && f.owner == s) {
        s.recycle(f);
      }
      if (open) {
        n.tracing().orphans.closedAround(closed, n, Thread.currentThread().getName());
      }
    }
  }

  /**
   * Makes {@code node} the context of a task about to run on this thread and returns what to restore.
   * The node is the task's base: it stays current even if it has already ended (a task may outlive the
   * span that submitted it, and must still be its child).
   */
  static Saved swap(ScopeNode node) {
    ThreadState s = state();
    Saved saved = new Saved(s.current, s.base);
    s.current = node;
    s.base = node;
    return saved;
  }

  /**
   * Restores after a task. Whatever the task opened and left open comes off the thread's chain: open
   * spans are reported (they stay open for their owner to end, and shutdown reports them if nobody does)
   * and unsampled frames go back to the pool.
   */
  static void restore(ScopeNode expected, Saved saved) {
    ThreadState s = state();
    for (ScopeNode n = s.current; n != null && n != expected; n = n.scopePrev) {
      boolean open = !n.hasEnded();
      n.leaveForeign();
      if (n instanceof UnsampledFrame f && f.owner == s) {
        s.recycle(f);
      }
      if (open) {
        n.tracing().orphans.scopeLeaked(n, Thread.currentThread().getName());
      }
    }
    s.current = saved.current;
    s.base = saved.base;
  }

  /** What a task's thread had before the task. */
  record Saved(ScopeNode current, ScopeNode base) {}

  /** Open spans of {@code tracing} on every thread (for shutdown), and of dead threads for any SDK. */
  static List<SdkSpan> openSpans(Tracing tracing) {
    List<SdkSpan> out = new ArrayList<>();
    for (ThreadState s : REGISTRY) {
      for (ScopeNode n = s.current; n != null; n = n.scopePrev) {
        if (n instanceof SdkSpan sp && sp.tracing() == tracing && !sp.hasEnded()) {
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
        for (ScopeNode n = s.current; n != null; n = n.scopePrev) {
          if (n instanceof SdkSpan sp && !sp.hasEnded()) {
            orphans.add(sp);
          }
        }
      }
    }
    return orphans;
  }

  /** A thread's scope stack; written by its thread only, read racily by the reaper and at shutdown. */
  static final class ThreadState {
    final WeakReference<Thread> thread;
    private final long threadId;
    ScopeNode current;
    /** The context a wrapped task runs in; never skipped as ended (see {@link #swap}). */
    ScopeNode base;
    /**
     * This thread's unsampled frames, linked through {@link UnsampledFrame#poolNext} for good: one per
     * nesting level ever needed. Taking and returning one flips its {@code inUse} flag, a primitive store,
     * so the pool costs no reference store (and no G1 barrier) per span.
     */
    private UnsampledFrame frames;
    /**
     * The counter cell of the SDK this thread last started a span in, so that a span start needs one
     * ThreadLocal lookup (this state), not two. Holds the small {@link SpanCounts}, not its SDK.
     */
    private SpanCounts countsOf;
    private SpanCounts.Cell countsCell;

    ThreadState(Thread thread) {
      this.thread = new WeakReference<>(thread);
      this.threadId = thread.getId();
    }

    boolean isCurrentThread() {
      // A field compare rather than thread.refersTo(..), whose check showed in profiles of the unsampled
      // path. Thread ids are never reused (getId() is threadId() on 19+, and compiles for release 17).
      return Thread.currentThread().getId() == threadId;
    }

    /** This thread's counter cell in {@code counts}. */
    SpanCounts.Cell cell(SpanCounts counts) {
      if (countsOf != counts) {
        countsCell = counts.cell();
        countsOf = counts;
      }
      return countsCell;
    }

    /** A frame for an unsampled span: a free one from the pool, so steady state allocates none. */
    UnsampledFrame frame() {
      for (UnsampledFrame f = frames; f != null; f = f.poolNext) {
        if (!f.inUse) {
          f.inUse = true;
          return f;
        }
      }
      UnsampledFrame f = new UnsampledFrame(this, frames);
      frames = f;
      f.inUse = true;
      return f;
    }

    /** How many frames this thread's pool holds, free or in use: the deepest nesting seen, unless frames leak. */
    int pooledFrames() {
      int n = 0;
      for (UnsampledFrame f = frames; f != null; f = f.poolNext) {
        n++;
      }
      return n;
    }

    /** Returns an unlinked frame to the pool; handles issued for it no longer match its generation. */
    void recycle(UnsampledFrame f) {
      f.generation++;
      f.inUse = false;
    }

    /** Skips spans that were ended from another thread (lazy repair). */
    ScopeNode current() {
      ScopeNode c = current;
      if (c != null && c != base && c.hasEnded()) {
        while (c != null && c != base && c.hasEnded()) {
          ScopeNode prev = c.scopePrev;
          c.leaveForeign();
          if (c instanceof UnsampledFrame f && f.owner == this) {
            recycle(f);
          }
          c = prev;
        }
        current = c;
      }
      return c;
    }
  }
}
