package dev.agentrace.api;

/**
 * Describes a span before it starts; from {@link Tracer#span(String)}. Use it once: call
 * {@link #start()}, {@link #run} or {@link #call} at the end of the chain.
 *
 * <p>Not thread-safe; every method returns at once and never throws (see {@link Span}).
 */
public interface SpanBuilder {

  /** The span's kind; {@code null} is logged and recorded as {@link SpanKind#CUSTOM}. */
  SpanBuilder kind(SpanKind kind);

  /** The activity-schema type (for example {@code "web_search"}); defaults to the kind's lower-case name. */
  SpanBuilder type(String type);

  /** The step's input, captured now as JSON text. */
  SpanBuilder input(Object value);

  /** Sets a string attribute. */
  SpanBuilder attribute(String key, String value);

  /** Sets a long attribute. */
  SpanBuilder attribute(String key, long value);

  /** Sets a double attribute. */
  SpanBuilder attribute(String key, double value);

  /** Sets a boolean attribute. */
  SpanBuilder attribute(String key, boolean value);

  /** Sets a typed attribute. */
  <T> SpanBuilder attribute(AttributeKey<T> key, T value);

  /** The model a {@link SpanKind#LLM} or {@link SpanKind#EMBEDDING} span calls. */
  SpanBuilder model(String model);

  /** An explicit parent instead of the current span; an invalid context starts a new trace. */
  SpanBuilder parent(SpanContext parent);

  /** Makes this span the root of a new trace, ignoring the current span. */
  SpanBuilder noParent();

  /** The conversation or session this run belongs to. */
  SpanBuilder session(String sessionId);

  /** The end user on whose behalf the agent acts. */
  SpanBuilder user(String userId);

  /**
   * Starts the span and makes it the current span of this thread until it is closed. Use with
   * try-with-resources.
   */
  Span start();

  /**
   * Runs {@code step} inside the span, which is current for the duration. The span ends when the step
   * returns; it is marked OK, or ERROR with the exception, which is rethrown as is.
   */
  <E extends Throwable> void run(ThrowingRunnable<E> step) throws E;

  /**
   * Calls {@code step} inside the span, which is current for the duration. The result is recorded as
   * the output (unless the step set one) and returned; the span is marked OK, or ERROR with the
   * exception, which is rethrown as is.
   */
  <T, E extends Throwable> T call(ThrowingCallable<T, E> step) throws E;
}
