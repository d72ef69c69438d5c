package dev.agentrace.core;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.api.internal.Hex;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.internal.StackTraces;
import dev.agentrace.core.internal.WorkerSpan;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span: mutable while in flight and owned by the code that started it; at {@link #end()} it is handed,
 * as the same object, to processors and the export pipeline. On the export worker it is the
 * {@link WorkerSpan} the stages amend (and nothing else may), and once they have run it is
 * {@linkplain #freeze() frozen}: the {@link SpanData} exporters receive never changes. Not copying at end
 * is what keeps a span to one allocation on the caller's path.
 *
 * <p>Memory ordering: mutators are plain writes by the owner; {@code end()} publishes through the
 * export queue's release store, which the worker pairs with an acquire load, so the worker sees every
 * write made before {@code end()}. Writes attempted after end are refused (checked on the plain
 * {@code state} field, which the owner itself wrote). The one atomic instruction of a span's life besides
 * the queue's is the CAS in {@link #endAt}, which makes end exactly-once when two threads end the same span.
 */
final class SdkSpan extends ScopeNode implements Span, ReadableSpan, WorkerSpan {
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(SdkSpan.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int OPEN = 0;
  private static final int ENDED = 1;

  private final AgentraceSdk sdk;
  private final String name;
  private final SpanKind kind;
  private final String type;
  final long traceIdHigh;
  final long traceIdLow;
  final long spanId;
  final long parentSpanId;
  final String traceState;
  final boolean recording;
  private final long startEpochNanos;
  private final Thread owner;
  final Scopes.ThreadState ownerState;
  /** The starting thread's counters (null when not recording); see {@link SpanCounts}. */
  private final SpanCounts.Cell counts;
  private final String model;
  private final String sessionId;
  private final String userId;

  // Owner-written while in flight.
  String input;
  String output;
  private Attrs attributes;
  private List<SpanEvent> events;
  private TokenUsage usage;
  private Double explicitCost;
  private Map<String, Double> scores;
  private SpanStatus status = SpanStatus.UNSET;
  private String statusMessage;
  private long endEpochNanos;
  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;

  /** What this span's payloads count against the buffer's byte limit; written before the queue offer. */
  private int bufferedBytes;

  // Written by the export worker's stages (through WorkerSpan) before exporters see the span.
  private Conformance conformance;
  private RiskResult risk;
  private Double computedCost;
  /** Set by the worker once the stages have run; plain, because only the worker writes and reads it. */
  private boolean frozen;

  private SpanContext context;
  private String traceIdHex;
  private String spanIdHex;

  SdkSpan(AgentraceSdk sdk, String name, SpanKind kind, String type, long traceIdHigh, long traceIdLow, long spanId,
      long parentSpanId, String traceState, boolean recording, long startEpochNanos, Scopes.ThreadState ownerState,
      SpanCounts.Cell counts, int scopeDepth, String model, String sessionId, String userId, Attrs attributes) {
    this.sdk = sdk;
    this.name = name;
    this.kind = kind;
    this.type = type;
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.traceState = traceState;
    this.recording = recording;
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
  AgentraceSdk sdk() {
    return sdk;
  }

  @Override
  boolean recording() {
    return recording;
  }

  Thread owner() {
    return owner;
  }

  @Override
  boolean hasEnded() {
    return state != OPEN;
  }

  /** Refuses a mutation after end (logged once, counted). */
  private boolean writable(String what) {
    if (state == OPEN) {
      return recording;
    }
    if (recording) {
      sdk.counters.instrumentationError("after-end", "Span '" + name + "': " + what + " called after the span ended; ignored.");
    }
    return false;
  }

  // ---------------------------------------------------------------- Span (instrumentation side)

  @Override
  public Span output(Object value) {
    if (writable("output()")) {
      output = sdk.limits.capture(name, value);
    }
    return this;
  }

  boolean hasOutput() {
    return output != null;
  }

  @Override
  public Span attribute(String key, String value) {
    return putAttribute(key, value);
  }

  @Override
  public Span attribute(String key, long value) {
    return putAttribute(key, value);
  }

  @Override
  public Span attribute(String key, double value) {
    return putAttribute(key, value);
  }

  @Override
  public Span attribute(String key, boolean value) {
    return putAttribute(key, value);
  }

  @Override
  public <T> Span attribute(AttributeKey<T> key, T value) {
    String k = sdk.limits.keyName(key, name);
    return k == null ? this : putAttribute(k, value);
  }

  private Span putAttribute(String key, Object value) {
    if (writable("attribute()")) {
      attributes = sdk.limits.putAttribute(attributes, name, key, value);
    }
    return this;
  }

  @Override
  public Span event(String eventName) {
    return event(eventName, null);
  }

  @Override
  public Span event(String eventName, Map<String, ?> eventAttributes) {
    if (!writable("event()")) {
      return this;
    }
    long now = sdk.clock.nowEpochNanos();
    if (eventName == null || eventName.isBlank()) {
      sdk.counters.instrumentationError("event-name", "Span '" + name + "': event name is null or blank; recorded as 'unnamed'.");
      eventName = "unnamed";
    }
    List<SpanEvent> e = events;
    if (e == null) {
      e = events = new ArrayList<>(2);
    }
    if (e.size() >= sdk.limits.maxEvents) {
      sdk.counters.instrumentationError("event-limit", "Span '" + name + "': more than " + sdk.limits.maxEvents + " events; the rest are dropped.");
      return this;
    }
    e.add(new SpanEvent(sdk.limits.clip(eventName, name, "an event name"), now,
        sdk.limits.cleanEventAttributes(name, eventAttributes)));
    return this;
  }

  @Override
  public Span usage(long inputTokens, long outputTokens) {
    return usage(inputTokens, outputTokens, 0, 0);
  }

  @Override
  public Span usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {
    if (!writable("usage()")) {
      return this;
    }
    try {
      usage = new TokenUsage(inputTokens, outputTokens, cachedInputTokens, reasoningTokens);
    } catch (IllegalArgumentException e) {
      sdk.counters.instrumentationError("usage", "Span '" + name + "': " + e.getMessage() + "; clamped.");
      long in = Math.max(0, inputTokens);
      long out = Math.max(0, outputTokens);
      usage = new TokenUsage(in, out, Math.min(in, Math.max(0, cachedInputTokens)), Math.min(out, Math.max(0, reasoningTokens)));
    }
    return this;
  }

  @Override
  public Span cost(double usd) {
    if (!writable("cost()")) {
      return this;
    }
    if (!Double.isFinite(usd) || usd < 0) {
      sdk.counters.instrumentationError("cost", "Span '" + name + "': cost must be a finite, non-negative number of USD, got " + usd + "; ignored.");
      return this;
    }
    explicitCost = usd;
    return this;
  }

  @Override
  public Span score(String scoreName, double value) {
    if (!writable("score()")) {
      return this;
    }
    if (scoreName == null || scoreName.isBlank()) {
      sdk.counters.instrumentationError("score-name", "Span '" + name + "': score name is null or blank; ignored.");
      return this;
    }
    if (!Double.isFinite(value)) {
      sdk.counters.instrumentationError("score-value", "Span '" + name + "': score '" + scoreName + "' is " + value + "; ignored.");
      return this;
    }
    Map<String, Double> s = scores;
    if (s == null) {
      s = scores = new LinkedHashMap<>(4);
    }
    s.put(sdk.limits.clip(scoreName, name, "a score name"), value);
    return this;
  }

  @Override
  public Span error(Throwable error) {
    if (!writable("error()")) {
      return this;
    }
    status = SpanStatus.ERROR;
    if (error == null) {
      statusMessage = "error (no exception given)";
      return this;
    }
    statusMessage = sdk.limits.describe(error);
    if (events == null) {
      events = new ArrayList<>(1);
    }
    if (events.size() < sdk.limits.maxEvents) {
      Map<String, Object> attrs = new LinkedHashMap<>(4);
      attrs.put("exception.type", error.getClass().getName());
      attrs.put("exception.message", statusMessage);
      attrs.put("exception.stacktrace", StackTraces.render(error, Limits.MAX_STACK_FRAMES));
      events.add(new SpanEvent("exception", sdk.clock.nowEpochNanos(), attrs));
    }
    return this;
  }

  @Override
  public Span error(String message) {
    if (writable("error()")) {
      status = SpanStatus.ERROR;
      statusMessage = message == null ? "error" : sdk.limits.clip(message, name, "the error message");
    }
    return this;
  }

  @Override
  public Span ok() {
    if (writable("ok()")) {
      status = SpanStatus.OK;
      statusMessage = null;
    }
    return this;
  }

  /** OK unless the span already recorded an outcome (used by run/call). */
  void okIfUnset() {
    if (state == OPEN && status == SpanStatus.UNSET) {
      status = SpanStatus.OK;
    }
  }

  @Override
  public SpanContext context() {
    SpanContext c = context;
    if (c == null) {
      c = context = SpanContext.of(traceIdHigh, traceIdLow, spanId, recording, traceState);
    }
    return c;
  }

  @Override
  public boolean isRecording() {
    return recording && state == OPEN;
  }

  @Override
  public void end() {
    // An unsampled span has no timestamps to record: skip the clock, the costliest part of a span here.
    endAt(recording ? sdk.clock.nowEpochNanos() : 0);
  }

  @Override
  public void close() {
    end();
  }

  void endAt(long now) {
    if (!STATE.compareAndSet(this, OPEN, ENDED)) {
      if (recording) {
        sdk.counters.instrumentationError("end-twice", "Span '" + name + "' ended twice; the second end() is ignored.");
      }
      return;
    }
    endEpochNanos = now;
    boolean onOwner = owner == Thread.currentThread();
    Scopes.ThreadState s = ownerState;
    if (s != null && onOwner) {
      if (s.current == this) {
        s.current = scopePrev;
      } else {
        // Spans above this one that were ended on other threads are not a wrong order: skip them first
        // (which also skips this one if nothing open is above it); what is left above it is.
        s.current();
        Scopes.pop(this);
      }
    }
    if (recording) {
      // Each thread counts into its own cell: the owner's is at hand, another thread looks its own up.
      (onOwner ? counts : sdk.counts.cell()).ended();
      sdk.spanEnded(this);
    }
  }

  /** Ends a span its owner never ended (thread died, or SDK shutting down). */
  boolean endAbandoned(String why) {
    if (state != OPEN) {
      return false;
    }
    status = SpanStatus.ERROR;
    statusMessage = "never ended: " + why;
    Attrs a = attributes;
    if (a == null) {
      a = attributes = new Attrs(1);
    }
    a.put("agentrace.never_ended", Boolean.TRUE, Integer.MAX_VALUE);
    if (!STATE.compareAndSet(this, OPEN, ENDED)) {
      return false;
    }
    endEpochNanos = sdk.clock.nowEpochNanos();
    if (recording) {
      sdk.counts.cell().ended();
      sdk.spanEnded(this);
    }
    return true;
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
    return sdk.agent;
  }

  @Override
  public String version() {
    return sdk.version;
  }

  @Override
  public String environment() {
    return sdk.environment;
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
