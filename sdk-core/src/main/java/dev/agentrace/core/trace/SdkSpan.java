package dev.agentrace.core.trace;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.internal.StackTraces;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span as the agent holds it: mutable while in flight and owned by the code that started it; at
 * {@link #end()} it is handed, as the same object, to processors and the export pipeline, where it is the
 * {@link SpanRecord} they read and the worker's stages amend until it is {@linkplain #freeze() frozen}.
 *
 * <p>Memory ordering: mutators are plain writes by the owner; {@code end()} publishes through the
 * export queue's release store, which the worker pairs with an acquire load, so the worker sees every
 * write made before {@code end()}. Writes attempted after end are refused (checked on the plain
 * {@code state} field, which the owner itself wrote). The one atomic instruction of a span's life besides
 * the queue's is the CAS in {@link #endAt}, which makes end exactly-once when two threads end the same span.
 */
final class SdkSpan extends SpanRecord implements Span {

  SdkSpan(Tracing tracing, String name, SpanKind kind, String type, long traceIdHigh, long traceIdLow, long spanId,
      long parentSpanId, String traceState, long startEpochNanos, Scopes.ThreadState ownerState,
      SpanCounts.Cell counts, int scopeDepth, String model, String sessionId, String userId, Attrs attributes) {
    super(tracing, name, kind, type, traceIdHigh, traceIdLow, spanId, parentSpanId, traceState, startEpochNanos,
        ownerState, counts, scopeDepth, model, sessionId, userId, attributes);
  }

  /** Refuses a mutation after end (logged once, counted). */
  private boolean writable(String what) {
    if (state == OPEN) {
      return true;
    }
    tracing.counters.instrumentationError("after-end", "Span '" + name + "': " + what + " called after the span ended; ignored.");
    return false;
  }

  // ---------------------------------------------------------------- Span (instrumentation side)

  @Override
  public Span output(Object value) {
    if (writable("output()")) {
      output = tracing.limits.capture(name, value);
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
    String k = tracing.limits.keyName(key, name);
    return k == null ? this : putAttribute(k, value);
  }

  private Span putAttribute(String key, Object value) {
    if (writable("attribute()")) {
      attributes = tracing.limits.putAttribute(attributes, name, key, value);
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
    long now = tracing.clock.nowEpochNanos();
    if (eventName == null || eventName.isBlank()) {
      tracing.counters.instrumentationError("event-name", "Span '" + name + "': event name is null or blank; recorded as 'unnamed'.");
      eventName = "unnamed";
    }
    List<SpanEvent> e = events;
    if (e == null) {
      e = events = new ArrayList<>(2);
    }
    if (e.size() >= tracing.limits.maxEvents) {
      tracing.counters.instrumentationError("event-limit", "Span '" + name + "': more than " + tracing.limits.maxEvents + " events; the rest are dropped.");
      return this;
    }
    e.add(new SpanEvent(tracing.limits.clip(eventName, name, "an event name"), now,
        tracing.limits.cleanEventAttributes(name, eventAttributes)));
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
      tracing.counters.instrumentationError("usage", "Span '" + name + "': " + e.getMessage() + "; clamped.");
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
      tracing.counters.instrumentationError("cost", "Span '" + name + "': cost must be a finite, non-negative number of USD, got " + usd + "; ignored.");
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
      tracing.counters.instrumentationError("score-name", "Span '" + name + "': score name is null or blank; ignored.");
      return this;
    }
    if (!Double.isFinite(value)) {
      tracing.counters.instrumentationError("score-value", "Span '" + name + "': score '" + scoreName + "' is " + value + "; ignored.");
      return this;
    }
    Map<String, Double> s = scores;
    if (s == null) {
      s = scores = new LinkedHashMap<>(4);
    }
    s.put(tracing.limits.clip(scoreName, name, "a score name"), value);
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
    statusMessage = tracing.limits.describe(error);
    if (events == null) {
      events = new ArrayList<>(1);
    }
    if (events.size() < tracing.limits.maxEvents) {
      Map<String, Object> attrs = new LinkedHashMap<>(4);
      attrs.put("exception.type", error.getClass().getName());
      attrs.put("exception.message", statusMessage);
      attrs.put("exception.stacktrace", StackTraces.render(error, Limits.MAX_STACK_FRAMES));
      events.add(new SpanEvent("exception", tracing.clock.nowEpochNanos(), attrs));
    }
    return this;
  }

  @Override
  public Span error(String message) {
    if (writable("error()")) {
      status = SpanStatus.ERROR;
      statusMessage = message == null ? "error" : tracing.limits.clip(message, name, "the error message");
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
  public boolean isRecording() {
    return state == OPEN;
  }

  @Override
  public void end() {
    endAt(tracing.clock.nowEpochNanos());
  }

  @Override
  public void close() {
    end();
  }

  void endAt(long now) {
    if (!STATE.compareAndSet(this, OPEN, ENDED)) {
      tracing.counters.instrumentationError("end-twice", "Span '" + name + "' ended twice; the second end() is ignored.");
      return;
    }
    endEpochNanos = now;
    boolean onOwner = owner == Thread.currentThread();
    Scopes.ThreadState s = ownerState;
    if (s != null && onOwner) {
      if (s.current == this) {
        s.current = scopePrev;
        leaveForeign();
      } else {
        // Spans above this one that were ended on other threads are not a wrong order: skip them first
        // (which also skips this one if nothing open is above it); what is left above it is.
        s.current();
        Scopes.pop(this);
      }
    }
    // Each thread counts into its own cell: the owner's is at hand, another thread looks its own up.
    (onOwner ? counts : tracing.counts.cell()).ended();
    tracing.spanEnded(this);
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
    a.put("agentrace.never_ended", true, Integer.MAX_VALUE);
    if (!STATE.compareAndSet(this, OPEN, ENDED)) {
      return false;
    }
    endEpochNanos = tracing.clock.nowEpochNanos();
    tracing.counts.cell().ended();
    tracing.spanEnded(this);
    return true;
  }

}
