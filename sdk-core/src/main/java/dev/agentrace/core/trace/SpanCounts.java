package dev.agentrace.core.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Recording spans started and ended, counted per thread so that the span path has no atomic instruction
 * and writes no shared cache line (a LongAdder's uncontended path is a CAS on a shared base). Each thread
 * writes only its own {@link Cell}; {@link #started()} and {@link #ended()} sum the cells, which is as
 * precise as a LongAdder's sum: exact at quiescence, a moment's view otherwise. Cells of threads that died
 * are folded into a base and dropped, so thread churn does not grow the list.
 */
final class SpanCounts {
  private final ThreadLocal<Cell> local = ThreadLocal.withInitial(this::register);
  private final ConcurrentLinkedQueue<Cell> cells = new ConcurrentLinkedQueue<>();
  // Guarded by this.
  private long retiredStarted;
  private long retiredEnded;

  /** This thread's cell. */
  Cell cell() {
    return local.get();
  }

  private Cell register() {
    Cell c = new Cell(Thread.currentThread());
    cells.add(c);
    return c;
  }

  synchronized long started() {
    retireDead();
    long sum = retiredStarted;
    for (Cell c : cells) {
      sum += (long) Cell.STARTED.getOpaque(c);
    }
    return sum;
  }

  synchronized long ended() {
    retireDead();
    long sum = retiredEnded;
    for (Cell c : cells) {
      sum += (long) Cell.ENDED.getOpaque(c);
    }
    return sum;
  }

  /**
   * Folds the cells of dead threads into the base. A thread's termination happens-before another thread
   * sees it not alive, so its last counts are read exactly; it writes no more.
   */
  synchronized void retireDead() {
    for (Iterator<Cell> it = cells.iterator(); it.hasNext(); ) {
      Cell c = it.next();
      Thread t = c.thread.get();
      if (t == null || !t.isAlive()) {
        retiredStarted += (long) Cell.STARTED.getOpaque(c);
        retiredEnded += (long) Cell.ENDED.getOpaque(c);
        it.remove();
      }
    }
  }

  /** One thread's counts. Single writer: plain read of its own value, opaque store (never torn, no fence). */
  static final class Cell {
    static final VarHandle STARTED;
    static final VarHandle ENDED;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        STARTED = l.findVarHandle(Cell.class, "started", long.class);
        ENDED = l.findVarHandle(Cell.class, "ended", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final WeakReference<Thread> thread;
    private long started;
    private long ended;

    Cell(Thread thread) {
      this.thread = new WeakReference<>(thread);
    }

    void started() {
      STARTED.setOpaque(this, started + 1);
    }

    void ended() {
      ENDED.setOpaque(this, ended + 1);
    }
  }
}
