package dev.agentrace.core.export;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.internal.SdkCounters;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One batch, shared by all channels; settled once every channel has reported on it, or abandoned by shutdown.
 * Settling counts its ended spans exactly once: exported, or dropped under one {@link DropReason}.
 *
 * <p>Memory ordering: the lists are filled by the worker before the batch reaches any channel (through the
 * channel's blocking queue, which orders the hand-off) and are never written after. The outcome ({@code
 * failure}, {@code rejected}, {@code settled}) is guarded by the batch's monitor; {@code remaining} counts the
 * channels still to report, and the one that brings it to zero settles the batch.
 *
 * <p>With tail sampling the batch also carries the spans of kept traces ({@code kept}) for the exporters the
 * decision applies to; those are the spans it counts, and only those exporters' outcomes count. The ended
 * spans in {@code ends} are then a live view for the other exporters, counted when their trace is decided.
 */
final class Batch {
  private final List<SpanData> ends;
  private final List<SpanData> all;
  /** Spans of kept traces, with tail sampling; null without. */
  private final List<SpanData> kept;
  final int endCount;
  private final long bytes;
  private final SdkCounters counters;
  private final ByteBudget budget;
  private final Set<Batch> outstanding;
  private final AtomicInteger remaining;
  private DropReason failure;
  private long rejected;
  private boolean settled;

  /**
   * @param ends the ended spans
   * @param all ended spans and start events in queue order, or null when no exporter takes start events
   * @param kept spans of traces tail sampling kept, or null without tail sampling; when given, they are the
   *     spans the batch counts
   * @param bytes what the counted spans hold of the byte budget, released when the batch is settled
   * @param outstanding where the worker keeps unsettled batches; the batch leaves it when settled
   */
  Batch(List<SpanData> ends, List<SpanData> all, List<SpanData> kept, long bytes, int channels, SdkCounters counters,
      ByteBudget budget, Set<Batch> outstanding) {
    this.ends = ends;
    this.all = all;
    this.kept = kept;
    this.endCount = kept != null ? kept.size() : ends.size();
    this.bytes = bytes;
    this.counters = counters;
    this.budget = budget;
    this.outstanding = outstanding;
    this.remaining = new AtomicInteger(channels);
  }

  /**
   * What an exporter gets: the kept spans if tail sampling decides for it ({@code decided}), else the ended spans, with
   * the start events if it {@code wantsStarts}.
   */
  List<SpanData> spans(boolean wantsStarts, boolean decided) {
    if (decided) {  // never start events or undecided spans; a live-only batch carries no kept list
      return kept == null ? List.of() : kept;
    }
    return wantsStarts ? all : ends;
  }

  /**
   * Whether an exporter's outcome counts for this batch's spans: always without tail sampling; with it, only
   * for the exporters the decision applies to (a live view's failure is an export failure, not a lost span).
   */
  boolean counts(boolean decided) {
    return kept == null || decided;
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

  /**
   * Shutdown's time ran out before every channel reported: the ended spans count as dropped (shutdown_timeout,
   * unless a channel already failed the batch). A batch already settled stays as it was.
   */
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
    budget.release(bytes);
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
