package dev.agentrace.core.trace;

import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.internal.WorkerSpan;
import java.util.List;
import java.util.Map;

/**
 * A live start event: the fields a span had when it started, and nothing that may change after. Created
 * on the caller's thread only when an exporter asked for start events. Its input and attributes are copies,
 * so the worker's stages may redact them ({@link WorkerSpan}) without touching the span, which its owner
 * may still be writing.
 */
final class StartedSpanView implements WorkerSpan {
  private final SdkSpan span;
  /** A copy taken at start. */
  private final Attrs attributes;
  /** Copied at start. */
  private String input;
  private boolean frozen;

  StartedSpanView(SdkSpan span) {
    this.span = span;
    this.input = span.input;
    Attrs a = span.attrsOrNull();
    this.attributes = a == null ? null : a.copy();
  }

  @Override public String traceId() { return span.traceId(); }
  @Override public String spanId() { return span.spanId(); }
  @Override public String parentSpanId() { return span.parentSpanId(); }
  @Override public SpanContext spanContext() { return span.spanContext(); }
  @Override public long parentSpanIdLong() { return span.parentSpanIdLong(); }
  @Override public String name() { return span.name(); }
  @Override public SpanKind kind() { return span.kind(); }
  @Override public String type() { return span.type(); }
  @Override public String agent() { return span.agent(); }
  @Override public String version() { return span.version(); }
  @Override public String environment() { return span.environment(); }
  @Override public String sessionId() { return span.sessionId(); }
  @Override public String userId() { return span.userId(); }
  @Override public String model() { return span.model(); }
  @Override public long startEpochNanos() { return span.startEpochNanos(); }
  @Override public long endEpochNanos() { return 0; }
  @Override public long durationNanos() { return 0; }
  @Override public boolean ended() { return false; }
  @Override public SpanStatus status() { return SpanStatus.UNSET; }
  @Override public String statusMessage() { return null; }
  @Override public String input() { return input; }
  @Override public String output() { return null; }
  @Override public Map<String, Object> attributes() { return attributes == null ? Map.of() : attributes; }
  @Override public List<SpanEvent> events() { return List.of(); }
  @Override public TokenUsage usage() { return null; }
  @Override public Double cost() { return null; }
  @Override public Map<String, Double> scores() { return Map.of(); }
  @Override public Conformance conformance() { return Conformance.notChecked("span in flight"); }
  @Override public RiskResult risk() { return RiskResult.none(); }
  @Override public String threadName() { return span.threadName(); }

  // ---------------------------------------------------------------- WorkerSpan: only what a start has

  @Override public long traceIdHigh() { return span.traceIdHigh; }
  @Override public long traceIdLow() { return span.traceIdLow; }
  @Override public Double explicitCost() { return null; }
  @Override public RiskResult recordedRisk() { return null; }
  @Override public int attributeCount() { return attributes == null ? 0 : attributes.size(); }
  @Override public String attributeKey(int index) { return attributes.keyAt(index); }
  @Override public Object attributeValue(int index) { return attributes.valueAt(index); }
  @Override public int bufferedBytes() { return 0; }
  @Override public void bufferedBytes(int bytes) {}
  @Override public void freeze() { frozen = true; }

  private void amendable() {
    if (frozen) {
      throw new IllegalStateException("The start event of span '" + span.name() + "' cannot be amended: exporters already have it");
    }
  }

  @Override
  public void replaceAttributeValue(int index, Object value) {
    amendable();
    attributes.setValueAt(index, value);
  }

  @Override
  public void replaceInput(String json) {
    amendable();
    input = json;
  }

  /** A start event has no output, events, status, results or cost: the worker has nothing to amend there. */
  private static UnsupportedOperationException notOnStart(String what) {
    return new UnsupportedOperationException(what + " is not part of a start event");
  }

  @Override public void putWorkerAttribute(String key, Object value) { throw notOnStart("a worker attribute"); }
  @Override public void replaceOutput(String json) { throw notOnStart("output"); }
  @Override public void replaceEvent(int index, SpanEvent event) { throw notOnStart("an event"); }
  @Override public void replaceStatusMessage(String message) { throw notOnStart("a status message"); }
  @Override public void recordConformance(Conformance result) { throw notOnStart("conformance"); }
  @Override public void recordRisk(RiskResult result) { throw notOnStart("a risk result"); }
  @Override public void recordComputedCost(double usd) { throw notOnStart("a cost"); }

  @Override
  public String toString() {
    return "Started{" + span.name() + ", span=" + span.spanId() + "}";
  }
}
