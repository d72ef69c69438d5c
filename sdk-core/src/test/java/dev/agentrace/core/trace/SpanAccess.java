package dev.agentrace.core.trace;

import dev.agentrace.api.Span;
import dev.agentrace.core.internal.WorkerSpan;

/** Test access to what the export worker sees of a span, for stage tests in other packages and modules. */
public final class SpanAccess {
  private SpanAccess() {}

  /** The export worker's view of a span an SDK started (the span itself, as the pipeline hands it to stages). */
  public static WorkerSpan worker(Span span) {
    return (WorkerSpan) span;
  }

  /** The live start event the pipeline would hand to stages for {@code span}. */
  public static WorkerSpan startEvent(Span span) {
    return new StartedSpanView((SdkSpan) span);
  }

  /** Ends {@code span} at {@code epochNanos} instead of now. */
  public static void endAt(Span span, long epochNanos) {
    ((SdkSpan) span).endAt(epochNanos);
  }

  /**
   * Sets exactly this JSON text as {@code span}'s recorded input and output, bypassing payload capture: pins
   * what the worker sees, whatever rendering capture would apply.
   */
  public static void recordRaw(Span span, String inputJson, String outputJson) {
    SdkSpan s = (SdkSpan) span;
    s.input = inputJson;
    s.output = outputJson;
  }
}
