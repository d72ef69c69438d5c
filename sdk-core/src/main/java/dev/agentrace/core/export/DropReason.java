package dev.agentrace.core.export;

import dev.agentrace.core.SdkStats;

/**
 * Why a span that ended was not exported. Every span offered to the pipeline is, in the end, either exported
 * or counted under exactly one of these in {@link SdkStats#droppedByReason()}; nothing is lost uncounted.
 */
public enum DropReason {
  /** The export queue was full: exporters were slower than the agent produced spans. */
  QUEUE_FULL("queue_full"),
  /** Spans with large payloads waiting for export already held the byte budget ({@code maxBufferedBytes}). */
  BUFFER_FULL("buffer_full"),
  /** The span ended after the SDK shut down. */
  AFTER_SHUTDOWN("after_shutdown"),
  /** Shutdown's timeout ran out before the span was exported. */
  SHUTDOWN_TIMEOUT("shutdown_timeout"),
  /** An exporter failed (returned a failure, threw, or returned null) on the span's batch. */
  EXPORT_FAILED("export_failed"),
  /** The backend accepted the batch but rejected the span (an OTLP partial success). */
  EXPORT_REJECTED("export_rejected"),
  /** An exporter's backlog of batches was full (it was stalled). */
  EXPORTER_BACKLOG("exporter_backlog"),
  /**
   * The tail-sampling policy did not keep the span's trace: no keep rule matched and the trace id fell outside
   * its ratio. Live exporters still saw the span (see {@link SpanExporter#tailSampled()}).
   */
  TAIL_SAMPLED("tail_sampled");

  private final String id;

  DropReason(String id) {
    this.id = id;
  }

  /** The reason as a lower-case identifier ({@code queue_full}, ...), as logs and reports print it. */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
