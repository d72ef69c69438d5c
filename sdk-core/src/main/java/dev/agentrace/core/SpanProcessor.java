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

  /**
   * Called when a span ends, on the thread that ended it. What the agent recorded is final by now; what the
   * export worker adds afterwards is not here yet: no conformance result, risk result or computed cost, and
   * no redaction (the span's payloads are as recorded, secrets included). Read it during the call; an
   * exporter is the place to see the final span.
   */
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
