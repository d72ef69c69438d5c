package dev.agentrace.core;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanContext;
import java.util.Map;

/**
 * What a span inside an unsampled trace becomes: one shared object per SDK, so it allocates nothing and
 * touches no scope. Its context is the enclosing span's, which carries the same trace id and the
 * not-sampled flag to anything it propagates to.
 */
final class UnsampledChildSpan implements Span {
  static final UnsampledChildSpan INSTANCE = new UnsampledChildSpan();

  private UnsampledChildSpan() {}

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
    ScopeNode current = Scopes.current();
    return current == null ? SpanContext.invalid() : current.context();
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
    return "UnsampledSpan";
  }
}
