package dev.agentrace.core.metrics;

import dev.agentrace.core.AgentraceSdk;

/**
 * The in-process metrics of one {@link AgentraceSdk}: per agent identity, span kind and span type, the
 * distributions of latency, tokens, cost, quality scores and risk, since start and over sliding windows.
 * Obtained from {@link AgentraceSdk#metrics()}.
 *
 * <pre>{@code
 * MetricsSnapshot s = sdk.metrics().snapshot();
 * double p95 = s.latency("web_search").p95();          // milliseconds
 * System.out.println(s.table());
 * }</pre>
 *
 * <p><b>Where recording happens.</b> On the SDK's export worker thread, after the worker stages that check
 * and scan the span and before exporters see it — never on the thread that ends the span. A snapshot shows
 * what the worker has processed: call {@link AgentraceSdk#flush} first to include everything ended so far.
 *
 * <p><b>Bounded memory.</b> At most {@code metricsMaxKeys} distinct keys are kept (builder option); spans of
 * further keys are added up in an overflow bucket ({@link MetricsSnapshot#overflow()}), and the first time
 * that happens a warning names the key refused.
 *
 * <p>Thread-safe: any thread may take snapshots while the worker records. Each key is read consistently
 * (all of its distributions at one instant); different keys may be read a few microseconds apart.
 */
public interface Metrics {

  /** Which spans a snapshot covers. */
  enum Window {
    /** Every span since the SDK was built (plus anything {@link #include included}). */
    SINCE_START,
    /**
     * Spans that ended in the last minute, in 10-second steps: the current 10-second interval and the five
     * before it, so the window covers between 50 and 60 seconds.
     */
    LAST_MINUTE,
    /** Spans that ended in the last five minutes: the current 10-second interval and the 29 before it. */
    LAST_5_MINUTES
  }

  /** Everything since start: same as {@code snapshot(Window.SINCE_START)}. */
  MetricsSnapshot snapshot();

  /** The spans of {@code window}, as of now on the SDK's clock. A null window means since start. */
  MetricsSnapshot snapshot(Window window);

  /**
   * Adds another snapshot's entries — typically another SDK's, running another version of the agent in
   * the same process — to this SDK's since-start view, so that {@link #drift} can compare them. Entries
   * with the same key are added together. Included entries do not count against the key cap and do not
   * appear in windows.
   *
   * @throws IllegalArgumentException if {@code other} is not a {@link Window#SINCE_START} snapshot
   */
  void include(MetricsSnapshot other);

  /**
   * Compares two versions of this SDK's agent in this SDK's environment, by span type, with
   * {@link DriftThresholds#defaults()}. One of the versions is usually this SDK's own; the other must have
   * been {@link #include included}, or the report says it has no spans.
   */
  DriftReport drift(String baselineVersion, String candidateVersion);

  /** Compares two environments of this SDK's agent at this SDK's version; see {@link #drift}. */
  DriftReport driftAcrossEnvironments(String baselineEnvironment, String candidateEnvironment);
}
