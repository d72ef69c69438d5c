package dev.agentrace.exporters.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.export.DropReason;
import dev.agentrace.core.sampling.TailSamplingPolicy;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in exporters under tail sampling: the console, a live view, prints every span as it happens; the
 * JSONL file, a record, gets the kept trace only, without start events, although it asks for them.
 */
class TailSampledExportersTest {

  @Test
  void consoleSeesEverySpan_jsonlFileOnlyTheKeptTrace(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Path file = dir.resolve("traces.jsonl");
    JsonlExporter jsonl = JsonlExporter.create(file);
    assertThat(jsonl.exportsStarts()).isTrue();
    AgentraceSdk sdk = AgentraceSdk.builder().shutdownHook(false)
        .exporter(ConsoleExporter.builder().target(new PrintStream(console, true, StandardCharsets.UTF_8)).build())
        .exporter(jsonl)
        .tailSampling(TailSamplingPolicy.builder().keepErrors().build())
        .build();
    Tracer tracer = sdk.tracer();
    tracer.span("healthy_run").run(() -> tracer.span("lookup_order").start().end());
    tracer.span("failing_run").run(() -> tracer.span("charge_card").start().error("card declined").end());
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(10));

    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("healthy_run", "lookup_order", "failing_run", "charge_card");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2).allMatch(l -> l.contains("\"event\":\"end\""));
    assertThat(lines.get(0)).contains("\"name\":\"charge_card\"");
    assertThat(lines.get(1)).contains("\"name\":\"failing_run\"");
    assertThat(stats.spansExported()).isEqualTo(2);
    assertThat(stats.dropped(DropReason.TAIL_SAMPLED)).isEqualTo(2);
  }
}
