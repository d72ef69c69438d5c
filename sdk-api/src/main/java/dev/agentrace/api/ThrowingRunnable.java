package dev.agentrace.api;

/**
 * A step with no result that may throw {@code E}; see {@link SpanBuilder#run}.
 *
 * @param <E> the exception the step may throw
 */
@FunctionalInterface
public interface ThrowingRunnable<E extends Throwable> {
  /** Runs the step. */
  void run() throws E;
}
