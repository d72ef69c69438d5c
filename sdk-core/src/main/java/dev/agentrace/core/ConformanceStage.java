package dev.agentrace.core;

import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.ConformanceStatus;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.internal.WorkerStage;

/**
 * Worker stage that checks each ended span with the SDK's current {@link ConformanceChecker} (an activity
 * schema) and records the outcome on the span; a violating span is counted per type for
 * {@link SdkStats#violationsByType()}. Runs first, so later stages (risk scanning, redaction) cannot change
 * what is checked.
 *
 * <p>The checker is read once per span from a volatile field, so a swap at run time applies from the next
 * span the worker takes; each span is checked by exactly one checker. Worker thread only.
 */
final class ConformanceStage implements WorkerStage {
  private final AgentraceSdk sdk;

  ConformanceStage(AgentraceSdk sdk) {
    this.sdk = sdk;
  }

  @Override
  public void process(WorkerSpan span) {
    ConformanceChecker checker = sdk.activitySchema;
    if (checker == null) {
      return;
    }
    Conformance result = checker.check(span.type(), span.input(), span.output());
    if (result == null) {
      throw new IllegalStateException("conformance checker " + checker.getClass().getName() + " returned null");
    }
    span.recordConformance(result);
    if (result.status() == ConformanceStatus.VIOLATES) {
      sdk.counters.violation(span.type());
    }
  }

  @Override
  public String name() {
    return "conformance";
  }
}
