package dev.agentrace.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.CapturingExporter;
import dev.agentrace.core.ConformanceChecker;
import dev.agentrace.core.ReadableSpan;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.SpanProcessor;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.DropReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExportPipelineTest {

  private static AgentraceSdk.Builder quiet() {
    return AgentraceSdk.builder().shutdownHook(false);
  }

  @Test
  void flush_deliversEverythingEndedBefore() {
    CapturingExporter exporter = new CapturingExporter();
    AgentraceSdk sdk = quiet().exporter(exporter).batchDelay(Duration.ofSeconds(30)).build();
    for (int i = 0; i < 1000; i++) {
      sdk.tracer().span("s").start().end();
    }
    assertThat(sdk.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(exporter.spans()).hasSize(1000);
    sdk.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void batchDelay_partialBatchExportedWithoutFlush() throws Exception {
    CapturingExporter exporter = new CapturingExporter();
    AgentraceSdk sdk = quiet().exporter(exporter).batchDelay(Duration.ofMillis(50)).build();
    sdk.tracer().span("lonely").start().end();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (exporter.spans().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(exporter.spans()).extracting(SpanData::name).containsExactly("lonely");
    sdk.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void shutdown_drainsAndShutsExportersDown_thenCountsLateSpans() {
    CapturingExporter exporter = new CapturingExporter();
    AgentraceSdk sdk = quiet().exporter(exporter).build();
    for (int i = 0; i < 100_000; i++) {
      sdk.tracer().span("s").start().end();
    }
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(30));
    assertThat(exporter.spans()).hasSize(100_000);
    assertThat(stats.spansExported()).isEqualTo(100_000);
    assertThat(exporter.shutdowns).isEqualTo(1);

    sdk.tracer().span("late").start().end();
    assertThat(sdk.stats().dropped(DropReason.AFTER_SHUTDOWN)).isEqualTo(1);
    assertThat(sdk.shutdown(Duration.ofSeconds(1))).isEqualTo(stats);
  }

  @Test
  void twoProducerThreads_discardingExporter_dropNothingAtDefaults() throws Exception {
    // Steady state is the claim (as in the JMH run): a first SDK warms the JIT up on both sides of the
    // queue, so that an interpreted worker racing compiled producers does not decide the outcome.
    AgentraceSdk warmUp = quiet().exporter(batch -> ExportResult.success()).build();
    produce(warmUp, 200_000);
    warmUp.shutdown(Duration.ofSeconds(30));

    AtomicLong received = new AtomicLong();
    AgentraceSdk sdk = quiet().exporter(batch -> {
      received.addAndGet(batch.size());
      return ExportResult.success();
    }).build();
    int perThread = 500_000;
    produce(sdk, perThread);
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(30));
    assertThat(stats.spansDropped()).isZero();
    assertThat(received.get()).isEqualTo(2L * perThread);
    assertThat(stats.spansExported()).isEqualTo(2L * perThread);
  }

  /** Two threads each ending {@code perThread} spans as fast as they can. */
  private static void produce(AgentraceSdk sdk, int perThread) throws InterruptedException {
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread th = new Thread(() -> {
        Tracer tracer = sdk.tracer();
        for (int i = 0; i < perThread; i++) {
          tracer.span("tight").start().end();
        }
      });
      producers.add(th);
      th.start();
    }
    for (Thread th : producers) {
      th.join();
    }
  }

  @Test
  void slowExporter_smallQueue_dropsCountedExactly() {
    CapturingExporter exporter = new CapturingExporter();
    CountDownLatch gate = new CountDownLatch(1);
    exporter.block = gate;
    AgentraceSdk sdk = quiet().exporter(exporter).queueCapacity(64).batchSize(16).exporterBacklog(1).build();
    int total = 5_000;
    for (int i = 0; i < total; i++) {
      sdk.tracer().span("s").start().end();
    }
    gate.countDown();
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(10));
    assertThat(stats.spansDropped()).isPositive();
    assertThat(stats.dropped(DropReason.QUEUE_FULL) + stats.dropped(DropReason.EXPORTER_BACKLOG)).isEqualTo(stats.spansDropped());
    assertThat(stats.spansExported() + stats.spansDropped()).isEqualTo(total);
    assertThat(exporter.spans()).hasSize((int) stats.spansExported());
  }

  @Test
  void stalledExporter_largePayloads_heldWithinMaxBufferedBytesAndReleasedOnceExported() {
    CapturingExporter exporter = new CapturingExporter();
    CountDownLatch gate = new CountDownLatch(1);
    exporter.block = gate;
    AgentraceSdk sdk = quiet().exporter(exporter).maxBufferedBytes(1024 * 1024).build();
    String prompt = "p".repeat(10_000);
    // Captured as a JSON string: 10,002 characters, 20,004 bytes against the budget; 52 fit in 1 MiB.
    for (int i = 0; i < 200; i++) {
      sdk.tracer().span("llm").input(prompt).start().end();
    }
    assertThat(sdk.stats().dropped(DropReason.BUFFER_FULL)).isEqualTo(148);

    gate.countDown();
    assertThat(sdk.flush(Duration.ofSeconds(10))).isTrue();
    for (int i = 0; i < 52; i++) {
      sdk.tracer().span("llm").input(prompt).start().end();
    }
    for (int i = 0; i < 1_000; i++) {
      sdk.tracer().span("small").input("tiny").start().end();
    }
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(10));

    assertThat(stats.dropped(DropReason.BUFFER_FULL)).isEqualTo(148);
    assertThat(stats.spansExported()).isEqualTo(52 + 52 + 1_000);
    assertThat(stats.spansStarted()).isEqualTo(stats.spansExported() + stats.spansDropped());
  }

  @Test
  void maxBufferedBytes_belowOneMebibyte_isRejectedNamingTheValue() {
    assertThatThrownBy(() -> AgentraceSdk.builder().maxBufferedBytes(1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBufferedBytes must be at least 1 MiB (1048576), got 1000");
  }

  @Test
  void slowExporter_burstThatFitsTheQueue_waitsThereInsteadOfBeingDroppedAtTheBacklog() {
    CapturingExporter slow = new CapturingExporter();
    slow.delayMillis = 2;
    AgentraceSdk sdk = quiet().exporter(slow).queueCapacity(4096).batchSize(64).exporterBacklog(2).build();
    // 62 batches against a backlog of 2: the worker must stop draining while the exporter catches up.
    for (int i = 0; i < 4_000; i++) {
      sdk.tracer().span("s").start().end();
    }
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(30));

    assertThat(stats.droppedByReason()).isEmpty();
    assertThat(stats.spansExported()).isEqualTo(4_000);
    assertThat(slow.spans()).hasSize(4_000);
  }

  @Test
  void hungAndHealthyExporters_healthyGetsEverySpan_hungDropsOnlyAtItsOwnBacklog() {
    CapturingExporter hung = new CapturingExporter();
    hung.block = new CountDownLatch(1);
    CapturingExporter healthy = new CapturingExporter();
    AgentraceSdk sdk = quiet().exporter(hung).exporter(healthy).batchSize(64).exporterBacklog(2).build();
    // The hung exporter holds the worker back for its first second, then counts as stalled.
    for (int i = 0; i < 5_000; i++) {
      sdk.tracer().span("s").start().end();
    }
    assertThat(sdk.flush(Duration.ofSeconds(3))).isFalse();
    assertThat(healthy.spans()).hasSize(5_000);

    hung.block.countDown();
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(10));
    assertThat(stats.dropped(DropReason.EXPORTER_BACKLOG)).isPositive();
    assertThat(stats.spansExported() + stats.dropped(DropReason.EXPORTER_BACKLOG)).isEqualTo(5_000);
  }

  @Test
  void shutdown_timeoutWithWorkerStillBusy_countsEverySpanExactlyOnce() {
    CapturingExporter exporter = new CapturingExporter();
    // A slow check (about 20 us a span) keeps the worker busy enough that a 1 ms shutdown leaves most spans
    // in its hands.
    ConformanceChecker schema = (type, input, output) -> {
      long until = System.nanoTime() + 20_000;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      return Conformance.notChecked("slow check");
    };
    AgentraceSdk sdk = quiet().exporter(exporter).activitySchema(schema).build();
    int total = 50_000;
    for (int i = 0; i < total; i++) {
      sdk.tracer().span("s").type("tool").input(java.util.Map.of("q", "query " + i)).start().end();
    }
    SdkStats stats = sdk.shutdown(Duration.ofMillis(1));

    assertThat(stats.dropped(DropReason.SHUTDOWN_TIMEOUT)).isPositive();
    assertThat(stats.spansExported() + stats.spansDropped()).isEqualTo(total);
    assertThat(sdk.stats()).isEqualTo(stats);
    assertThat(exporter.spans()).hasSizeLessThanOrEqualTo((int) stats.spansExported());
  }

  @Test
  void shutdownHookTimeout_notPositive_isRejectedNamingTheValue() {
    assertThatThrownBy(() -> AgentraceSdk.builder().shutdownHook(true, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shutdown hook timeout must be positive, got PT0S");
  }

  @Test
  void exporterThrowingAnError_onlyFailsThatBatch_andKeepsExporting() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    CapturingExporter after = new CapturingExporter();
    SpanExporter flaky = batch -> {
      if (calls.incrementAndGet() == 1) {
        throw new AssertionError("an exporter's own assert") {
          @Override
          public String toString() {
            throw new IllegalStateException("and an unprintable one");
          }
        };
      }
      return after.export(batch);
    };
    AgentraceSdk sdk = quiet().exporter(flaky).build();
    sdk.tracer().span("first").start().end();
    assertThat(sdk.flush(Duration.ofSeconds(10))).isTrue();
    sdk.tracer().span("second").start().end();
    assertThat(sdk.flush(Duration.ofSeconds(10))).as("the exporter's thread survived").isTrue();

    SdkStats stats = sdk.shutdown(Duration.ofSeconds(10));
    assertThat(stats.dropped(DropReason.EXPORT_FAILED)).isEqualTo(1);
    assertThat(after.spans()).extracting(SpanData::name).containsExactly("second");
  }

  @Test
  void throwingExporter_isolatedFromHealthyOne() {
    CapturingExporter broken = new CapturingExporter();
    broken.toThrow = new IllegalStateException("backend exploded");
    CapturingExporter healthy = new CapturingExporter();
    AgentraceSdk sdk = quiet().exporter(broken).exporter(healthy).build();
    for (int i = 0; i < 10; i++) {
      sdk.tracer().span("s").start().end();
    }
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(10));
    assertThat(healthy.spans()).hasSize(10);
    assertThat(stats.exportFailures()).isPositive();
    assertThat(stats.dropped(DropReason.EXPORT_FAILED)).isEqualTo(10);
  }

  @Test
  void hungExporter_cannotHoldShutdownPastTimeout_andOthersStillExport() {
    CapturingExporter hung = new CapturingExporter();
    hung.block = new CountDownLatch(1);
    CapturingExporter healthy = new CapturingExporter();
    AgentraceSdk sdk = quiet().exporter(hung).exporter(healthy).build();
    for (int i = 0; i < 10; i++) {
      sdk.tracer().span("s").start().end();
    }
    assertThat(sdk.flush(Duration.ofMillis(300))).isFalse();
    assertThat(healthy.spans()).hasSize(10);
    long t0 = System.nanoTime();
    SdkStats stats = sdk.shutdown(Duration.ofMillis(500));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(stats.dropped(DropReason.SHUTDOWN_TIMEOUT)).isEqualTo(10);
    hung.block.countDown();
  }

  @Test
  void exporterReturningFailure_countedAsExportFailed() {
    AgentraceSdk sdk = quiet().exporter(batch -> ExportResult.failure("503 from collector")).build();
    sdk.tracer().span("s").start().end();
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(5));
    assertThat(stats.dropped(DropReason.EXPORT_FAILED)).isEqualTo(1);
    assertThat(stats.spansStarted()).isEqualTo(stats.spansExported() + stats.spansDropped());
  }

  @Test
  void partialSuccess_rejectedSpansCounted() {
    AgentraceSdk sdk = quiet().exporter(batch -> ExportResult.partialSuccess(2, "2 spans too large")).build();
    for (int i = 0; i < 5; i++) {
      sdk.tracer().span("s").start().end();
    }
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(5));
    assertThat(stats.spansExported()).isEqualTo(3);
    assertThat(stats.dropped(DropReason.EXPORT_REJECTED)).isEqualTo(2);
  }

  @Test
  void liveStarts_exporterSeesStartWithInputBeforeEnd() {
    TestSdk t = TestSdk.withStarts();
    Span s = t.tracer().span("think").input("what now?").start();
    assertThat(t.sdk.flush(TestSdk.WAIT)).isTrue();
    assertThat(t.exporter.starts()).singleElement().satisfies(start -> {
      assertThat(start.name()).isEqualTo("think");
      assertThat(start.ended()).isFalse();
      assertThat(start.input()).isEqualTo("\"what now?\"");
      assertThat(start.output()).isNull();
    });
    assertThat(t.exporter.spans()).isEmpty();
    s.output("this").end();
    assertThat(t.span("think").output()).isEqualTo("\"this\"");
    t.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void processor_onStartOnlyCalledWhenOverridden_andThrowingProcessorIsolated() {
    List<String> seen = new ArrayList<>();
    SpanProcessor endOnly = span -> seen.add("end:" + span.name());
    SpanProcessor both = new SpanProcessor() {
      @Override
      public void onStart(ReadableSpan span) {
        seen.add("start:" + span.name());
      }

      @Override
      public void onEnd(SpanData span) {
        throw new IllegalStateException("processor bug");
      }
    };
    AgentraceSdk sdk = quiet().processor(endOnly).processor(both).build();
    sdk.tracer().span("x").start().end();
    assertThat(seen).containsExactly("start:x", "end:x");
    sdk.shutdown(Duration.ofSeconds(1));
  }
}
