package dev.agentrace.core.export;

import dev.agentrace.core.internal.SdkCounters;
import java.util.List;

/**
 * The exporters' channels as one group, made once by the {@link ExportWorker}: what the group as a whole wants
 * from the worker (start events, the ended-span list, whole live batches) and whether it can take more. Every
 * method but the constructor reads state the channels publish for other threads; the worker is the only caller
 * apart from {@link #all()}, which the pipeline uses for flushes and shutdown.
 */
final class ChannelSet {
  private final ExporterChannel[] channels;
  /** Some exporter gets start events: one that takes them and that tail sampling does not decide for. */
  final boolean wantsStarts;
  /** The ended-span list is needed: always without tail sampling, else for exporters outside its decision. */
  final boolean liveEnds;
  /** Every exporter takes start events and none is tail-sampled: the live path then cuts whole batches. */
  final boolean allLive;

  ChannelSet(List<SpanExporter> exporters, int exporterBacklog, SdkCounters counters, ExportWorker worker,
      TailBuffer tail) {
    channels = new ExporterChannel[exporters.size()];
    boolean starts = false;
    boolean live = tail == null;
    boolean every = !exporters.isEmpty();
    for (int i = 0; i < channels.length; i++) {
      boolean decided = tail != null && tail.decides(exporters.get(i));
      channels[i] = new ExporterChannel(exporters.get(i), exporterBacklog, i, counters, worker, decided);
      // An exporter tail sampling decides for gets kept traces only: no start events, no live ends.
      boolean takesStarts = channels[i].wantsStarts() && !decided;
      starts |= takesStarts;
      live |= !decided && !channels[i].wantsStarts();
      every &= takesStarts;
    }
    wantsStarts = starts;
    liveEnds = live;
    allLive = every;
  }

  ExporterChannel[] all() {
    return channels;
  }

  int size() {
    return channels.length;
  }

  void start() {
    for (ExporterChannel c : channels) {
      c.start();
    }
  }

  void submit(Batch batch) {
    for (ExporterChannel c : channels) {
      c.submit(batch);
    }
  }

  void flush(FlushRequest request) {
    for (ExporterChannel c : channels) {
      c.flush(request);
    }
  }

  /** Whether some exporter that is making progress has no room for another batch (see ExportWorker's back-pressure). */
  boolean mustWait(long now) {
    for (ExporterChannel c : channels) {
      if (c.holdsBack(now)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every exporter that gets start events is idle (all it was given exported, no export call running):
   * only then does the live path cut a batch. While one is busy (a file's fsync, a slow page) spans gather and
   * batches are cut by size as usual, so under a burst they stay large instead of a stream of tiny ones filling
   * the backlog; an idle exporter costs nothing to hand a small batch. It wakes the worker when it goes idle.
   */
  boolean liveCaughtUp() {
    for (ExporterChannel c : channels) {
      if (c.wantsStarts() && !c.decided() && !c.caughtUp()) {
        return false;
      }
    }
    return true;
  }
}
