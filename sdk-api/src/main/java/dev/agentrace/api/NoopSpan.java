package dev.agentrace.api;

import java.util.Map;

/**
 * A span that records nothing. {@link #INSTANCE} is what no-op tracers return; SDKs may extend the
 * idea with a context-carrying variant for unsampled spans.
 */
final class NoopSpan implements Span {
  static final NoopSpan INSTANCE = new NoopSpan();

  private NoopSpan() {}

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
    return SpanContext.invalid();
  }

  @Override
  public boolean isRecording() {
    return false;
  }

  @Override
  public void end() {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "NoopSpan";
  }
}
