package dev.agentrace.core.metrics;

import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.internal.WorkerStage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export worker's metrics step: rolls span costs up to their trace's root, records every span into
 * {@link SdkMetrics}, and logs a periodic summary if asked to. Runs last among the stages, so it sees the
 * conformance, risk and cost results.
 *
 * <p>Worker thread only (see {@link WorkerStage}): the roll-up map needs no synchronisation. Not API: public
 * so that the SDK can build it; it may change in any release.
 */
public final class MetricsStage implements WorkerStage {
  static final Logger LOG = LoggerFactory.getLogger("dev.agentrace.metrics");
  /** Traces with costed spans whose root has not ended yet; the oldest is forgotten beyond this. */
  static final int MAX_OPEN_TRACES = 10_000;

  private final SdkMetrics metrics;
  private final long logIntervalNanos;
  private final Consumer<String> summaryLog;
  private long nextLogNanos = Long.MIN_VALUE;
  private final Map<TraceId, double[]> openTraces = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<TraceId, double[]> eldest) {
      return size() > MAX_OPEN_TRACES;
    }
  };

  /**
   * @param metrics where to record
   * @param logIntervalNanos how often to log a summary, 0 for never
   */
  public MetricsStage(SdkMetrics metrics, long logIntervalNanos) {
    this(metrics, logIntervalNanos, table -> LOG.info("Agentrace metrics summary\n{}", table));
  }

  /** @param summaryLog receives the summary table when it is due */
  MetricsStage(SdkMetrics metrics, long logIntervalNanos, Consumer<String> summaryLog) {
    this.metrics = metrics;
    this.logIntervalNanos = logIntervalNanos;
    this.summaryLog = summaryLog;
  }

  @Override
  public void process(WorkerSpan span) {
    Double cost = span.cost();
    Double traceCost = rollUp(span, cost);
    metrics.record(span, cost, traceCost);
    if (logIntervalNanos > 0) {
      maybeLog(span.endEpochNanos());
    }
  }

  /**
   * Children end before their parent, so by the time a local root (a span without a parent) ends, the costs
   * of its trace's other spans have been added up here. Returns the trace's total on the root, else null.
   * Spans that end after their root, and traces continued from another process (their local root has a
   * remote parent), are not rolled up; their entries age out of the bounded map.
   */
  private Double rollUp(WorkerSpan span, Double cost) {
    if (span.parentSpanIdLong() != 0) {
      if (cost != null) {
        openTraces.computeIfAbsent(new TraceId(span.traceIdHigh(), span.traceIdLow()), k -> new double[1])[0] += cost;
      }
      return null;
    }
    double[] children = openTraces.isEmpty() ? null : openTraces.remove(new TraceId(span.traceIdHigh(), span.traceIdLow()));
    if (cost == null && children == null) {
      return null;
    }
    return (cost == null ? 0 : cost) + (children == null ? 0 : children[0]);
  }

  /** Timed by span end times, so an idle SDK logs nothing: there would be nothing new to say. */
  private void maybeLog(long endEpochNanos) {
    if (nextLogNanos == Long.MIN_VALUE) {
      nextLogNanos = endEpochNanos + logIntervalNanos;
    } else if (endEpochNanos >= nextLogNanos) {
      nextLogNanos = endEpochNanos + logIntervalNanos;
      summaryLog.accept(metrics.snapshot().table());
    }
  }

  @Override
  public String name() {
    return "metrics";
  }

  private record TraceId(long high, long low) {}
}
