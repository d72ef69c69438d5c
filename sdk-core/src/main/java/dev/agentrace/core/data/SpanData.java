package dev.agentrace.core.data;

import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.export.SpanExporter;
import java.util.List;
import java.util.Map;

/**
 * The record of a span that processors, exporters and tests see.
 *
 * <p>For an ended span ({@link #ended()} true) every accessor returns the same value on every call and
 * from any thread that received the span through the pipeline. A live start event (delivered to
 * exporters that ask for them, see {@link SpanExporter#exportsStarts()}) has {@code ended() == false},
 * {@code endEpochNanos() == 0} and no output.
 *
 * <p>Ids are lowercase hex; payloads are JSON text captured when the span recorded them, truncated with
 * a marker beyond the configured limit.
 */
public interface SpanData {

  /** 32 lowercase hex characters. */
  String traceId();

  /** 16 lowercase hex characters. */
  String spanId();

  /** The parent's span id (16 hex characters), or null for a root span. */
  String parentSpanId();

  /** The span's identity, with the numeric ids exporters encode. */
  SpanContext spanContext();

  /** The parent's span id as a number; 0 for a root span. */
  long parentSpanIdLong();

  /** The span name given to {@code Tracer.span(name)}. */
  String name();

  /** The span kind. */
  SpanKind kind();

  /** The activity-schema type: the one set on the builder, or the kind's lower-case name. */
  String type();

  /** The agent name configured on the SDK. */
  String agent();

  /** The agent version configured on the SDK. */
  String version();

  /** The deployment environment configured on the SDK. */
  String environment();

  /** The session (conversation) id, or null. */
  String sessionId();

  /** The end-user id, or null. */
  String userId();

  /** The model name, or null. */
  String model();

  /** Start time, nanoseconds since the epoch. */
  long startEpochNanos();

  /** End time, nanoseconds since the epoch; 0 while in flight. */
  long endEpochNanos();

  /** {@code endEpochNanos() - startEpochNanos()}, or 0 while in flight. */
  long durationNanos();

  /** Whether the span has ended (false only for live start events). */
  boolean ended();

  /** The status. */
  SpanStatus status();

  /** The status message (the error's message for ERROR), or null. */
  String statusMessage();

  /** The input as JSON text, or null if none was recorded. */
  String input();

  /** The output as JSON text, or null if none was recorded. */
  String output();

  /** Attributes in insertion order; values are String, Long, Double or Boolean. Unmodifiable. */
  Map<String, Object> attributes();

  /** Events in the order recorded. Unmodifiable. */
  List<SpanEvent> events();

  /** Token usage, or null if none was recorded. */
  TokenUsage usage();

  /** Cost in US dollars (explicit, or computed from a price table), or null when unknown. */
  Double cost();

  /** Quality scores by name. Unmodifiable. */
  Map<String, Double> scores();

  /** The activity-schema check of this span; {@link Conformance#notChecked(String)} when none ran. */
  Conformance conformance();

  /** The risk assessment of this span's payloads; {@link RiskResult#none()} when none ran. */
  RiskResult risk();

  /** The name of the thread that started the span. */
  String threadName();
}
