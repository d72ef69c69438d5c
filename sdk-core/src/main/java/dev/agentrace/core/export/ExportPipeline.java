package dev.agentrace.core.export;

import dev.agentrace.api.internal.Fatal;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.internal.SdkCounters;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.internal.WorkerStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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
  private static final Object SHUTDOWN = new Object();
  /** Most time slices one offer gives up to a lagging worker (see offerEnd): a bound, not a wait. */
  private static final int MAX_YIELDS = 256;
  /** Most time one offer spends giving up slices, however long each takes on a crowded machine. */
  private static final long MAX_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
  /** How often a worker waiting for room in the exporters' backlogs looks again (channels also wake it). */
  private static final long ROOM_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** An exporter inside one export call for this long is stalled: nobody waits for it. */
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** After the shutdown timeout, how long the worker gets to count what it still holds before shutdown returns. */
  private static final long ABANDON_GRACE_MILLIS = 1_000;
  /** What a payload becomes when a fail-closed stage (the secret scan) could not check it. */
  public static final String UNSCANNED = "\"[withheld: the risk scan failed on this payload]\"";
  private static final long HOUSEKEEPING_NANOS = TimeUnit.SECONDS.toNanos(5);
  /**
   * Spans with fewer payload characters than this are not weighed: their count limit (the queue and the
   * backlogs) bounds them at a few tens of megabytes, and they spare the offer an atomic add.
   */
  private static final int WEIGHED_PAYLOAD_CHARS = 512;

  private final SdkCounters counters;
  /** The SDK's periodic chores (orphaned spans, dead threads), run on the worker every few seconds. */
  private final Runnable sdkHousekeeping;
  private final SpanQueue queue;
  /** An array, not a List: the worker walks it for every span, and an iterator per span is garbage. */
  private final WorkerStage[] stages;
  private final Channel[] channels;
  private final boolean wantsStarts;
  private final int batchSize;
  private final long batchDelayNanos;
  private final int wakeMask;
  private final int yieldMask;
  private final Thread worker;
  private final ConcurrentLinkedQueue<FlushRequest> flushes = new ConcurrentLinkedQueue<>();
  private final Set<Batch> outstanding = ConcurrentHashMap.newKeySet();
  /** Payload bytes of spans between offer and the end of their batch: see {@link #offerEnd}. */
  private final AtomicLong bufferedBytes = new AtomicLong();
  private final long maxBufferedBytes;
  private volatile boolean stopping;
  /** Set when shutdown's time is up: the worker counts what it still holds as dropped and exits. */
  private volatile boolean abandoned;
  private volatile boolean workerDone;
  /** The worker is parked until an exporter's backlog has room (see {@link #awaitRoom}). */
  private volatile boolean waitingForRoom;

  // Worker-only state.
  private List<SpanData> ends;
  private List<SpanData> all;
  private long batchBytes;
  private long batchStartedNanos;
  private long lastHousekeeping = System.nanoTime();
  private long droppedReported;

  /**
   * Starts the worker and one thread per exporter.
   *
   * @param counters where exports and drops are counted
   * @param sdkHousekeeping run on the worker every few seconds; must not throw
   */
  public ExportPipeline(SdkCounters counters, Runnable sdkHousekeeping, List<SpanExporter> exporters,
      List<WorkerStage> stages, int queueCapacity, int batchSize, Duration batchDelay, int exporterBacklog,
      long maxBufferedBytes) {
    this.counters = counters;
    this.sdkHousekeeping = sdkHousekeeping;
    this.maxBufferedBytes = maxBufferedBytes;
    this.queue = new SpanQueue(queueCapacity);
    this.stages = stages.toArray(new WorkerStage[0]);
    this.batchSize = batchSize;
    this.batchDelayNanos = batchDelay.toNanos();
    // Producers wake the worker once per sixteenth of the queue: under load it then drains thousands of
    // spans per wake-up instead of parking after every batch (each park/unpark pair is two context
    // switches, which on a small machine cost more than the spans they move), and fifteen sixteenths of
    // the queue stay free for the time it takes to be scheduled. Light traffic is drained by the worker's
    // own timer (the batch delay).
    this.wakeMask = Integer.highestOneBit(Math.max(1, queue.capacity() / 16)) - 1;
    this.yieldMask = Math.min(255, wakeMask);
    this.channels = new Channel[exporters.size()];
    boolean starts = false;
    for (int i = 0; i < channels.length; i++) {
      channels[i] = new Channel(exporters.get(i), exporterBacklog, i);
      starts |= channels[i].wantsStarts;
    }
    this.wantsStarts = starts;
    this.ends = new ArrayList<>(batchSize);
    this.all = starts ? new ArrayList<>(batchSize) : null;
    this.worker = new Thread(this::work, "agentrace-export");
    worker.setDaemon(true);
    worker.start();
    for (Channel c : channels) {
      c.thread.start();
    }
  }

  /** Whether any exporter asked for live start events. */
  public boolean wantsStarts() {
    return wantsStarts;
  }

  /** Hands an ended span to the worker; never blocks. */
  public void offerEnd(WorkerSpan span) {
    if (stopping) {
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
      if (bufferedBytes.addAndGet(bytes) > maxBufferedBytes) {
        bufferedBytes.addAndGet(-bytes);
        counters.dropped(DropReason.BUFFER_FULL, 1);
        return;
      }
      span.bufferedBytes(bytes);
    }
    long at = queue.offer(span);
    if (at < 0) {
      release(span.bufferedBytes());
      // No unpark here: the offers that filled the queue already woke the worker (once per chunk), and an
      // unpark per dropped span would make every drop a syscall just when the machine is short of CPU.
      counters.dropped(DropReason.QUEUE_FULL, 1);
      return;
    }
    if (workerDone) {
      // This thread passed the stopping check before shutdown began and offered after the worker's last
      // drain: nobody would ever take the span. Count it (and anything else left) rather than lose it.
      dropQueued(DropReason.AFTER_SHUTDOWN, 0);
      return;
    }
    if ((at & wakeMask) == wakeMask) {
      // Once per chunk rather than per span: unpark is a syscall when the worker sleeps.
      LockSupport.unpark(worker);
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
      if (!waitingForRoom) {
        LockSupport.unpark(worker);
        long start = System.nanoTime();
        for (int i = 0; i < MAX_YIELDS && at - queue.consumerIndex() > queue.capacity() / 2
            && System.nanoTime() - start < MAX_YIELD_NANOS; i++) {
          Thread.yield();
        }
      }
    }
  }

  /** Hands a live start event to the worker; dropped silently (not a span loss) when the queue is full. */
  public void offerStart(WorkerSpan start) {
    if (!stopping) {
      queue.offer(start);
    }
  }

  /** Waits until every span offered before this call has been through every exporter. */
  public boolean flush(Duration timeout) {
    if (workerDone) {
      return true;
    }
    FlushRequest request = new FlushRequest(queue.producerIndex(), Math.max(1, channels.length));
    flushes.add(request);
    LockSupport.unpark(worker);
    try {
      return request.done.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Drains, stops the worker, shuts exporters down; settles anything left as dropped. */
  public boolean shutdown(Duration timeout) {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    boolean flushed = flush(timeout);
    stopping = true;
    LockSupport.unpark(worker);
    boolean clean = flushed;
    try {
      worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (!workerDone) {
        // Out of time with spans still in the worker's hands: the worker alone can count them exactly (it
        // is the queue's only consumer and holds the batch being built), so it is told to, and given a
        // moment; it runs no user code, so only a starved CPU keeps it longer.
        clean = false;
        abandoned = true;
        LockSupport.unpark(worker);
        worker.join(ABANDON_GRACE_MILLIS);
        if (!workerDone) {
          Warnings.LOG.warn("The Agentrace export worker did not stop within the shutdown timeout; it counts the spans it"
              + " still holds as dropped (shutdown_timeout) when it does, so stats() may still change.");
        }
      }
      for (Channel c : channels) {
        c.backlog.add(SHUTDOWN);
      }
      for (Channel c : channels) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        c.thread.join(Math.max(1, left));
        if (c.thread.isAlive()) {
          clean = false;
          Warnings.LOG.warn("Exporter {} did not finish within the shutdown timeout; its pending spans are counted as dropped.",
              c.exporter);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    }
    if (workerDone) {
      // The worker has stopped; anything offered since it drained is counted here (it cannot race us now).
      dropQueued(DropReason.SHUTDOWN_TIMEOUT, 0);
    }
    for (Batch b : outstanding) {
      b.abandon();
    }
    return clean;
  }

  // ---------------------------------------------------------------- worker

  private void work() {
    try {
      while (true) {
        if (abandoned) {
          abandonRest();
          break;
        }
        boolean any = drain();
        serveFlushes();
        long now = System.nanoTime();
        if (!ends.isEmpty() || (all != null && !all.isEmpty())) {
          if (now - batchStartedNanos >= batchDelayNanos) {
            dispatch();
          }
        }
        if (now - lastHousekeeping >= HOUSEKEEPING_NANOS) {
          housekeeping(now);
        }
        if (stopping && queue.size() == 0) {
          drain();
          dispatch();
          serveFlushes();
          break;
        }
        if (!any) {
          long wait = ends.isEmpty() && (all == null || all.isEmpty())
              ? batchDelayNanos
              : Math.max(1, batchDelayNanos - (now - batchStartedNanos));
          LockSupport.parkNanos(this, Math.min(wait, HOUSEKEEPING_NANOS));
        }
      }
    } catch (Throwable t) {
      Warnings.LOG.error("The Agentrace export worker failed; spans ended from now on are counted as dropped.", t);
      stopping = true;
    } finally {
      workerDone = true;
      for (FlushRequest f; (f = flushes.poll()) != null; ) {
        while (f.done.getCount() > 0) {
          f.done.countDown();
        }
      }
    }
  }

  private boolean drain() {
    boolean any = false;
    for (Object o; !abandoned && (o = queue.poll()) != null; ) {
      any = true;
      if (ends.isEmpty() && (all == null || all.isEmpty())) {
        batchStartedNanos = System.nanoTime();
      }
      WorkerSpan span = (WorkerSpan) o;
      if (span.ended()) {
        runStages(span, false);
        ends.add(span);
        batchBytes += span.bufferedBytes();
        if (all != null) {
          all.add(span);
        }
      } else {
        runStages(span, true);
        all.add(span);
      }
      if (ends.size() >= batchSize || (all != null && all.size() >= batchSize)) {
        dispatch();
      }
    }
    return any;
  }

  /**
   * Runs every stage on one span, each isolated from the others' failures, then freezes it: from here on
   * it is the SpanData processors and exporters see, and it never changes.
   */
  private void runStages(WorkerSpan span, boolean start) {
    for (WorkerStage stage : stages) {
      try {
        if (start) {
          stage.processStart(span);
        } else {
          stage.process(span);
        }
      } catch (Throwable e) {
        Fatal.rethrowIfFatal(e);
        if (stage.failClosed()) {
          if (span.input() != null) {
            span.replaceInput(UNSCANNED);
          }
          if (span.output() != null) {
            span.replaceOutput(UNSCANNED);
          }
        }
        Warnings.once("stage-" + (start ? "start-" : "") + stage.name(), "Agentrace worker stage '" + stage.name()
            + "' failed on " + (start ? "the start event of" : "") + " span '" + span.name()
            + "'; the span is exported without it" + (stage.failClosed() ? ", payloads withheld." : "."), e);
      }
    }
    span.freeze();
  }

  private void serveFlushes() {
    if (flushes.isEmpty()) {
      return;
    }
    long consumed = queue.consumerIndex();
    for (FlushRequest f : flushes) {
      if (consumed >= f.target) {
        dispatch();
        flushes.remove(f);
        if (channels.length == 0) {
          f.done.countDown();
        }
        for (Channel c : channels) {
          c.backlog.add(f);
        }
      }
    }
  }

  private void dispatch() {
    if (ends.isEmpty() && (all == null || all.isEmpty())) {
      return;
    }
    awaitRoom();
    if (abandoned) {
      return;
    }
    List<SpanData> endBatch = ends;
    List<SpanData> allBatch = all;
    ends = new ArrayList<>(batchSize);
    all = allBatch == null ? null : new ArrayList<>(batchSize);
    Batch batch = new Batch(endBatch, allBatch, endBatch.size(), batchBytes, channels.length);
    batchBytes = 0;
    if (batch.endCount > 0) {
      outstanding.add(batch);
    }
    for (Channel c : channels) {
      c.submit(batch);
    }
    if (channels.length == 0) {
      batch.settle(null, 0);
    }
  }

  private void housekeeping(long now) {
    lastHousekeeping = now;
    sdkHousekeeping.run();
    long dropped = counters.dropped(DropReason.QUEUE_FULL);
    if (dropped > droppedReported) {
      Warnings.LOG.warn("Agentrace dropped {} spans in the last {} s: the export queue (capacity {}) was full. Exporters are"
              + " slower than the agent produces spans; raise queueCapacity or add an exporter with more throughput.",
          dropped - droppedReported, TimeUnit.NANOSECONDS.toSeconds(HOUSEKEEPING_NANOS), queue.capacity());
      droppedReported = dropped;
    }
  }

  /**
   * Back-pressure: while an exporter that is making progress has no room for another batch, the worker
   * stops taking spans, so they wait in the queue (and, once it is full, are dropped there, where producers
   * see it) rather than being drained only to be dropped at that exporter's backlog. An exporter that has
   * been inside one export call for over a second (hung, or retrying through an outage) is not waited for:
   * it must not hold back the others, and drops at its own backlog only. Not while stopping: shutdown's
   * time is bounded.
   */
  private void awaitRoom() {
    if (channels.length == 0 || !mustWait()) {
      return;
    }
    waitingForRoom = true;
    try {
      while (!stopping && !abandoned && mustWait()) {
        LockSupport.parkNanos(this, ROOM_POLL_NANOS);
        long now = System.nanoTime();
        if (now - lastHousekeeping >= HOUSEKEEPING_NANOS) {
          housekeeping(now);
        }
      }
    } finally {
      waitingForRoom = false;
    }
  }

  private boolean mustWait() {
    long now = System.nanoTime();
    for (Channel c : channels) {
      long busySince = c.busySinceNanos;
      boolean stalled = busySince != 0 && now - busySince > STALL_NANOS;
      if (c.pendingBatches.get() >= c.maxBatches && !stalled) {
        return true;
      }
    }
    return false;
  }

  /** Shutdown's time is up: every span still in the worker's hands is counted as dropped. */
  private void abandonRest() {
    long lost = 0;
    for (SpanData s : ends) {
      lost++;
      release(((WorkerSpan) s).bufferedBytes());
    }
    ends.clear();
    batchBytes = 0;
    if (all != null) {
      all.clear();
    }
    dropQueued(DropReason.SHUTDOWN_TIMEOUT, lost);
  }

  /**
   * Empties the queue, counting its spans and {@code alreadyLost} under {@code reason}. Called by the worker
   * (the queue's consumer) as it abandons, and once the worker is done by shutdown or by a late producer;
   * the lock makes those one consumer at a time.
   */
  private synchronized void dropQueued(DropReason reason, long alreadyLost) {
    long lost = alreadyLost;
    for (Object o; (o = queue.poll()) != null; ) {
      if (o instanceof WorkerSpan span && span.ended()) {
        lost++;
        release(span.bufferedBytes());
      }
    }
    if (lost > 0) {
      counters.dropped(reason, lost);
    }
  }

  private void release(long bytes) {
    if (bytes != 0) {
      bufferedBytes.addAndGet(-bytes);
    }
  }

  // ---------------------------------------------------------------- batches and channels

  /** One batch, shared by all channels; settled once every channel has reported on it. */
  private final class Batch {
    final List<SpanData> ends;
    final List<SpanData> all;
    final int endCount;
    final long bytes;
    private final AtomicInteger remaining;
    private DropReason failure;
    private long rejected;
    private boolean settled;

    Batch(List<SpanData> ends, List<SpanData> all, int endCount, long bytes, int channels) {
      this.ends = ends;
      this.all = all;
      this.endCount = endCount;
      this.bytes = bytes;
      this.remaining = new AtomicInteger(channels);
    }

    /** One channel's outcome: {@code failureReason} null for success. */
    void settle(DropReason failureReason, long rejectedByChannel) {
      synchronized (this) {
        if (failureReason != null && failure == null) {
          failure = failureReason;
        }
        rejected = Math.max(rejected, rejectedByChannel);
      }
      if (remaining.decrementAndGet() <= 0) {
        complete();
      }
    }

    void abandon() {
      synchronized (this) {
        if (failure == null) {
          failure = DropReason.SHUTDOWN_TIMEOUT;
        }
      }
      complete();
    }

    private void complete() {
      synchronized (this) {
        if (settled) {
          return;
        }
        settled = true;
      }
      outstanding.remove(this);
      release(bytes);
      if (endCount == 0) {
        return;
      }
      if (failure != null) {
        counters.dropped(failure, endCount);
      } else {
        long r = Math.min(rejected, endCount);
        counters.exported(endCount - r);
        if (r > 0) {
          counters.dropped(DropReason.EXPORT_REJECTED, r);
        }
      }
    }
  }

  private record FlushRequest(long target, CountDownLatch done) {
    FlushRequest(long target, int parties) {
      this(target, new CountDownLatch(parties));
    }
  }

  /** One exporter, its own thread and a bounded backlog of batches. */
  private final class Channel {
    final SpanExporter exporter;
    final boolean wantsStarts;
    final LinkedBlockingQueue<Object> backlog = new LinkedBlockingQueue<>();
    final AtomicInteger pendingBatches = new AtomicInteger();
    /** When the export call in progress started, 0 between calls: see {@link #awaitRoom}. */
    volatile long busySinceNanos;
    final int maxBatches;
    final Thread thread;

    Channel(SpanExporter exporter, int maxBatches, int index) {
      this.exporter = exporter;
      boolean starts;
      try {
        starts = exporter.exportsStarts();
      } catch (Throwable e) {
        Fatal.rethrowIfFatal(e);
        starts = false;
      }
      this.wantsStarts = starts;
      this.maxBatches = maxBatches;
      this.thread = new Thread(this::loop, "agentrace-export-" + index + "-" + exporter.getClass().getSimpleName());
      thread.setDaemon(true);
    }

    void submit(Batch batch) {
      List<SpanData> spans = wantsStarts ? batch.all : batch.ends;
      if (spans == null || spans.isEmpty()) {
        batch.settle(null, 0);
        return;
      }
      if (pendingBatches.incrementAndGet() > maxBatches) {
        pendingBatches.decrementAndGet();
        batch.settle(DropReason.EXPORTER_BACKLOG, 0);
        return;
      }
      backlog.add(batch);
    }

    private void loop() {
      while (true) {
        Object item;
        try {
          item = backlog.take();
        } catch (InterruptedException e) {
          return;
        }
        if (item == SHUTDOWN) {
          for (Object o; (o = backlog.poll()) != null; ) {
            if (o instanceof Batch b) {
              exportOne(b);
            } else if (o instanceof FlushRequest f) {
              f.done.countDown();
            }
          }
          try {
            exporter.flush();
            exporter.shutdown();
          } catch (Throwable e) {
            Fatal.rethrowIfFatal(e);
            Warnings.LOG.warn("Exporter {} failed to shut down cleanly.", exporter, e);
          }
          return;
        }
        if (item instanceof Batch b) {
          exportOne(b);
        } else if (item instanceof FlushRequest f) {
          try {
            exporter.flush();
          } catch (Throwable e) {
            Fatal.rethrowIfFatal(e);
            Warnings.once("exporter-flush-" + exporter.getClass().getName(), "Exporter " + Warnings.describe(exporter) + " failed to flush.", e);
          }
          f.done.countDown();
        }
      }
    }

    private void exportOne(Batch b) {
      // nanoTime may be 0 or negative; 1 stands in for an exact 0, which would read as idle.
      long start = System.nanoTime();
      busySinceNanos = start == 0 ? 1 : start;
      pendingBatches.decrementAndGet();
      if (waitingForRoom) {
        LockSupport.unpark(worker);
      }
      List<SpanData> spans = wantsStarts ? b.all : b.ends;
      ExportResult result;
      try {
        result = exporter.export(spans);
        if (result == null) {
          result = ExportResult.failure("exporter returned null");
        }
      } catch (Throwable e) {
        Fatal.rethrowIfFatal(e);
        result = ExportResult.failure("exporter threw " + Warnings.describe(e), e);
      }
      busySinceNanos = 0;
      if (result.isSuccess()) {
        b.settle(null, result.rejected());
        if (result.rejected() > 0) {
          Warnings.once("export-rejected-" + exporter.getClass().getName(),
              "Exporter " + Warnings.describe(exporter) + ": the backend rejected " + result.rejected() + " spans: " + result.reason());
        }
      } else {
        counters.exportFailed();
        Warnings.once("export-failed-" + exporter.getClass().getName(), "Exporter " + Warnings.describe(exporter) + " failed: " + result.reason()
            + "; its spans are counted as dropped (export_failed).", result.error());
        b.settle(DropReason.EXPORT_FAILED, 0);
      }
    }
  }
}
