package dev.agentrace.core.export;

import dev.agentrace.core.internal.SdkCounters;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.internal.WorkerStage;
import dev.agentrace.core.sampling.TailSamplingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The export pipeline: a bounded MPSC queue filled by the agent's threads, one daemon worker
 * ({@code agentrace-export}) that applies the worker stages and cuts batches by size or age, and one
 * daemon thread per exporter so that a slow or hung exporter delays only itself.
 *
 * <p>Accounting: every span offered is, in the end, either exported (every exporter accepted it) or
 * counted as dropped with a {@link DropReason}; {@link #shutdown} settles whatever is still outstanding.
 *
 * <p>Not API: public so that {@code AgentraceSdk} can build it; it may change in any release. Thread-safe:
 * any thread may offer, flush and shut down; the worker and channel threads are its own.
 */
public final class ExportPipeline {
  /** Most time slices one offer gives up to a lagging worker (see offerEnd): a bound, not a wait. */
  private static final int MAX_YIELDS = 256;
  /** Most time one offer spends giving up slices, however long each takes on a crowded machine. */
  private static final long MAX_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
  /** After the shutdown timeout, how long the worker gets to count what it still holds before shutdown returns. */
  private static final long ABANDON_GRACE_MILLIS = 1_000;
  /** What a payload becomes when a fail-closed stage (the secret scan) could not check it. */
  public static final String UNSCANNED = "\"[withheld: the risk scan failed on this payload]\"";
  /**
   * Spans with fewer payload characters than this are not weighed: their count limit (the queue and the
   * backlogs) bounds them at a few tens of megabytes, and they spare the offer an atomic add.
   */
  private static final int WEIGHED_PAYLOAD_CHARS = 512;

  private final SdkCounters counters;
  private final SpanQueue queue;
  /** Payload bytes of spans between offer and the end of their batch: see {@link #offerEnd}. */
  private final ByteBudget budget;
  private final ExportWorker worker;
  private final int wakeMask;
  private final int yieldMask;

  /**
   * Starts the worker and one thread per exporter.
   *
   * @param counters where exports and drops are counted
   * @param sdkHousekeeping run on the worker every few seconds; must not throw
   */
  public ExportPipeline(SdkCounters counters, Runnable sdkHousekeeping, List<SpanExporter> exporters,
      List<WorkerStage> stages, int queueCapacity, int batchSize, Duration batchDelay, int exporterBacklog,
      long maxBufferedBytes) {
    this(counters, sdkHousekeeping, exporters, stages, queueCapacity, batchSize, batchDelay, exporterBacklog,
        maxBufferedBytes, null, Set.of());
  }

  /**
   * Starts the worker and one thread per exporter, with tail sampling when {@code tailSampling} is not null.
   *
   * @param liveExporters exporters the policy does not apply to, whatever their {@link SpanExporter#tailSampled()}
   */
  public ExportPipeline(SdkCounters counters, Runnable sdkHousekeeping, List<SpanExporter> exporters,
      List<WorkerStage> stages, int queueCapacity, int batchSize, Duration batchDelay, int exporterBacklog,
      long maxBufferedBytes, TailSamplingPolicy tailSampling, Set<SpanExporter> liveExporters) {
    this.counters = counters;
    this.budget = new ByteBudget(maxBufferedBytes);
    this.queue = new SpanQueue(queueCapacity);
    // Producers wake the worker once per sixteenth of the queue: under load it then drains thousands of
    // spans per wake-up instead of parking after every batch (each park/unpark pair is two context
    // switches, which on a small machine cost more than the spans they move), and fifteen sixteenths of
    // the queue stay free for the time it takes to be scheduled. Light traffic is drained by the worker's
    // own timer (the batch delay).
    this.wakeMask = Integer.highestOneBit(Math.max(1, queue.capacity() / 16)) - 1;
    this.yieldMask = Math.min(255, wakeMask);
    TailBuffer tail = tailSampling == null ? null : new TailBuffer(tailSampling, liveExporters, counters, budget);
    this.worker = new ExportWorker(counters, sdkHousekeeping, queue, budget, exporters, stages, batchSize, batchDelay,
        exporterBacklog, tail);
    worker.start();
  }

  /** Whether any exporter asked for live start events. */
  public boolean wantsStarts() {
    return worker.wantsStarts();
  }

  /** Hands an ended span to the worker; never blocks. */
  public void offerEnd(WorkerSpan span) {
    if (worker.stopping()) {
      counters.dropped(DropReason.AFTER_SHUTDOWN, 1);
      return;
    }
    // The queue and backlogs bound how many spans wait, but not their size: a long outage with 100 KB
    // prompts in every LLM span would hold gigabytes. Spans with sizeable payloads therefore also count
    // against a byte budget (strings at two bytes a character, the most they take), released when their
    // batch has been through every exporter.
    String in = span.input();
    String out = span.output();
    long chars = (in == null ? 0L : in.length()) + (out == null ? 0L : out.length());
    if (chars >= WEIGHED_PAYLOAD_CHARS) {
      // Clamped: maxPayloadChars may be set near Integer.MAX_VALUE, and a span's weight is an int.
      int bytes = (int) Math.min(Integer.MAX_VALUE, 2 * chars);
      if (!budget.tryReserve(bytes)) {
        counters.dropped(DropReason.BUFFER_FULL, 1);
        return;
      }
      // A plain write: the queue offer's release store publishes it to the worker.
      span.bufferedBytes(bytes);
    }
    long at = queue.offer(span);
    if (at < 0) {
      budget.release(span.bufferedBytes());
      // No unpark here: the offers that filled the queue already woke the worker (once per chunk), and an
      // unpark per dropped span would make every drop a syscall just when the machine is short of CPU.
      counters.dropped(DropReason.QUEUE_FULL, 1);
      return;
    }
    if (worker.done()) {
      // This thread passed the stopping check before shutdown began and offered after the worker's last
      // drain: nobody would ever take the span. Count it (and anything else left) rather than lose it.
      worker.dropQueued(DropReason.AFTER_SHUTDOWN, 0);
      return;
    }
    if ((at & wakeMask) == wakeMask) {
      // Once per chunk rather than per span: unpark is a syscall when the worker sleeps.
      worker.wake();
    } else {
      worker.wakeForLive();
    }
    if ((at & yieldMask) == yieldMask && at - queue.consumerIndex() > queue.capacity() / 2) {
      // The worker is falling behind: when runnable threads outnumber cores, it (and the exporter threads)
      // wait for a time slice while producers fill the queue. Past half full, every 256th offer gives up
      // this thread's slice, a bounded number of times, until the worker has brought the queue back under
      // half full. yield returns at once when nothing else waits, and the loop is capped (MAX_YIELDS), so
      // the caller never blocks; with the queue under half full (any real agent's rate) this costs a branch
      // per offer and a read of the consumer's index per 256.
      // Not while the worker waits for an exporter: it has the CPU it needs, and yielding cannot make a
      // stalled exporter faster.
      if (!worker.waitingForRoom()) {
        worker.wake();
        yieldWhileBehind(at);
      }
    }
  }

  /**
   * Gives up this thread's time slice while the worker is more than half a queue behind offer {@code at}:
   * at most {@link #MAX_YIELDS} times and {@link #MAX_YIELD_NANOS} in all, so the caller never blocks.
   * Relying on the scheduler is the point: on a machine with more runnable threads than cores, the worker
   * only catches up when a producer lets it run.
   */
  @SuppressWarnings("ThreadPriorityCheck")
  private void yieldWhileBehind(long at) {
    long start = System.nanoTime();
    for (int i = 0; i < MAX_YIELDS && at - queue.consumerIndex() > queue.capacity() / 2
        && System.nanoTime() - start < MAX_YIELD_NANOS; i++) {
      Thread.yield();
    }
  }

  /** Hands a live start event to the worker; dropped silently (not a span loss) when the queue is full. */
  public void offerStart(WorkerSpan start) {
    if (!worker.stopping() && queue.offer(start) >= 0) {
      worker.wakeForLive();
    }
  }

  /** Waits until every span offered before this call has been through every exporter. */
  public boolean flush(Duration timeout) {
    if (worker.done()) {
      return true;
    }
    FlushRequest request = new FlushRequest(queue.producerIndex(), Math.max(1, worker.channels().length));
    worker.requestFlush(request);
    try {
      return request.done().await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The latest failure of an exporter that failed (of the last one, if several did), as "exporter: reason",
   * or null if none failed: says why spans counted as {@code export_failed} or {@code shutdown_timeout} were
   * not delivered.
   */
  public String lastExportFailure() {
    String last = null;
    for (ExporterChannel c : worker.channels()) {
      String f = c.lastFailure();
      if (f != null) {
        last = Warnings.describe(c.exporter()) + ": " + f;
      }
    }
    return last;
  }

  /** Drains, stops the worker, shuts exporters down; settles anything left as dropped. */
  public boolean shutdown(Duration timeout) {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    boolean flushed = flush(timeout);
    worker.stop();
    boolean clean = flushed;
    try {
      worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (!worker.done()) {
        // Out of time with spans still in the worker's hands: the worker alone can count them exactly (it
        // is the queue's only consumer and holds the batch being built), so it is told to, and given a
        // moment; it runs no user code, so only a starved CPU keeps it longer.
        clean = false;
        worker.abandon();
        worker.join(ABANDON_GRACE_MILLIS);
        if (!worker.done()) {
          Warnings.warn("The Agentrace export worker did not stop within the shutdown timeout; it counts the spans it"
              + " still holds as dropped (shutdown_timeout) when it does, so stats() may still change.");
        }
      }
      for (ExporterChannel c : worker.channels()) {
        c.stop();
      }
      for (ExporterChannel c : worker.channels()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (!c.join(Math.max(1, left))) {
          clean = false;
          Warnings.warn("Exporter {} did not finish within the shutdown timeout{}; its pending spans are counted as dropped"
              + " (shutdown_timeout).", Warnings.describe(c.exporter()), c.describeState());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    }
    if (worker.done()) {
      // The worker has stopped; anything offered since it drained is counted here (it cannot race us now).
      worker.dropQueued(DropReason.SHUTDOWN_TIMEOUT, 0);
    }
    worker.abandonOutstanding();
    return clean;
  }
}
