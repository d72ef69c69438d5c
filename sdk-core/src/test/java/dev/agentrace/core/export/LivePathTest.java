package dev.agentrace.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.agentrace.api.Span;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.sampling.TailSamplingPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live path: an exporter that takes start events gets starts and ends once the worker has drained the queue,
 * long before a batch delay of 30 s; an exporter that does not keeps getting whole batches by size or age.
 */
class LivePathTest {
  private static final Duration LONG_DELAY = Duration.ofSeconds(30);

  private final Recording live = new Recording(true);
  private final Recording network = new Recording(false);
  private AgentraceSdk sdk;

  @AfterEach
  void shutdown() {
    sdk.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void liveExporter_getsStartAndEndBeforeTheBatchDelay_whileNetworkExporterStillBatches() throws Exception {
    sdk = AgentraceSdk.builder().shutdownHook(false).batchDelay(LONG_DELAY).exporter(live).exporter(network).build();
    Span run = sdk.tracer().span("run").input("question").start();
    awaitEvents(live, 1);
    assertThat(live.events()).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("run");
      assertThat(s.ended()).isFalse();
      assertThat(s.input()).contains("question");
    });
    for (int i = 0; i < 3; i++) {
      sdk.tracer().span("step-" + i).start().end();
    }
    run.end();
    awaitEvents(live, 1 + 3 * 2 + 1);
    assertThat(live.events().get(live.events().size() - 1)).satisfies(s -> {
      assertThat(s.name()).isEqualTo("run");
      assertThat(s.ended()).isTrue();
    });
    // Well inside the 30 s batch delay: the network exporter has had nothing yet.
    assertThat(network.batches).isEmpty();
    assertThat(sdk.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(network.batches).singleElement().satisfies(b -> assertThat(b).extracting(SpanData::name)
        .containsExactly("step-0", "step-1", "step-2", "run"));
    // The live exporter got no ended span twice.
    assertThat(live.events()).filteredOn(SpanData::ended).hasSize(4);
    assertThat(sdk.stats().spansExported()).isEqualTo(4);
  }

  @Test
  void liveExporterAlone_endedSpansStillCountedExported() throws Exception {
    sdk = AgentraceSdk.builder().shutdownHook(false).batchDelay(LONG_DELAY).exporter(live).build();
    sdk.tracer().span("one").start().end();
    awaitEvents(live, 2);
    assertThat(sdk.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(live.events()).extracting(SpanData::ended).containsExactly(false, true);
    assertThat(sdk.stats().spansExported()).isEqualTo(1);
  }

  @Test
  void everyExporterLive_failingOne_stillCountsItsSpansDropped() throws Exception {
    Recording failing = new Recording(true) {
      @Override
      public ExportResult export(List<SpanData> batch) {
        super.export(batch);
        return ExportResult.failure("disk full");
      }
    };
    sdk = AgentraceSdk.builder().shutdownHook(false).batchDelay(LONG_DELAY).exporter(live).exporter(failing).build();
    sdk.tracer().span("one").start().end();
    awaitEvents(live, 2);
    assertThat(sdk.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(sdk.stats().spansDropped()).isEqualTo(1);
    assertThat(sdk.stats().spansExported()).isZero();
  }

  @Test
  void tailSampling_liveExporterSeesEverythingAtOnce_decidedExporterGetsKeptTracesOnlyWithoutStarts() throws Exception {
    // Both take start events; tail sampling decides for the second one only.
    Recording file = new Recording(true) {
      @Override
      public boolean tailSampled() {
        return true;
      }
    };
    Recording console = new Recording(true) {
      @Override
      public boolean tailSampled() {
        return false;
      }
    };
    sdk = AgentraceSdk.builder().shutdownHook(false).batchDelay(LONG_DELAY).exporter(console).exporter(file)
        .tailSampling(TailSamplingPolicy.builder().keepErrors().build()).build();
    Span healthy = sdk.tracer().span("healthy").start();
    awaitEvents(console, 1);
    healthy.end();
    Span failing = sdk.tracer().span("failing").start();
    failing.error(new IllegalStateException("boom"));
    failing.end();
    awaitEvents(console, 4);
    assertThat(console.events()).extracting(SpanData::name, SpanData::ended).containsExactly(
        tuple("healthy", false), tuple("healthy", true),
        tuple("failing", false), tuple("failing", true));
    assertThat(sdk.flush(Duration.ofSeconds(10))).isTrue();
    // The decided exporter saw neither start events nor the healthy trace, however often the live path cut.
    assertThat(file.events()).extracting(SpanData::name, SpanData::ended)
        .containsExactly(tuple("failing", true));
    assertThat(sdk.stats().spansExported()).isEqualTo(1);
    assertThat(sdk.stats().dropped(DropReason.TAIL_SAMPLED)).isEqualTo(1);
  }

  private static void awaitEvents(Recording r, int count) throws InterruptedException {
    // Far below the batch delay: if the live path were the batch path, this would time out.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (r.events().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(r.events()).hasSizeGreaterThanOrEqualTo(count);
  }

  private static class Recording implements SpanExporter {
    private final boolean starts;
    final List<List<SpanData>> batches = new CopyOnWriteArrayList<>();

    Recording(boolean starts) {
      this.starts = starts;
    }

    @Override
    public ExportResult export(List<SpanData> batch) {
      batches.add(List.copyOf(batch));
      return ExportResult.success();
    }

    @Override
    public boolean exportsStarts() {
      return starts;
    }

    List<SpanData> events() {
      List<SpanData> all = new ArrayList<>();
      batches.forEach(all::addAll);
      return all;
    }
  }
}
