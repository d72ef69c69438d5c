package dev.agentrace.core;

import dev.agentrace.core.export.DropReason;
import java.util.Map;

/**
 * A point-in-time count of what the SDK did with spans, so that nothing is lost silently. At quiescence
 * (after {@link AgentraceSdk#shutdown}) {@code spansStarted == spansExported + spansDropped} for an SDK
 * with one exporter; unsampled spans are not counted at all.
 *
 * @param spansStarted recording spans started
 * @param spansEnded recording spans ended (including those ended by the SDK as never ended)
 * @param spansExported spans every exporter accepted
 * @param droppedByReason spans lost, by {@link DropReason}; reasons with no loss are absent
 * @param exportFailures export calls that failed or threw
 * @param neverEnded spans the SDK ended itself because their owner never did
 * @param violationsByType activity-schema violations by span type
 * @param instrumentationErrors mistakes in instrumentation calls (bad arguments, calls after end)
 */
public record SdkStats(
    long spansStarted,
    long spansEnded,
    long spansExported,
    Map<DropReason, Long> droppedByReason,
    long exportFailures,
    long neverEnded,
    Map<String, Long> violationsByType,
    long instrumentationErrors) {

  /** Copies the maps. */
  public SdkStats {
    droppedByReason = Map.copyOf(droppedByReason);
    violationsByType = Map.copyOf(violationsByType);
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
