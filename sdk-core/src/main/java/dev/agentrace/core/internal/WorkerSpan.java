package dev.agentrace.core.internal;

import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;

/**
 * The export worker's view of a span: what a {@link WorkerStage} may read, and the few things it may amend,
 * between the moment a span leaves the agent's thread and the moment exporters see it. Not API: public only
 * because the stages live in other packages than the span; it may change in any release.
 *
 * <p>Contract: only the export worker thread calls the amending methods, one span at a time, in stage order.
 * Once the last stage has run, the worker calls {@link #freeze()}; from then on the span is the immutable
 * {@link SpanData} that processors and exporters receive, and every amending method throws
 * {@link IllegalStateException}. Live start events (spans whose {@link #ended()} is false) are views of
 * their own, so amending one never touches the span it was taken from.
 */
public interface WorkerSpan extends SpanData {
  /** The high 64 bits of the trace id (what {@link #traceId()} prints as hex). */
  long traceIdHigh();

  /** The low 64 bits of the trace id. */
  long traceIdLow();

  /**
   * Whether the span's parent is in another process (an extracted context given to {@code parent(..)}): such a
   * span is its trace's local root, like a span with no parent.
   */
  default boolean remoteParent() {
    return false;
  }

  /** The cost the user set with {@code Span.cost(..)}, or null; a computed cost never overrides it. */
  Double explicitCost();

  /** How many attributes the span holds; with {@link #attributeKey}/{@link #attributeValue}, a walk without garbage. */
  int attributeCount();

  /** The key of attribute {@code index} (0 ≤ index &lt; {@link #attributeCount()}), in insertion order. */
  String attributeKey(int index);

  /** The value of attribute {@code index}: a String, Long, Double or Boolean. */
  Object attributeValue(int index);

  /** Replaces the value of attribute {@code index} (redaction). */
  void replaceAttributeValue(int index, Object value);

  /** Adds or replaces an attribute the worker computed; not counted against the span's attribute limit. */
  void putWorkerAttribute(String key, Object value);

  /** Replaces the input JSON text (redaction, or a placeholder when a fail-closed stage could not check it). */
  void replaceInput(String json);

  /** Replaces the output JSON text. */
  void replaceOutput(String json);

  /** Replaces event {@code index} (redaction of its attributes). */
  void replaceEvent(int index, SpanEvent event);

  /** Replaces the status message (redaction). */
  void replaceStatusMessage(String message);

  /** Records the outcome of the conformance check. */
  void recordConformance(Conformance conformance);

  /** Records the risk assessment of the span's payloads. */
  void recordRisk(RiskResult risk);

  /**
   * The risk a stage recorded, or null when no risk scan ran (where {@link #risk()} says
   * {@link RiskResult#none()}): a span never scanned must not count as a score of 0.
   */
  RiskResult recordedRisk();

  /** Records the cost computed from the price table; {@link #cost()} returns it unless the user set one. */
  void recordComputedCost(double usd);

  /**
   * What the span's payloads count against the pipeline's byte budget, 0 when not weighed; set by the
   * producer before the queue offer, read by the worker when the span's batch is done.
   */
  int bufferedBytes();

  /** Sets {@link #bufferedBytes()}; called once, on the producer's thread, before the span is queued. */
  void bufferedBytes(int bytes);

  /** Ends the worker's turn: after this the span never changes, and the amending methods throw. */
  void freeze();
}
