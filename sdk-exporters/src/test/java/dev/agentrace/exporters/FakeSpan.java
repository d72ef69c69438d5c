package dev.agentrace.exporters;

import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.TokenUsage;
import java.util.List;
import java.util.Map;

/**
 * Hand-made span data for what a running SDK cannot produce yet (conformance and risk results) and for
 * hostile input (nulls, bad ids, odd text). Every field is public and starts null/0; set what a test
 * needs. Spans from a real {@code AgentraceSdk} are preferred wherever they can show the point.
 */
public final class FakeSpan implements SpanData {
  public String traceId;
  public String spanId;
  public String parentSpanId;
  public SpanContext spanContext;
  public String name;
  public SpanKind kind;
  public String type;
  public String agent;
  public String version;
  public String environment;
  public String sessionId;
  public String userId;
  public String model;
  public long start;
  public long end;
  public boolean ended = true;
  public SpanStatus status;
  public String statusMessage;
  public String input;
  public String output;
  public Map<String, Object> attributes;
  public List<SpanEvent> events;
  public TokenUsage usage;
  public Double cost;
  public Map<String, Double> scores;
  public Conformance conformance;
  public RiskResult risk;
  public String threadName;

  /** A well-formed ended span: valid ids, a name, a kind, one millisecond long. */
  public static FakeSpan valid(String name, SpanKind kind) {
    FakeSpan s = new FakeSpan();
    s.traceId = "0af7651916cd43dd8448eb211c80319c";
    s.spanId = "b7ad6b7169203331";
    s.name = name;
    s.kind = kind;
    s.type = kind.defaultType();
    s.agent = "support-bot";
    s.version = "1.4.2";
    s.environment = "staging";
    s.start = 1_700_000_000_000_000_000L;
    s.end = s.start + 1_000_000L;
    s.status = SpanStatus.OK;
    s.attributes = Map.of();
    s.events = List.of();
    s.scores = Map.of();
    s.conformance = Conformance.notChecked("no activity schema");
    s.risk = RiskResult.none();
    s.threadName = "main";
    return s;
  }

  @Override public String traceId() { return traceId; }
  @Override public String spanId() { return spanId; }
  @Override public String parentSpanId() { return parentSpanId; }
  @Override public SpanContext spanContext() { return spanContext; }
  @Override public long parentSpanIdLong() { return 0; }
  @Override public String name() { return name; }
  @Override public SpanKind kind() { return kind; }
  @Override public String type() { return type; }
  @Override public String agent() { return agent; }
  @Override public String version() { return version; }
  @Override public String environment() { return environment; }
  @Override public String sessionId() { return sessionId; }
  @Override public String userId() { return userId; }
  @Override public String model() { return model; }
  @Override public long startEpochNanos() { return start; }
  @Override public long endEpochNanos() { return end; }
  @Override public long durationNanos() { return end - start; }
  @Override public boolean ended() { return ended; }
  @Override public SpanStatus status() { return status; }
  @Override public String statusMessage() { return statusMessage; }
  @Override public String input() { return input; }
  @Override public String output() { return output; }
  @Override public Map<String, Object> attributes() { return attributes; }
  @Override public List<SpanEvent> events() { return events; }
  @Override public TokenUsage usage() { return usage; }
  @Override public Double cost() { return cost; }
  @Override public Map<String, Double> scores() { return scores; }
  @Override public Conformance conformance() { return conformance; }
  @Override public RiskResult risk() { return risk; }
  @Override public String threadName() { return threadName; }
}
