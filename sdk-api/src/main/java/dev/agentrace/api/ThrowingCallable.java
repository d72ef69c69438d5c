package dev.agentrace.api;

/**
 * A computation that returns a value and may throw {@code E}. Used by {@link SpanBuilder#call} so that
 * a lambda that throws no checked exception needs no try/catch, and a checked exception is rethrown as is.
 *
 * @param <T> the result type
 * @param <E> the exception the computation may throw
 */
@FunctionalInterface
public interface ThrowingCallable<T, E extends Throwable> {
  /** Runs the computation. */
  T call() throws E;
}
