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
 */
final class Batch {
  private final List<SpanData> ends;
  private final List<SpanData> all;
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
   * @param bytes what the ended spans hold of the byte budget, released when the batch is settled
   * @param outstanding where the worker keeps unsettled batches; the batch leaves it when settled
   */
  Batch(List<SpanData> ends, List<SpanData> all, long bytes, int channels, SdkCounters counters, ByteBudget budget,
      Set<Batch> outstanding) {
    this.ends = ends;
    this.all = all;
    this.endCount = ends.size();
    this.bytes = bytes;
    this.counters = counters;
    this.budget = budget;
    this.outstanding = outstanding;
    this.remaining = new AtomicInteger(channels);
  }

  /** What an exporter gets: with the start events if it {@code wantsStarts}. */
  List<SpanData> spans(boolean wantsStarts) {
    return wantsStarts ? all : ends;
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
