package dev.agentrace.api;

import java.util.Map;

/**
 * One step of an agent run, from {@link SpanBuilder#start()} to {@link #end()}.
 *
 * <p>A span is owned by the code that started it: call its methods from that code (any thread is
 * safe, but concurrent calls on one span are not ordered). Every method returns at once, never throws
 * and never blocks: a bad argument is logged once per kind of mistake and recorded as a safe value,
 * and calls after {@link #end()} are ignored with a warning.
 *
 * <p>With try-with-resources the span cannot see an exception that leaves the block; call
 * {@link #error(Throwable)} in a {@code catch}. The lambda forms {@link SpanBuilder#run} and
 * {@link SpanBuilder#call} record errors, output and status by themselves.
 */
public interface Span extends AutoCloseable {

  /** Records the step's result, captured now as JSON text (later changes to {@code value} are not seen). */
  Span output(Object value);

  /** Sets a string attribute. */
  Span attribute(String key, String value);

  /** Sets a long attribute. */
  Span attribute(String key, long value);

  /** Sets a double attribute. */
  Span attribute(String key, double value);

  /** Sets a boolean attribute. */
  Span attribute(String key, boolean value);

  /** Sets a typed attribute. */
  <T> Span attribute(AttributeKey<T> key, T value);

  /** Records a point-in-time event. */
  Span event(String name);

  /** Records a point-in-time event with attributes (String, Number or Boolean values). */
  Span event(String name, Map<String, ?> attributes);

  /** Records token usage of a model call. */
  Span usage(long inputTokens, long outputTokens);

  /**
   * Records token usage with cached-input and reasoning tokens kept apart. Cached tokens are the part
   * of {@code inputTokens} served from a prompt cache; reasoning tokens are the part of
   * {@code outputTokens} spent on reasoning. Neither is counted twice.
   */
  Span usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens);

  /** Records the step's cost in US dollars; it wins over a cost computed from a price table. */
  Span cost(double usd);

  /** Records a named quality score (for example {@code "relevance"}, 0..1). NaN and infinities are rejected. */
  Span score(String name, double value);

  /** Marks the span failed, recording the exception's type, message and a bounded stack trace. */
  Span error(Throwable error);

  /** Marks the span failed with a message. */
  Span error(String message);

  /** Marks the span successful. */
  Span ok();

  /** This span's identity, to propagate or to parent other spans. */
  SpanContext context();

  /** Whether this span records (false for no-op and unsampled spans). */
  boolean isRecording();

  /** Ends the span: records the end time and hands it to the pipeline. Ending twice is ignored. */
  void end();

  /** Same as {@link #end()}; idempotent; throws nothing. */
  @Override
  void close();
}
