package dev.agentrace.core;

import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import java.util.List;
import java.util.Map;

/**
 * A live start event: the fields a span had when it started, and nothing that may change after. Created
 * on the caller's thread only when an exporter asked for start events.
 */
final class StartedSpanView implements SpanData {
  private final SdkSpan span;
  /** A copy taken at start; the worker may redact its values before exporters see it. */
  final Map<String, Object> attributes;
  /** Copied at start; the worker may redact it before exporters see it. */
  String input;

  StartedSpanView(SdkSpan span) {
    this.span = span;
    this.input = span.input;
    Attrs a = span.attrsOrNull();
    this.attributes = a == null ? Map.of() : a.copy();
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
  @Override public Map<String, Object> attributes() { return attributes; }
  @Override public List<SpanEvent> events() { return List.of(); }
  @Override public TokenUsage usage() { return null; }
  @Override public Double cost() { return null; }
  @Override public Map<String, Double> scores() { return Map.of(); }
  @Override public Conformance conformance() { return Conformance.notChecked("span in flight"); }
  @Override public RiskResult risk() { return RiskResult.none(); }
  @Override public String threadName() { return span.threadName(); }

  @Override
  public String toString() {
    return "Started{" + span.name() + ", span=" + span.spanId() + "}";
  }
}
