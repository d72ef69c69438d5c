package dev.agentrace.core.trace;

import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.api.internal.Hex;
import dev.agentrace.core.ReadableSpan;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.internal.WorkerSpan;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a span is, as the code that reads it sees it: its fields, the {@link SpanData} accessors processors
 * and exporters use, and the {@link WorkerSpan} methods through which the export worker's stages amend it.
 * {@link SdkSpan} adds what the agent does with a span while it is in flight; the two are one object, so a
 * span stays one allocation on the caller's path and is never copied at end.
 *
 * <p>Memory ordering: the owner writes the fields plainly while the span is in flight; {@code end()}
 * publishes them through the export queue's release store, which the worker pairs with an acquire load.
 * Processors see it at end, on the ending thread, before the worker has it. Stages amend it on the worker
 * only, between its end and {@link #freeze()}; exporters see it after that, through the worker's hand-off to
 * their threads, and it never changes again.
 */
abstract class SpanRecord extends ScopeNode implements ReadableSpan, WorkerSpan {
  static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(SpanRecord.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final int OPEN = 0;
  static final int ENDED = 1;

  final Tracing tracing;
  final String name;
  final SpanKind kind;
  final String type;
  final long traceIdHigh;
  final long traceIdLow;
  final long spanId;
  final long parentSpanId;
  final String traceState;
  final long startEpochNanos;
  final Thread owner;
  final Scopes.ThreadState ownerState;
  /** The starting thread's counters; see {@link SpanCounts}. */
  final SpanCounts.Cell counts;
  final String model;
  final String sessionId;
  final String userId;

  // Owner-written while in flight.
  String input;
  String output;
  Attrs attributes;
  List<SpanEvent> events;
  TokenUsage usage;
  Double explicitCost;
  Map<String, Double> scores;
  SpanStatus status = SpanStatus.UNSET;
  String statusMessage;
  long endEpochNanos;
  @SuppressWarnings("unused") // accessed through STATE
  volatile int state;

  /** What this span's payloads count against the buffer's byte limit; written before the queue offer. */
  int bufferedBytes;
  /** Set once by the span builder before the span is published (start), when its parent is in another process. */
  boolean remoteParent;

  // Written by the export worker's stages (through WorkerSpan) before exporters see the span.
  Conformance conformance;
  RiskResult risk;
  Double computedCost;
  /** Set by the worker once the stages have run; plain, because only the worker writes and reads it. */
  boolean frozen;

  SpanContext context;
  String traceIdHex;
  String spanIdHex;

  SpanRecord(Tracing tracing, String name, SpanKind kind, String type, long traceIdHigh, long traceIdLow, long spanId,
      long parentSpanId, String traceState, long startEpochNanos, Scopes.ThreadState ownerState,
      SpanCounts.Cell counts, int scopeDepth, String model, String sessionId, String userId, Attrs attributes) {
    this.tracing = tracing;
    this.name = name;
    this.kind = kind;
    this.type = type;
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.traceState = traceState;
    this.startEpochNanos = startEpochNanos;
    this.owner = Thread.currentThread();
    this.ownerState = ownerState;
    this.counts = counts;
    this.scopeDepth = scopeDepth;
    this.model = model;
    this.sessionId = sessionId;
    this.userId = userId;
    this.attributes = attributes;
  }

  @Override
  Tracing tracing() {
    return tracing;
  }

  Thread owner() {
    return owner;
  }

  @Override
  boolean hasEnded() {
    return state != OPEN;
  }

  @Override
  public SpanContext context() {
    SpanContext c = context;
    if (c == null) {
      c = context = SpanContext.of(traceIdHigh, traceIdLow, spanId, true, traceState);
    }
    return c;
  }

  // ---------------------------------------------------------------- SpanData (export side)

  @Override
  public String traceId() {
    String t = traceIdHex;
    if (t == null) {
      t = traceIdHex = Hex.of(traceIdHigh, traceIdLow);
    }
    return t;
  }

  @Override
  public String spanId() {
    String s = spanIdHex;
    if (s == null) {
      s = spanIdHex = Hex.of(spanId);
    }
    return s;
  }

  @Override
  public String parentSpanId() {
    return parentSpanId == 0 ? null : Hex.of(parentSpanId);
  }

  @Override
  public SpanContext spanContext() {
    return context();
  }

  @Override
  public long parentSpanIdLong() {
    return parentSpanId;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SpanKind kind() {
    return kind;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String agent() {
    return tracing.agent;
  }

  @Override
  public String version() {
    return tracing.version;
  }

  @Override
  public String environment() {
    return tracing.environment;
  }

  @Override
  public String sessionId() {
    return sessionId;
  }

  @Override
  public String userId() {
    return userId;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public long startEpochNanos() {
    return startEpochNanos;
  }

  @Override
  public long endEpochNanos() {
    return endEpochNanos;
  }

  @Override
  public long durationNanos() {
    return endEpochNanos == 0 ? 0 : endEpochNanos - startEpochNanos;
  }

  @Override
  public boolean ended() {
    return state != OPEN;
  }

  @Override
  public SpanStatus status() {
    return status;
  }

  @Override
  public String statusMessage() {
    return statusMessage;
  }

  @Override
  public String input() {
    return input;
  }

  @Override
  public String output() {
    return output;
  }

  @Override
  public Map<String, Object> attributes() {
    Attrs a = attributes;
    return a == null ? Map.of() : a;
  }

  Attrs attrsOrNull() {
    return attributes;
  }

  @Override
  public List<SpanEvent> events() {
    List<SpanEvent> e = events;
    return e == null ? List.of() : Collections.unmodifiableList(e);
  }

  @Override
  public TokenUsage usage() {
    return usage;
  }

  @Override
  public Double cost() {
    return explicitCost != null ? explicitCost : computedCost;
  }

  @Override
  public Double explicitCost() {
    return explicitCost;
  }

  @Override
  public Map<String, Double> scores() {
    Map<String, Double> s = scores;
    return s == null ? Map.of() : Collections.unmodifiableMap(s);
  }

  @Override
  public Conformance conformance() {
    Conformance c = conformance;
    return c == null ? Conformance.notChecked("no activity schema") : c;
  }

  @Override
  public RiskResult risk() {
    RiskResult r = risk;
    return r == null ? RiskResult.none() : r;
  }

  @Override
  public String threadName() {
    return owner.getName();
  }

  // ---------------------------------------------------------------- WorkerSpan (export worker only)

  /** Stages amend a span between its end and its freeze, on the worker; anything else is a bug in the SDK. */
  private void amendable() {
    if (frozen || state == OPEN) {
      throw new IllegalStateException("Span '" + name + "' cannot be amended: "
          + (frozen ? "exporters already have it" : "it is still in flight"));
    }
  }

  @Override
  public long traceIdHigh() {
    return traceIdHigh;
  }

  @Override
  public long traceIdLow() {
    return traceIdLow;
  }

  @Override
  public int attributeCount() {
    Attrs a = attributes;
    return a == null ? 0 : a.size();
  }

  @Override
  public String attributeKey(int index) {
    return attributes.keyAt(index);
  }

  @Override
  public Object attributeValue(int index) {
    return attributes.valueAt(index);
  }

  @Override
  public void replaceAttributeValue(int index, Object value) {
    amendable();
    attributes.setValueAt(index, value);
  }

  @Override
  public void putWorkerAttribute(String key, Object value) {
    amendable();
    Attrs a = attributes;
    if (a == null) {
      a = attributes = new Attrs(3);
    }
    a.put(key, value, Integer.MAX_VALUE);
  }

  @Override
  public void replaceInput(String json) {
    amendable();
    input = json;
  }

  @Override
  public void replaceOutput(String json) {
    amendable();
    output = json;
  }

  @Override
  public void replaceEvent(int index, SpanEvent event) {
    amendable();
    events.set(index, event);
  }

  @Override
  public void replaceStatusMessage(String message) {
    amendable();
    statusMessage = message;
  }

  @Override
  public void recordConformance(Conformance result) {
    amendable();
    conformance = result;
  }

  @Override
  public void recordRisk(RiskResult result) {
    amendable();
    risk = result;
  }

  @Override
  public RiskResult recordedRisk() {
    return risk;
  }

  @Override
  public void recordComputedCost(double usd) {
    amendable();
    computedCost = usd;
  }

  @Override
  public boolean remoteParent() {
    return remoteParent;
  }

  @Override
  public int bufferedBytes() {
    return bufferedBytes;
  }

  @Override
  public void bufferedBytes(int bytes) {
    bufferedBytes = bytes;
  }

  @Override
  public void freeze() {
    frozen = true;
  }

  @Override
  public String toString() {
    return "Span{" + name + ", kind=" + kind + ", type=" + type + ", trace=" + traceId() + ", span=" + spanId()
        + (parentSpanId == 0 ? "" : ", parent=" + parentSpanId()) + ", status=" + status
        + (state == OPEN ? ", in flight" : ", " + (durationNanos() / 1000) + "us") + "}";
  }
}
