package dev.agentrace.core;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export worker's cost and metrics step: prices spans that have token usage and a model but no explicit
 * cost, rolls span costs up to their trace's root, records every span into {@link SdkMetrics}, and logs a
 * periodic summary if asked to. Runs last among the stages, so it sees conformance and risk results.
 *
 * <p>Worker thread only (see {@link SpanStage}): the caches and the roll-up map need no synchronisation.
 */
final class MetricsStage implements SpanStage {
  static final Logger LOG = LoggerFactory.getLogger("dev.agentrace.metrics");
  /** Traces with costed spans whose root has not ended yet; the oldest is forgotten beyond this. */
  static final int MAX_OPEN_TRACES = 10_000;
  /** Distinct model names whose price lookup is remembered; the cache starts over beyond this. */
  static final int MAX_CACHED_MODELS = 1_024;

  private final PriceTable prices;
  private final SdkMetrics metrics;
  private final long logIntervalNanos;
  private final Consumer<String> summaryLog;
  private long nextLogNanos = Long.MIN_VALUE;
  private final Map<String, Optional<ModelPrice>> priceCache = new HashMap<>();
  private final Map<TraceId, double[]> openTraces = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<TraceId, double[]> eldest) {
      return size() > MAX_OPEN_TRACES;
    }
  };

  /**
   * @param metrics where to record, or null when metrics are off (spans are still priced)
   * @param logIntervalNanos how often to log a summary, 0 for never
   */
  MetricsStage(PriceTable prices, SdkMetrics metrics, long logIntervalNanos) {
    this(prices, metrics, logIntervalNanos, table -> LOG.info("Agentrace metrics summary\n{}", table));
  }

  /** @param summaryLog receives the summary table when it is due */
  MetricsStage(PriceTable prices, SdkMetrics metrics, long logIntervalNanos, Consumer<String> summaryLog) {
    this.prices = prices;
    this.metrics = metrics;
    this.logIntervalNanos = logIntervalNanos;
    this.summaryLog = summaryLog;
  }

  @Override
  public void process(SdkSpan span) {
    Double cost = span.explicitCost();
    if (cost == null) {
      cost = price(span);
      if (cost != null) {
        // Written only when there is something to write: a store pulls the span's cache line away from
        // the core that ended it, which is most of what this stage costs on a busy machine.
        span.computedCost = cost;
      }
    }
    Double traceCost = rollUp(span, cost);
    if (metrics != null) {
      metrics.record(span, cost, traceCost);
      if (logIntervalNanos > 0) {
        maybeLog(span.endEpochNanos());
      }
    }
  }

  private Double price(SdkSpan span) {
    TokenUsage usage = span.usage();
    String model = span.model();
    if (usage == null || model == null) {
      return null;
    }
    Optional<ModelPrice> p = priceCache.get(model);
    if (p == null) {
      if (priceCache.size() >= MAX_CACHED_MODELS) {
        priceCache.clear();
      }
      p = prices.priceFor(model);
      priceCache.put(model, p);
      if (p.isEmpty()) {
        Warn.once("metrics-unknown-model", "No price for model '" + model + "' (price table effective "
            + prices.effectiveDate() + "); its spans have no computed cost. Add it with PriceTable.builder()"
            + ".addAll(PriceTable.defaults()).model(..), or set span.cost(usd).");
      }
    }
    return p.isPresent() ? p.get().cost(usage) : null;
  }

  /**
   * Children end before their parent, so by the time a local root (a span without a parent) ends, the costs
   * of its trace's other spans have been added up here. Returns the trace's total on the root, else null.
   * Spans that end after their root, and traces continued from another process (their local root has a
   * remote parent), are not rolled up; their entries age out of the bounded map.
   */
  private Double rollUp(SdkSpan span, Double cost) {
    if (span.parentSpanIdLong() != 0) {
      if (cost != null) {
        openTraces.computeIfAbsent(new TraceId(span.traceIdHigh, span.traceIdLow), k -> new double[1])[0] += cost;
      }
      return null;
    }
    double[] children = openTraces.isEmpty() ? null : openTraces.remove(new TraceId(span.traceIdHigh, span.traceIdLow));
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
