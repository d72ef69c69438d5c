package dev.agentrace.core;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.SpanExporter;
import java.time.Duration;

/**
 * A hook into every recorded span, called synchronously on the thread that starts or ends it.
 *
 * <p>Processors run inside the agent's own call: they must be fast and must not block. Anything heavy
 * belongs in a {@link SpanExporter}, which runs on the export worker. An exception thrown by a processor
 * is caught, logged once and counted; it never reaches the agent or other processors.
 *
 * <p>{@link #onStart} is only called for processors that override it, so a processor that needs no live
 * view costs nothing at span start.
 */
public interface SpanProcessor {

  /** Called when a span starts, with its input already recorded. */
  default void onStart(ReadableSpan span) {}

  /** Called when a span ends. {@code span} is immutable from now on. */
  void onEnd(SpanData span);

  /** Completes pending work; returns whether it finished within {@code timeout}. */
  default boolean flush(Duration timeout) {
    return true;
  }

  /** Flushes and releases resources; returns whether it finished within {@code timeout}. Called once. */
  default boolean shutdown(Duration timeout) {
    return flush(timeout);
  }
}
