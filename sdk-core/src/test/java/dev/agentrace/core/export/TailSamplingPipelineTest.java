package dev.agentrace.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.CapturingExporter;
import dev.agentrace.core.IdGenerator;
import dev.agentrace.core.Sampler;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.sampling.TailSamplingPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Tail sampling through the whole pipeline: never-ending roots, head sampling first, bounds under load
 * with exact accounting, and exporters the decision does and does not apply to.
 */
class TailSamplingPipelineTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static AgentraceSdk.Builder quiet() {
    return AgentraceSdk.builder().shutdownHook(false);
  }

  private static void awaitSpans(CapturingExporter exporter, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (exporter.spans().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(exporter.spans()).hasSizeGreaterThanOrEqualTo(count);
  }

  private static void assertEverySpanAccounted(SdkStats stats) {
    assertThat(stats.spansStarted()).isEqualTo(stats.spansEnded());
    assertThat(stats.spansExported() + stats.spansDropped()).as("%s", stats).isEqualTo(stats.spansStarted());
  }

  @Test
  void neverEndingRoot_decidedAtTimeoutOnWhatIsThere_rootFollowsAtShutdown() throws Exception {
    CapturingExporter exporter = new CapturingExporter();
    AgentraceSdk sdk = quiet().exporter(exporter).batchDelay(Duration.ofMillis(20))
        .tailSampling(TailSamplingPolicy.builder().keepErrors().decisionTimeout(Duration.ofMillis(500)).build())
        .build();
    Tracer tracer = sdk.tracer();
    long started = System.nanoTime();
    Span stuck = tracer.span("stuck_run").start();
    tracer.span("plan").start().end();
    tracer.span("tool").start().error("upstream 503").end();
    Span healthyStuck = tracer.span("healthy_stuck").noParent().start();
    tracer.span("healthy_child").parent(healthyStuck.context()).start().end();

    // Nothing is exported while the roots are open; after the timeout, the failing trace is, on what it has.
    // (Checked only if the flush came back within the timeout: a stalled machine may reach it first.)
    assertThat(sdk.flush(WAIT)).isTrue();
    if (System.nanoTime() - started < Duration.ofMillis(400).toNanos()) {
      assertThat(exporter.spans()).isEmpty();
    }
    awaitSpans(exporter, 2);
    assertThat(exporter.spans()).extracting(SpanData::name).containsExactly("plan", "tool");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (sdk.stats().tracesDecidedEarly() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sdk.stats().tracesDecidedEarly()).isEqualTo(2);
    assertThat(sdk.stats().dropped(DropReason.TAIL_SAMPLED)).isEqualTo(1);

    // Shutdown ends the roots as never ended (status ERROR): the kept trace's root follows its decision; the
    // dropped trace's root is a late error, kept on its own.
    SdkStats stats = sdk.shutdown(WAIT);
    assertThat(exporter.spans()).extracting(SpanData::name)
        .containsExactlyInAnyOrder("plan", "tool", "stuck_run", "healthy_stuck");
    assertThat(exporter.span("healthy_stuck").statusMessage()).startsWith("never ended");
    assertThat(stats.neverEnded()).isEqualTo(2);
    assertThat(stats.dropped(DropReason.TAIL_SAMPLED)).isEqualTo(1);
    assertThat(stats.tracesDecidedEarly()).isEqualTo(2);
    assertEverySpanAccounted(stats);
  }

  @Test
  void headSampling_runsFirst_tailSeesOnlyRecordedTraces() {
    // Trace ids alternate between inside and outside a 0.5 head ratio; every other trace of each kind fails.
    AtomicLong n = new AtomicLong();
    IdGenerator ids = new IdGenerator() {
      private final AtomicLong span = new AtomicLong();

      @Override
      public long newSpanId() {
        return span.incrementAndGet();
      }

      @Override
      public long newTraceIdHigh() {
        return 7;
      }

      @Override
      public long newTraceIdLow() {
        return n.get() % 2 == 0 ? 1 + n.get() : Long.MAX_VALUE - n.get();
      }
    };
    CapturingExporter exporter = new CapturingExporter();
    AgentraceSdk sdk = quiet().exporter(exporter).idGenerator(ids).sampler(Sampler.ratio(0.5))
        .tailSampling(TailSamplingPolicy.builder().keepErrors().build()).build();
    Tracer tracer = sdk.tracer();
    for (int i = 0; i < 8; i++) {
      n.set(i);
      boolean fails = (i / 2) % 2 == 0;
      tracer.span("run-" + i).run(() -> {
        Span step = tracer.span("step").start();
        if (fails) {
          step.error("failed");
        }
        step.end();
      });
    }
    SdkStats stats = sdk.shutdown(WAIT);
    // Head-sampled: runs 0, 2, 4, 6; of those, 0 and 4 failed and are kept, 2 and 6 are dropped by the tail.
    // Runs 1 and 5 failed too, but head sampling never recorded them: tail sampling cannot bring them back.
    assertThat(exporter.spans()).extracting(SpanData::name).containsExactly("step", "run-0", "step", "run-4");
    assertThat(stats.spansStarted()).isEqualTo(8);
    assertThat(stats.dropped(DropReason.TAIL_SAMPLED)).isEqualTo(4);
    assertEverySpanAccounted(stats);
  }

  @Test
  void load_openRootsBoundedByTheCaps_memoryFlat_everySpanAccounted() throws Exception {
    CapturingExporter exporter = new CapturingExporter();
    AgentraceSdk sdk = quiet().exporter(exporter)
        .tailSampling(TailSamplingPolicy.builder().keepErrors().maxTraces(64).maxBytes(1024 * 1024).build())
        .build();
    Tracer tracer = sdk.tracer();
    // Under 512 characters, so the pipeline's byte budget does not weigh them: only the tail caps bound them.
    String payload = "p".repeat(400);
    int threads = 2;
    int tracesPerThread = 50_000;
    long baseline = usedAfterGc();
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread p = new Thread(() -> {
        for (int i = 0; i < tracesPerThread; i++) {
          // Roots stay open until shutdown: without the caps, every child would be held.
          Span root = tracer.span("run").noParent().start();
          tracer.span("plan").parent(root.context()).input(payload).start().end();
          Span act = tracer.span("act").parent(root.context()).input(payload).start();
          if (i % 100 == 0) {
            act.error("failed");
          }
          act.end();
        }
      });
      producers.add(p);
      p.start();
    }
    for (Thread p : producers) {
      p.join();
    }
    assertThat(sdk.flush(WAIT)).isTrue();
    long grown = usedAfterGc() - baseline;
    // 200,000 children with 400-character inputs take about 200 MB if held; the caps allow about 1 MiB of
    // them (the open roots, which the agent holds, take about 30 MB).
    assertThat(grown).as("heap retained after GC, held by %d open traces", threads * tracesPerThread)
        .isLessThan(80L * 1024 * 1024);

    // Every failed step that reached the worker is exported, whether its trace was decided before or after
    // it. Before shutdown only children have ended, so any loss before the worker is a child's.
    SdkStats mid = sdk.stats();
    long lostBeforeWorker = mid.droppedByReason().entrySet().stream()
        .filter(e -> e.getKey() != DropReason.TAIL_SAMPLED).mapToLong(e -> e.getValue()).sum();
    long failedOffered = (long) threads * (tracesPerThread / 100);
    // Counted by name: once the producer threads have ended, the SDK's housekeeping may end their open roots as
    // never ended (ERROR, kept on their own), which is not what this counts.
    assertThat(exporter.spans().stream().filter(s -> s.name().equals("act") && s.status() == SpanStatus.ERROR).count())
        .isBetween(failedOffered - lostBeforeWorker, failedOffered);

    SdkStats stats = sdk.shutdown(Duration.ofSeconds(60));
    assertEverySpanAccounted(stats);
    // Most traces were decided by the cap, not by a root (those roots end at shutdown, as late spans).
    assertThat(stats.tracesDecidedEarly()).isGreaterThan(1_000);
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  @Test
  void remoteParent_spanIsTheLocalRoot_decidedWhenItEnds_unsampledParentNeverReachesTheTail() {
    CapturingExporter exporter = new CapturingExporter();
    AgentraceSdk sdk = quiet().exporter(exporter)
        .tailSampling(TailSamplingPolicy.builder().keepErrors().decisionTimeout(Duration.ofHours(1)).build()).build();
    Tracer tracer = sdk.tracer();
    SpanContext sampled = SpanContext.createRemote("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", (byte) 1, null);
    SpanContext unsampled = SpanContext.createRemote("5bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", (byte) 0, null);
    tracer.span("handle_request").parent(sampled).run(() -> tracer.span("db").start().error("deadlock").end());
    tracer.span("handle_other").parent(unsampled).run(() -> tracer.span("db").start().error("deadlock").end());

    // Decided when the remote-parented span ended, not at the (hour-long) timeout.
    assertThat(sdk.flush(WAIT)).isTrue();
    assertThat(exporter.spans()).extracting(SpanData::name).containsExactly("db", "handle_request");
    assertThat(exporter.span("handle_request").traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    SdkStats stats = sdk.shutdown(WAIT);
    assertThat(stats.tracesDecidedEarly()).isZero();
    assertThat(stats.spansStarted()).as("the unsampled remote trace is not recorded").isEqualTo(2);
    assertEverySpanAccounted(stats);
  }

  @Test
  void recordExporterSeesKeptTraces_liveExporterSeesEverySpanAndStart() {
    CapturingExporter record = new CapturingExporter(true);
    CapturingExporter live = new CapturingExporter(true);
    AgentraceSdk sdk = quiet().exporter(record).liveExporter(live)
        .tailSampling(TailSamplingPolicy.builder().keepErrors().build()).build();
    Tracer tracer = sdk.tracer();
    tracer.span("healthy").run(() -> tracer.span("ok_step").start().end());
    tracer.span("failing").run(() -> tracer.span("bad_step").start().error("boom").end());
    SdkStats stats = sdk.shutdown(WAIT);

    assertThat(live.spans()).extracting(SpanData::name).containsExactly("ok_step", "healthy", "bad_step", "failing");
    assertThat(live.starts()).extracting(SpanData::name).containsExactly("healthy", "ok_step", "failing", "bad_step");
    assertThat(record.spans()).extracting(SpanData::name).containsExactly("bad_step", "failing");
    assertThat(record.starts()).as("a decided exporter gets no start events").isEmpty();
    assertThat(stats.spansExported()).isEqualTo(2);
    assertThat(stats.dropped(DropReason.TAIL_SAMPLED)).isEqualTo(2);
    assertEverySpanAccounted(stats);
  }

  @Test
  void failingLiveExporter_doesNotMakeKeptSpansLost() {
    CapturingExporter record = new CapturingExporter();
    CapturingExporter live = new CapturingExporter();
    live.toThrow = new IllegalStateException("view closed");
    AgentraceSdk sdk = quiet().exporter(record).liveExporter(live)
        .tailSampling(TailSamplingPolicy.builder().keepErrors().build()).build();
    Tracer tracer = sdk.tracer();
    tracer.span("failing").run(() -> tracer.span("bad_step").start().error("boom").end());
    SdkStats stats = sdk.shutdown(WAIT);
    assertThat(record.spans()).hasSize(2);
    assertThat(stats.spansExported()).isEqualTo(2);
    assertThat(stats.exportFailures()).isPositive();
    assertEverySpanAccounted(stats);
  }
}
