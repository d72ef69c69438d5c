package dev.agentrace.core.export;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The export worker, one daemon thread ({@code agentrace-export}) and the queue's only consumer: it runs the
 * worker stages on every span, cuts batches by size or age and hands them to the {@link ExporterChannel}s,
 * holds back while an exporter that is making progress has no room (back-pressure), serves flushes, runs the
 * SDK's housekeeping, and when shutdown's time is up counts what it still holds as dropped.
 *
 * <p>Memory ordering: each field shared with other threads says who writes and who reads it; the fields under
 * "worker-only state" are touched by the worker thread alone.
 */
final class ExportWorker {
  /** How often a worker waiting for room in the exporters' backlogs looks again (channels also wake it). */
  private static final long ROOM_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long HOUSEKEEPING_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** The longest a worker with live exporters sleeps: bounds the delay of a wake-up a producer missed. */
  private static final long LIVE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /**
   * While producers keep the worker busy, the longest live events wait for a live batch of their own. The live
   * path cuts as soon as the worker has caught up with the producers (the queue found empty); under a burst it
   * never does, and cutting after every drain instead filled a file exporter's backlog with tiny fsync'd
   * batches until the queue overflowed (ShutdownReliabilityTest). So under load a live batch is cut at most
   * this often, and the batches in between are cut by size as before the live path.
   */
  private static final long LIVE_MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final SdkCounters counters;
  /** The SDK's periodic chores (orphaned spans, dead threads), run on the worker every few seconds. */
  private final Runnable sdkHousekeeping;
  private final SpanQueue queue;
  private final ByteBudget budget;
  private final StageRunner stages;
  private final ChannelSet channels;
  /** Tail sampling's buffer, null without it: see {@link TailBuffer}. */
  private final TailBuffer tail;
  private final int batchSize;
  private final long batchDelayNanos;
  private final Thread thread;
  /** Flushes waiting for the worker: added by any thread, served and removed by the worker. */
  private final ConcurrentLinkedQueue<FlushRequest> flushes = new ConcurrentLinkedQueue<>();
  /** Batches with ended spans not yet settled: added by the worker, removed by whichever thread settles one. */
  private final Set<Batch> outstanding = ConcurrentHashMap.newKeySet();

  /**
   * Set by shutdown, or by the worker when it fails; read by producers on every offer and by the worker. A
   * producer that reads it unset just as shutdown sets it is caught by {@link #done}.
   */
  private volatile boolean stopping;
  /** Set once by shutdown when its time is up: the worker counts what it still holds as dropped and exits. */
  private volatile boolean abandoned;
  /**
   * Set by the worker as its last act, after its last drain; read by producers after their offer. Volatile
   * accesses are totally ordered: a producer that reads it unset offered before it was set, so shutdown, which
   * empties the queue once it reads it set, finds the span; one that reads it set counts its span itself.
   */
  private volatile boolean done;
  /**
   * Written by the worker only: it is parked until an exporter's backlog has room (see {@link #awaitRoom}).
   * Producers read it to skip yielding, channels to wake the worker; a channel that misses it costs the
   * worker at most one {@link #ROOM_POLL_NANOS}.
   */
  private volatile boolean waitingForRoom;
  /**
   * Written by the worker only, and only when live exporters are connected: set just before it parks with an
   * empty queue, cleared when it wakes. Producers read it after their offer and unpark the worker, so a start
   * reaches a live view in microseconds rather than at the batch delay; one that misses it costs at most {@link
   * #LIVE_PARK_NANOS}.
   */
  private volatile boolean idle;

  // Worker-only state.
  private List<SpanData> ends;
  private List<SpanData> all;
  private long batchBytes;
  private long batchStartedNanos;
  private long lastHousekeeping = System.nanoTime();
  private long droppedReported;
  /** When the oldest live event not yet handed to the live exporters arrived (see LIVE_MAX_WAIT_NANOS). */
  private long liveSinceNanos;

  /** Creates the worker and one channel per exporter; their threads start with {@link #start()}. */
  ExportWorker(SdkCounters counters, Runnable sdkHousekeeping, SpanQueue queue, ByteBudget budget,
      List<SpanExporter> exporters, List<WorkerStage> stages, int batchSize, Duration batchDelay, int exporterBacklog,
      TailBuffer tail) {
    this.counters = counters;
    this.sdkHousekeeping = sdkHousekeeping;
    this.queue = queue;
    this.budget = budget;
    this.stages = new StageRunner(stages);
    this.batchSize = batchSize;
    this.batchDelayNanos = batchDelay.toNanos();
    this.tail = tail;
    this.channels = new ChannelSet(exporters, exporterBacklog, counters, this, tail);
    this.ends = new ArrayList<>(batchSize);
    this.all = channels.wantsStarts ? new ArrayList<>(batchSize) : null;
    this.thread = new Thread(this::work, "agentrace-export");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
    channels.start();
  }

  boolean wantsStarts() {
    return channels.wantsStarts;
  }

  ExporterChannel[] channels() {
    return channels.all();
  }

  boolean stopping() {
    return stopping;
  }

  boolean done() {
    return done;
  }

  boolean waitingForRoom() {
    return waitingForRoom;
  }

  /** Unparks the worker; a syscall when it sleeps, so producers call it once per chunk of the queue. */
  void wake() {
    LockSupport.unpark(thread);
  }

  /** A span was offered: wakes the worker if live exporters are connected and it sleeps (one syscall per sleep). */
  void wakeForLive() {
    if (channels.wantsStarts && idle) {
      LockSupport.unpark(thread);
    }
  }

  /** A channel took a batch up: wakes the worker if it waits for room. */
  void roomFreed() {
    if (waitingForRoom) {
      LockSupport.unpark(thread);
    }
  }

  void requestFlush(FlushRequest request) {
    flushes.add(request);
    LockSupport.unpark(thread);
  }

  /** Tells the worker to drain what is queued, dispatch it and end; offers from now on are dropped. */
  void stop() {
    stopping = true;
    LockSupport.unpark(thread);
  }

  /** Tells the worker to count what it still holds as dropped (shutdown_timeout) and end. */
  void abandon() {
    abandoned = true;
    LockSupport.unpark(thread);
  }

  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  /** Counts every batch still unsettled as dropped; shutdown's last act, once nobody else will settle them. */
  void abandonOutstanding() {
    for (Batch b : outstanding) {
      b.abandon();
    }
  }

  /**
   * Empties the queue, counting its spans and {@code alreadyLost} under {@code reason}. Called by the worker
   * (the queue's consumer) as it abandons, and once the worker is done by shutdown or by a late producer;
   * the lock makes those one consumer at a time.
   */
  synchronized void dropQueued(DropReason reason, long alreadyLost) {
    long lost = alreadyLost;
    for (Object o; (o = queue.poll()) != null; ) {
      if (o instanceof WorkerSpan span && span.ended()) {
        lost++;
        budget.release(span.bufferedBytes());
      }
    }
    if (lost > 0) {
      counters.dropped(reason, lost);
    }
  }

  private boolean batchEmpty() {
    return ends.isEmpty() && (all == null || all.isEmpty()) && (tail == null || tail.keptCount() == 0);
  }

  private void work() {
    try {
      while (true) {
        if (abandoned) {
          abandonRest();
          break;
        }
        boolean hadLive = all != null && !all.isEmpty();
        boolean any = drain();
        serveFlushes();
        long now = System.nanoTime();
        if (!hadLive && all != null && !all.isEmpty()) {
          liveSinceNanos = now;
        }
        if (tail != null) {
          tail.expire(now);
        }
        if (!batchEmpty() && now - batchStartedNanos >= batchDelayNanos) {
          dispatch();
        } else if (all != null && !all.isEmpty() && (!any || now - liveSinceNanos >= LIVE_MAX_WAIT_NANOS)
            && channels.liveCaughtUp()) {
          if (channels.allLive) {
            dispatch();
          } else {
            dispatchLive();
          }
        }
        if (now - lastHousekeeping >= HOUSEKEEPING_NANOS) {
          housekeeping(now);
        }
        if (stopping && queue.size() == 0) {
          drain();
          if (tail != null) {
            tail.decideAll();
          }
          dispatch();
          serveFlushes();
          break;
        }
        if (!any) {
          long wait = batchEmpty() ? batchDelayNanos : Math.max(1, batchDelayNanos - (now - batchStartedNanos));
          if (channels.wantsStarts) {
            idle = true;
            if (queue.size() == 0) {
              LockSupport.parkNanos(this, Math.min(wait, LIVE_PARK_NANOS));
            }
            idle = false;
          } else {
            LockSupport.parkNanos(this, Math.min(wait, HOUSEKEEPING_NANOS));
          }
        }
      }
    } catch (Throwable t) {
      Warnings.error("The Agentrace export worker failed; spans ended from now on are counted as dropped.", t);
      stopping = true;
    } finally {
      done = true;
      for (FlushRequest f; (f = flushes.poll()) != null; ) {
        while (f.done().getCount() > 0) {
          f.done().countDown();
        }
      }
    }
  }

  private boolean drain() {
    boolean any = false;
    long drainStarted = tail == null ? 0 : System.nanoTime();
    for (Object o; !abandoned && (o = queue.poll()) != null; ) {
      any = true;
      if (batchEmpty()) {
        batchStartedNanos = System.nanoTime();
      }
      WorkerSpan span = (WorkerSpan) o;
      if (span.ended()) {
        stages.run(span, false);
        if (tail != null) {
          tail.add(span, drainStarted);
        } else {
          batchBytes += span.bufferedBytes();
        }
        if (channels.liveEnds) {
          ends.add(span);
        }
        if (all != null) {
          all.add(span);
        }
      } else {
        stages.run(span, true);
        all.add(span);
      }
      if (ends.size() >= batchSize || (all != null && all.size() >= batchSize)
          || (tail != null && tail.keptCount() >= batchSize)) {
        dispatch();
      }
    }
    return any;
  }

  private void serveFlushes() {
    if (flushes.isEmpty()) {
      return;
    }
    long consumed = queue.consumerIndex();
    for (FlushRequest f : flushes) {
      if (consumed >= f.target()) {
        dispatch();
        flushes.remove(f);
        if (channels.size() == 0) {
          f.done().countDown();
        }
        channels.flush(f);
      }
    }
  }

  private void dispatch() {
    if (batchEmpty()) {
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
    long bytes = batchBytes + (tail == null ? 0 : tail.keptBudgetBytes());
    List<SpanData> kept = tail == null ? null : tail.takeKept();
    Batch batch = new Batch(endBatch, allBatch, kept, bytes, channels.size(), counters, budget, outstanding);
    batchBytes = 0;
    if (batch.endCount > 0) {
      outstanding.add(batch);
    }
    channels.submit(batch);
    if (channels.size() == 0) {
      batch.settle(null, 0);
    }
  }

  /**
   * The live path when live and batching exporters are mixed: the queue is drained, so the exporters that take
   * start events get what they have not seen yet now, not at the batch delay (a live view must show a step
   * within milliseconds of its start). The batch carries no ended spans for accounting: those stay in {@link
   * #ends} and are settled with the regular batch, which the other exporters still get by size or age; a live
   * exporter then finds nothing new in it. (When every exporter is live, the whole batch is cut instead.)
   */
  private void dispatchLive() {
    awaitRoom();
    if (abandoned) {
      return;
    }
    Batch batch = new Batch(List.of(), all, null, 0, channels.size(), counters, budget, outstanding);
    all = new ArrayList<>(batchSize);
    channels.submit(batch);
  }

  private void housekeeping(long now) {
    lastHousekeeping = now;
    sdkHousekeeping.run();
    long dropped = counters.dropped(DropReason.QUEUE_FULL);
    if (dropped > droppedReported) {
      Warnings.warn("Agentrace dropped {} spans in the last {} s: the export queue (capacity {}) was full. Exporters are"
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
    if (channels.size() == 0 || !channels.mustWait(System.nanoTime())) {
      return;
    }
    waitingForRoom = true;
    try {
      while (!stopping && !abandoned && channels.mustWait(System.nanoTime())) {
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

  /** Shutdown's time is up: every span still in the worker's hands is counted as dropped. */
  private void abandonRest() {
    long lost = 0;
    if (tail != null) {
      lost = tail.abandon();
      ends.clear();
    }
    for (SpanData s : ends) {
      lost++;
      budget.release(((WorkerSpan) s).bufferedBytes());
    }
    ends.clear();
    batchBytes = 0;
    if (all != null) {
      all.clear();
    }
    dropQueued(DropReason.SHUTDOWN_TIMEOUT, lost);
  }
}
