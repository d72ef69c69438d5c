package dev.agentrace.core;

import dev.agentrace.core.export.DropReason;
import java.util.Map;

/**
 * A point-in-time count of what the SDK did with spans, so that nothing is lost silently. At quiescence
 * (after {@link AgentraceSdk#shutdown}) {@code spansStarted == spansExported + spansDropped} for an SDK
 * with one exporter; unsampled spans are not counted at all. With tail sampling, spans of traces the policy
 * did not keep are dropped as {@link DropReason#TAIL_SAMPLED}, and the outcome of a span is that of the
 * exporters the policy applies to.
 *
 * @param spansStarted recording spans started
 * @param spansEnded recording spans ended (including those ended by the SDK as never ended)
 * @param spansExported spans every exporter accepted
 * @param droppedByReason spans lost, by {@link DropReason}; reasons with no loss are absent
 * @param exportFailures export calls that failed or threw
 * @param neverEnded spans the SDK ended itself because their owner never did
 * @param violationsByType activity-schema violations by span type
 * @param instrumentationErrors mistakes in instrumentation calls (bad arguments, calls after end)
 * @param tracesDecidedEarly traces tail sampling decided before their local root ended: its caps were
 *     reached, its decision timeout passed, or the SDK shut down (0 without tail sampling)
 */
public record SdkStats(
    long spansStarted,
    long spansEnded,
    long spansExported,
    Map<DropReason, Long> droppedByReason,
    long exportFailures,
    long neverEnded,
    Map<String, Long> violationsByType,
    long instrumentationErrors,
    long tracesDecidedEarly) {

  /** Copies the maps. */
  public SdkStats {
    droppedByReason = Map.copyOf(droppedByReason);
    violationsByType = Map.copyOf(violationsByType);
  }

  /** Stats of an SDK without tail sampling ({@code tracesDecidedEarly} 0); the constructor before it existed. */
  public SdkStats(long spansStarted, long spansEnded, long spansExported, Map<DropReason, Long> droppedByReason,
      long exportFailures, long neverEnded, Map<String, Long> violationsByType, long instrumentationErrors) {
    this(spansStarted, spansEnded, spansExported, droppedByReason, exportFailures, neverEnded, violationsByType,
        instrumentationErrors, 0);
  }

  /** All spans lost, whatever the reason. */
  public long spansDropped() {
    long sum = 0;
    for (long v : droppedByReason.values()) {
      sum += v;
    }
    return sum;
  }

  /** Spans lost for {@code reason}; 0 when none. */
  public long dropped(DropReason reason) {
    return droppedByReason.getOrDefault(reason, 0L);
  }
}
