package dev.agentrace.core.internal;

/**
 * A step the export worker applies to every ended span before exporters see it: the conformance check, risk
 * scanning and redaction, pricing, metrics. Not API: public only because the stages live in the packages of
 * their concerns ({@code core.risk}, {@code core.cost}, {@code core.metrics}); it may change in any release.
 *
 * <p>Runs on the worker thread only, one span at a time and in a fixed order, so implementations need no
 * synchronisation for their own state. A stage sees and amends a span only through {@link WorkerSpan}.
 * Whatever a stage throws (short of a failing JVM) is caught, logged once, and the span exported without
 * that stage's result, or with its payloads withheld if the stage {@linkplain #failClosed() fails closed}.
 */
public interface WorkerStage {
  /** Processes an ended, recording span. */
  void process(WorkerSpan span);

  /** Processes a live start event (for example, redacts its input); most stages ignore starts. */
  default void processStart(WorkerSpan start) {}

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
