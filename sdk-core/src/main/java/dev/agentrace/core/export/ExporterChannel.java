package dev.agentrace.core.export;

import dev.agentrace.api.internal.Fatal;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.internal.SdkCounters;
import dev.agentrace.core.internal.Warnings;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One exporter, its own daemon thread ({@code agentrace-export-<index>-<exporter class>}) and a bounded backlog
 * of batches, so that a slow or hung exporter delays only itself. Every call into the exporter is isolated: a
 * throw or a null result fails that batch (export_failed) and the thread carries on.
 *
 * <p>Memory ordering: batches, flush requests and the shutdown marker reach the thread through a {@link
 * LinkedBlockingQueue}, whose hand-off orders everything the worker wrote (the batch, the stages' amendments
 * to its spans) before the exporter reads it. {@code pendingBatches} is atomic: the worker increments it as it
 * submits, this thread decrements it as it takes a batch up. {@code busySinceNanos} is volatile: written by
 * this thread around each export call, read by the worker to tell a stalled exporter from a slow one.
 */
final class ExporterChannel {
  private static final Object SHUTDOWN = new Object();
  /** An exporter inside one export call for this long is stalled: nobody waits for it. */
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final SpanExporter exporter;
  private final boolean wantsStarts;
  /** Whether tail sampling decides what this exporter gets (kept traces only); false without tail sampling. */
  private final boolean decided;
  private final LinkedBlockingQueue<Object> backlog = new LinkedBlockingQueue<>();
  private final AtomicInteger pendingBatches = new AtomicInteger();
  /** When the export call in progress started, 0 between calls: see {@link #holdsBack}. */
  private volatile long busySinceNanos;
  private final int maxBatches;
  private final SdkCounters counters;
  private final ExportWorker worker;
  private final Thread thread;
  /** The reason of the latest failed export, null before any: said when shutdown drops spans. */
  private volatile String lastFailure;
  /** Kinds of failure logged so far (see {@link #failureKind}); bounded so a varying reason cannot flood. */
  private final Set<String> failureKinds = ConcurrentHashMap.newKeySet();
  private static final int MAX_FAILURE_KINDS = 16;

  /**
   * Asks the exporter whether it takes start events; the thread starts with {@link #start()}. {@code decided}:
   * tail sampling applies to this exporter, which then gets the spans of kept traces only.
   */
  ExporterChannel(SpanExporter exporter, int maxBatches, int index, SdkCounters counters, ExportWorker worker,
      boolean decided) {
    this.exporter = exporter;
    this.decided = decided;
    boolean starts;
    try {
      starts = exporter.exportsStarts();
    } catch (Throwable e) {
      Fatal.rethrowIfFatal(e);
      starts = false;
    }
    this.wantsStarts = starts;
    this.maxBatches = maxBatches;
    this.counters = counters;
    this.worker = worker;
    this.thread = new Thread(this::loop, "agentrace-export-" + index + "-" + exporter.getClass().getSimpleName());
    thread.setDaemon(true);
  }

  SpanExporter exporter() {
    return exporter;
  }

  /** The reason of the latest failed export, or null if none has failed. */
  String lastFailure() {
    return lastFailure;
  }

  /**
   * Why this exporter had not finished, for the shutdown warning: how long its export call in progress has
   * run, and its latest failure, so that spans dropped at shutdown carry their cause.
   */
  String describeState() {
    StringBuilder sb = new StringBuilder();
    long busySince = busySinceNanos;
    if (busySince != 0) {
      sb.append("it has been inside one export call for ")
          .append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - busySince))
          .append(" ms (an exporter retrying a failing endpoint holds its batch until its retry budget ends)");
    }
    String last = lastFailure;
    if (last != null) {
      sb.append(sb.length() == 0 ? "" : "; ").append("its last export failed: ").append(last);
    }
    return sb.length() == 0 ? "" : " (" + sb + ")";
  }

  /**
   * What kind of failure {@code r} is, for logging the first of each kind: the exception's class, else the
   * first two words of the reason ("HTTP 404", "HTTP 401").
   */
  private static String failureKind(ExportResult r) {
    if (r.error() != null) {
      return r.error().getClass().getName();
    }
    String reason = String.valueOf(r.reason());
    String[] words = reason.split("\\s+", 3);
    return words.length >= 2 ? words[0] + " " + words[1] : reason;
  }

  boolean wantsStarts() {
    return wantsStarts;
  }

  boolean decided() {
    return decided;
  }

  /** Whether this exporter is idle: every batch submitted has been exported and no export call is running. */
  boolean caughtUp() {
    return pendingBatches.get() == 0 && busySinceNanos == 0;
  }

  void start() {
    thread.start();
  }

  /**
   * Whether the worker must hold back: the backlog is full and the exporter is making progress. An exporter
   * inside one export call for over {@link #STALL_NANOS} is not waited for: it must not hold back the others.
   */
  boolean holdsBack(long now) {
    long busySince = busySinceNanos;
    boolean stalled = busySince != 0 && now - busySince > STALL_NANOS;
    return pendingBatches.get() >= maxBatches && !stalled;
  }

  /** Queues a batch, or settles it at once: nothing in it for this exporter, or the backlog is full. Worker only. */
  void submit(Batch batch) {
    List<SpanData> spans = batch.spans(wantsStarts, decided);
    if (spans == null || spans.isEmpty()) {
      batch.settle(null, 0);
      return;
    }
    if (pendingBatches.incrementAndGet() > maxBatches) {
      pendingBatches.decrementAndGet();
      batch.settle(batch.counts(decided) ? DropReason.EXPORTER_BACKLOG : null, 0);
      return;
    }
    backlog.add(batch);
  }

  /** Queues a flush behind the batches already submitted; counts it down once the exporter has flushed. */
  void flush(FlushRequest request) {
    backlog.add(request);
  }

  /** Asks the thread to export what it holds, flush and shut the exporter down, then end. */
  void stop() {
    backlog.add(SHUTDOWN);
  }

  /** Waits up to {@code millis} for the thread to end; whether it has. */
  boolean join(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
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
            f.done().countDown();
          }
        }
        try {
          exporter.flush();
          exporter.shutdown();
        } catch (Throwable e) {
          Fatal.rethrowIfFatal(e);
          Warnings.warn("Exporter {} failed to shut down cleanly.", exporter, e);
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
        f.done().countDown();
      }
    }
  }

  private void exportOne(Batch b) {
    // nanoTime may be 0 or negative; 1 stands in for an exact 0, which would read as idle.
    long start = System.nanoTime();
    busySinceNanos = start == 0 ? 1 : start;
    pendingBatches.decrementAndGet();
    worker.roomFreed();
    List<SpanData> spans = b.spans(wantsStarts, decided);
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
    if (wantsStarts) {
      // The live path may be holding spans back until this exporter is idle (see ExportWorker.liveCaughtUp).
      worker.wakeForLive();
    }
    if (result.isSuccess()) {
      b.settle(null, b.counts(decided) ? result.rejected() : 0);
      if (result.rejected() > 0) {
        Warnings.once("export-rejected-" + exporter.getClass().getName(),
            "Exporter " + Warnings.describe(exporter) + ": the backend rejected " + result.rejected() + " spans: " + result.reason());
      }
    } else {
      counters.exportFailed();
      lastFailure = result.reason();
      String kind = failureKind(result);
      // The first failure of each kind is logged with its cause: a timeout first must not hide a later 404.
      if (failureKinds.size() < MAX_FAILURE_KINDS && failureKinds.add(kind)) {
        Warnings.once("export-failed-" + exporter.getClass().getName() + "-" + kind, "Exporter " + Warnings.describe(exporter)
            + " failed: " + result.reason() + "; its spans are counted as dropped (export_failed).", result.error());
      }
      b.settle(b.counts(decided) ? DropReason.EXPORT_FAILED : null, 0);
    }
  }
}
