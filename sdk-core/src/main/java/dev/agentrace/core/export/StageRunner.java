package dev.agentrace.core.export;

import dev.agentrace.api.internal.Fatal;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.internal.WorkerStage;
import java.util.List;

/**
 * The worker stages in their fixed order. Worker thread only, like the stages themselves; the spans it freezes
 * reach other threads through the exporter channels' queues.
 */
final class StageRunner {
  /** An array, not a List: the worker walks it for every span, and an iterator per span is garbage. */
  private final WorkerStage[] stages;

  StageRunner(List<WorkerStage> stages) {
    this.stages = stages.toArray(new WorkerStage[0]);
  }

  /**
   * Runs every stage on one span, each isolated from the others' failures, then freezes it: from here on
   * it is the SpanData processors and exporters see, and it never changes.
   */
  void run(WorkerSpan span, boolean start) {
    for (WorkerStage stage : stages) {
      try {
        if (start) {
          stage.processStart(span);
        } else {
          stage.process(span);
        }
      } catch (Throwable e) {
        Fatal.rethrowIfFatal(e);
        if (stage.failClosed()) {
          if (span.input() != null) {
            span.replaceInput(ExportPipeline.UNSCANNED);
          }
          if (span.output() != null) {
            span.replaceOutput(ExportPipeline.UNSCANNED);
          }
        }
        Warnings.once("stage-" + (start ? "start-" : "") + stage.name(), "Agentrace worker stage '" + stage.name()
            + "' failed on " + (start ? "the start event of" : "") + " span '" + span.name()
            + "'; the span is exported without it" + (stage.failClosed() ? ", payloads withheld." : "."), e);
      }
    }
    span.freeze();
  }
}
