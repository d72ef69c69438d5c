/**
 * In-process metrics: latency, token, cost, quality and risk distributions per agent identity and span
 * type, recorded by the export worker into HDR histograms, and drift reports that compare two versions or
 * environments.
 *
 * <p>API: {@link dev.agentrace.core.metrics.Metrics} (what {@code AgentraceSdk.metrics()} returns),
 * {@code MetricsSnapshot}, {@code MetricsKey}, {@code SpanMetrics}, {@code Distribution},
 * {@code DriftReport} and {@code DriftThresholds}. {@code SdkMetrics} (the store) and {@code MetricsStage}
 * (the worker's recording step) are public only so that the SDK can build them; they are not API and may
 * change in any release. The histogram tracks and table formatting are package-private.
 *
 * <p>The export worker is the only writer; reading is thread-safe from any thread.
 */
package dev.agentrace.core.metrics;
