package dev.agentrace.api;

/**
 * The outcome of a span. A span starts {@link #UNSET}; {@link Span#ok()} and {@link Span#error(Throwable)}
 * set it explicitly, and {@link SpanBuilder#run}/{@link SpanBuilder#call} set it by themselves.
 */
public enum SpanStatus {
  /** No outcome recorded: the span ended without an explicit status. */
  UNSET,
  /** The step succeeded. */
  OK,
  /** The step failed; the status message says why. */
  ERROR
}
