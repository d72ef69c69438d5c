package dev.agentrace.core.trace;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.Span;
import java.util.Map;

/**
 * A span of an unsampled trace: every recording call is a no-op that returns the span, so the subclasses
 * (the shared child span and the pooled unsampled root handle) only say what their context is and what
 * ending them does.
 */
abstract class NonRecordingSpan implements Span {
  @Override
  public final Span output(Object value) {
    return this;
  }

  @Override
  public final Span attribute(String key, String value) {
    return this;
  }

  @Override
  public final Span attribute(String key, long value) {
    return this;
  }

  @Override
  public final Span attribute(String key, double value) {
    return this;
  }

  @Override
  public final Span attribute(String key, boolean value) {
    return this;
  }

  @Override
  public final <T> Span attribute(AttributeKey<T> key, T value) {
    return this;
  }

  @Override
  public final Span event(String name) {
    return this;
  }

  @Override
  public final Span event(String name, Map<String, ?> attributes) {
    return this;
  }

  @Override
  public final Span usage(long inputTokens, long outputTokens) {
    return this;
  }

  @Override
  public final Span usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {
    return this;
  }

  @Override
  public final Span cost(double usd) {
    return this;
  }

  @Override
  public final Span score(String name, double value) {
    return this;
  }

  @Override
  public final Span error(Throwable error) {
    return this;
  }

  @Override
  public final Span error(String message) {
    return this;
  }

  @Override
  public final Span ok() {
    return this;
  }

  @Override
  public final boolean isRecording() {
    return false;
  }
}
