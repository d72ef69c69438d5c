package dev.agentrace.core.export;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.SpanData;
import java.util.List;

/**
 * Sends batches of ended spans somewhere. Handed to {@link AgentraceSdk.Builder#exporter}, an exporter is
 * driven by the SDK's batching pipeline: {@link #export} is called from one dedicated thread per
 * exporter, never concurrently, never from the agent's threads.
 *
 * <p>An exporter that throws is treated as a failed export; one that hangs delays only itself (its own
 * backlog fills and its batches are dropped and counted), never the agent or other exporters.
 */
@FunctionalInterface
public interface SpanExporter {

  /**
   * Exports a batch. The spans are final (the worker's stages have run) and may be kept after the call; the
   * list may not: the pipeline does not reuse it, but an exporter should copy what it keeps.
   */
  ExportResult export(List<SpanData> batch);

  /**
   * Whether this exporter also wants live start events: spans with {@code ended() == false}, delivered in
   * order with the ended spans, so a view can show a step the moment it starts. Such an exporter is on the
   * live path: it gets starts and ends as soon as the worker has caught up with the producers (at most every
   * 5 ms while they keep it busy) and the exporter is idle, not at the batch delay, so its batches are small
   * and frequent when traffic is light and full-size under a burst. Exporters that do not take starts still get batches by size or
   * age. When every exporter is live, ended spans are counted exported or dropped as usual; when live and
   * batching exporters are mixed, the batching ones decide that, and a live exporter's failure is counted
   * ({@code exportFailed}) without making the spans it failed on dropped.
   */
  default boolean exportsStarts() {
    return false;
  }

  /**
   * Whether a tail-sampling policy ({@code AgentraceSdk.Builder.tailSampling}) applies to this exporter: true
   * (the default) for an exporter that keeps a record (a backend, a file, a log), which then receives only the
   * traces the policy keeps, once they are decided, and no start events; false for a view of spans as they
   * happen (the console), which receives every span and start event as without tail sampling. {@code
   * AgentraceSdk.Builder.liveExporter} overrides it to false for one exporter. Asked once, at build time.
   */
  default boolean tailSampled() {
    return true;
  }

  /** Flushes anything the exporter buffers itself. */
  default void flush() {}

  /** Releases resources; no export follows. */
  default void shutdown() {}
}
