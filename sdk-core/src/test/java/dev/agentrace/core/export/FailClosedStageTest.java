package dev.agentrace.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.CapturingExporter;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportPipeline;
import dev.agentrace.core.internal.SdkCounters;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.internal.WorkerStage;
import dev.agentrace.core.trace.SpanAccess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailClosedStageTest {

  @Test
  void failingFailClosedStage_withholdsPayloadsInsteadOfExportingThemUnchecked() {
    // No exporter and no metrics: the SDK has no worker of its own racing the pipeline under test.
    AgentraceSdk sdk = AgentraceSdk.builder().metrics(false).shutdownHook(false).build();
    CapturingExporter exporter = new CapturingExporter(true);
    WorkerStage broken = new WorkerStage() {
      @Override
      public void process(WorkerSpan span) {
        throw new IllegalStateException("scanner bug");
      }

      @Override
      public void processStart(WorkerSpan start) {
        throw new IllegalStateException("scanner bug");
      }

      @Override
      public boolean failClosed() {
        return true;
      }

      @Override
      public String name() {
        return "broken-scan";
      }
    };
    ExportPipeline pipeline = new ExportPipeline(new SdkCounters(), () -> {}, List.of(exporter), List.of(broken), 1024, 16,
        Duration.ofMillis(50), 4, AgentraceSdk.DEFAULT_MAX_BUFFERED_BYTES);
    Span s = sdk.tracer().span("leaky").input("sk-live-secret").start();
    pipeline.offerStart(SpanAccess.startEvent(s));
    s.output("sk-live-secret");
    s.end();
    pipeline.offerEnd(SpanAccess.worker(s));
    assertThat(pipeline.flush(Duration.ofSeconds(5))).isTrue();

    assertThat(exporter.starts()).singleElement().extracting(SpanData::input).isEqualTo(ExportPipeline.UNSCANNED);
    assertThat(exporter.spans()).singleElement().satisfies(d -> {
      assertThat(d.input()).isEqualTo(ExportPipeline.UNSCANNED);
      assertThat(d.output()).isEqualTo(ExportPipeline.UNSCANNED);
    });
    pipeline.shutdown(Duration.ofSeconds(1));
    sdk.shutdown(Duration.ofSeconds(1));
  }
}
