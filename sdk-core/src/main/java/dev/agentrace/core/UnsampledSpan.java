package dev.agentrace.core;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanContext;
import java.util.Map;

/**
 * What the caller holds for an unsampled span started with {@code start()}: its frame, the frame's
 * generation when it was issued, and a copy of its ids (so that {@link #context()} stays right after the
 * frame is recycled). Created in {@link SdkSpanBuilder#start()}, which inlines into the caller, and touched
 * only by methods that inline too, so escape analysis removes it unless the caller keeps it.
 */
final class UnsampledSpan implements Span {
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
  public Span output(Object value) {
    return this;
  }

  @Override
  public Span attribute(String key, String value) {
    return this;
  }

  @Override
  public Span attribute(String key, long value) {
    return this;
  }

  @Override
  public Span attribute(String key, double value) {
    return this;
  }

  @Override
  public Span attribute(String key, boolean value) {
    return this;
  }

  @Override
  public <T> Span attribute(AttributeKey<T> key, T value) {
    return this;
  }

  @Override
  public Span event(String name) {
    return this;
  }

  @Override
  public Span event(String name, Map<String, ?> attributes) {
    return this;
  }

  @Override
  public Span usage(long inputTokens, long outputTokens) {
    return this;
  }

  @Override
  public Span usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {
    return this;
  }

  @Override
  public Span cost(double usd) {
    return this;
  }

  @Override
  public Span score(String name, double value) {
    return this;
  }

  @Override
  public Span error(Throwable error) {
    return this;
  }

  @Override
  public Span error(String message) {
    return this;
  }

  @Override
  public Span ok() {
    return this;
  }

  @Override
  public SpanContext context() {
    return SpanContext.of(traceIdHigh, traceIdLow, spanId, false);
  }

  @Override
  public boolean isRecording() {
    return false;
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
