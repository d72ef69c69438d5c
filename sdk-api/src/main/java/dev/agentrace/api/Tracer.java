package dev.agentrace.api;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Creates spans and carries the current span across threads.
 *
 * <p>Thread-safe. The current span is per thread: the innermost span opened with
 * {@link SpanBuilder#start()} (until closed) or {@link SpanBuilder#run}/{@link SpanBuilder#call} (for the
 * lambda's duration), whichever was entered last.
 */
public interface Tracer {

  /** Starts describing a span named {@code name}; a null or blank name is logged and recorded as {@code "unnamed"}. */
  SpanBuilder span(String name);

  /** The innermost open span on this thread, or a no-op span when there is none. Never null. */
  Span currentSpan();

  /** An executor whose tasks run with the span that was current when each task was submitted. */
  Executor wrap(Executor executor);

  /** An executor service whose tasks run with the span that was current when each task was submitted. */
  ExecutorService wrap(ExecutorService executor);

  /** A runnable that runs with the span current now, on whatever thread runs it. */
  Runnable wrap(Runnable task);

  /** A callable that runs with the span current now, on whatever thread runs it. */
  <T> Callable<T> wrap(Callable<T> task);

  /**
   * Like {@link CompletableFuture#supplyAsync(Supplier, Executor)}, with the current span carried into
   * the task.
   */
  default <T> CompletableFuture<T> supplyAsync(Supplier<T> task, Executor executor) {
    Callable<T> wrapped = wrap(task::get);
    return CompletableFuture.supplyAsync(() -> {
      try {
        return wrapped.call();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, executor);
  }

  /** Like {@link CompletableFuture#runAsync(Runnable, Executor)}, with the current span carried into the task. */
  default CompletableFuture<Void> runAsync(Runnable task, Executor executor) {
    return CompletableFuture.runAsync(wrap(task), executor);
  }
}
