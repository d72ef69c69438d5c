package dev.agentrace.core;

/**
 * A step the export worker applies to every ended span before exporters see it (conformance check, risk
 * scan and redaction, metrics). Runs on the worker thread only, one span at a time, so implementations
 * need no synchronisation for their own state; an exception is caught, logged once and counted.
 */
interface SpanStage {
  /** Processes an ended, recording span; may set its worker-side fields. */
  void process(SdkSpan span);

  /** Processes a live start event (for example, redacts its input); most stages ignore starts. */
  default void processStart(StartedSpanView start) {}

  /**
   * Whether a failure of this stage must withhold the span's payloads rather than export them unchecked
   * (true for the secret scan: an unscanned payload may hold a credential).
   */
  default boolean failClosed() {
    return false;
  }

  /** A short name for logs. */
  String name();
}
