package dev.agentrace.core.trace;

import dev.agentrace.api.SpanContext;

/**
 * What the caller holds for an unsampled span started with {@code start()}: its frame, the frame's
 * generation when it was issued, and a copy of its ids (so that {@link #context()} stays right after the
 * frame is recycled). Created in {@link SdkSpanBuilder#start()}, which inlines into the caller, and touched
 * only by methods that inline too, so escape analysis removes it unless the caller keeps it.
 */
final class UnsampledSpan extends NonRecordingSpan {
  private final UnsampledFrame frame;
  private final int generation;
  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;

  UnsampledSpan(UnsampledFrame frame) {
    this.frame = frame;
    this.generation = frame.generation;
    this.traceIdHigh = frame.traceIdHigh;
    this.traceIdLow = frame.traceIdLow;
    this.spanId = frame.spanId;
  }

  @Override
  public SpanContext context() {
    return SpanContext.of(traceIdHigh, traceIdLow, spanId, false);
  }

  @Override
  public void end() {
    frame.end(generation);
  }

  @Override
  public void close() {
    end();
  }

  @Override
  public String toString() {
    return "UnsampledSpan{" + context() + "}";
  }
}
