package dev.agentrace.core;

/**
 * Worker stage that checks each ended span against the SDK's current {@link ActivitySchema} and writes
 * the outcome to {@link SdkSpan#conformance}; a violating span is counted per type for
 * {@link SdkStats#violationsByType()}. Runs first, so later stages (risk scanning, redaction) cannot
 * change what is checked.
 *
 * <p>The schema is read once per span from a volatile field, so a swap at run time applies from the
 * next span the worker takes; each span is checked against exactly one schema. Worker thread only.
 */
final class ConformanceStage implements SpanStage {
  private final AgentraceSdk sdk;

  ConformanceStage(AgentraceSdk sdk) {
    this.sdk = sdk;
  }

  @Override
  public void process(SdkSpan span) {
    ActivitySchema schema = sdk.activitySchema;
    if (schema == null) {
      return;
    }
    Conformance result = schema.check(span.type(), span.input, span.output);
    span.conformance = result;
    if (result.status() == ConformanceStatus.VIOLATES) {
      sdk.violation(span.type());
    }
  }

  @Override
  public String name() {
    return "conformance";
  }
}
