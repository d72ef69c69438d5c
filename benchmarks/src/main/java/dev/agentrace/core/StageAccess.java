package dev.agentrace.core;

import java.util.List;

/**
 * Benchmark access to the export worker's metrics stage, package-private in sdk-core (it is not API).
 * Lives in the benchmarks module, in sdk-core's package, so the suite can time one stage alone.
 */
public final class StageAccess {
  private final MetricsStage metrics;

  private StageAccess(MetricsStage metrics) {
    this.metrics = metrics;
  }

  /** A metrics stage as the SDK builds it by default: default price table, recording on, no summary log. */
  public static StageAccess metrics(String agent) {
    SdkMetrics m = new SdkMetrics(agent, "unversioned", "default", Clock.system(), AgentraceSdk.DEFAULT_METRICS_MAX_KEYS);
    return new StageAccess(new MetricsStage(PriceTable.defaults(), m, 0));
  }

  /** Runs every span (ended spans of an SDK) through the stage, as the worker does. */
  public void process(List<SpanData> spans) {
    for (SpanData s : spans) {
      metrics.process((SdkSpan) s);
    }
  }
}
