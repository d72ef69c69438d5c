package dev.agentrace.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.Sampler;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.TestSdk;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scopes left open by tasks on pooled threads: repaired, accounted for, and loud in strict mode. */
class ContextHygieneTest {
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** Runs a wrapped task on the pool's thread that starts span {@code name} and never ends it. */
  private void leakOnPool(Tracer tracer, String name) throws Exception {
    pool.submit(tracer.wrap(() -> {
      tracer.span(name).start();
    })).get(5, TimeUnit.SECONDS);
  }

  @Test
  void shutdown_spanLeakedByWrappedTask_isReportedNeverEnded() throws Exception {
    TestSdk t = TestSdk.create();
    Tracer tracer = t.tracer();
    leakOnPool(tracer, "leaked");

    SdkStats stats = t.sdk.shutdown(TestSdk.WAIT);

    assertThat(stats.spansStarted()).isEqualTo(1);
    assertThat(stats.neverEnded()).isEqualTo(1);
    assertThat(stats.spansExported() + stats.spansDropped()).isEqualTo(stats.spansStarted());
    assertThat(t.exporter.span("leaked").statusMessage()).startsWith("never ended");
  }

  @Test
  void wrappedTask_leakedSpanEndedLaterElsewhere_isExportedOnceAndNotNeverEnded() throws Exception {
    TestSdk t = TestSdk.create();
    Tracer tracer = t.tracer();
    Span handedOff = pool.submit(tracer.wrap(() -> tracer.span("handed_off").start())).get(5, TimeUnit.SECONDS);
    handedOff.end();

    SdkStats stats = t.sdk.shutdown(TestSdk.WAIT);

    assertThat(stats.neverEnded()).isZero();
    assertThat(stats.spansExported()).isEqualTo(1);
    assertThat(t.exporter.spans()).singleElement().satisfies(s -> assertThat(s.statusMessage()).isNull());
  }

  @Test
  void wrappedTasks_leakingOnPooledThread_nextTaskGetsCapturedParentNotStaleOne() throws Exception {
    TestSdk t = TestSdk.create();
    Tracer tracer = t.tracer();
    for (int i = 0; i < 3; i++) {
      leakOnPool(tracer, "leaky");
    }
    try (Span request = tracer.span("request").start()) {
      pool.submit(tracer.wrap(() -> tracer.span("work").start().end())).get(5, TimeUnit.SECONDS);
    }

    assertThat(t.span("work").parentSpanId()).isEqualTo(t.span("request").spanId());
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(3);
  }

  @Test
  void wrappedTasks_leakingUnsampledSpans_returnFramesToThePool() throws Exception {
    TestSdk t = TestSdk.create(AgentraceSdk.builder().sampler(Sampler.alwaysOff()).metrics(false));
    Tracer tracer = t.tracer();
    for (int i = 0; i < 1_000; i++) {
      pool.submit(tracer.wrap(() -> {
        tracer.span("unsampled_leak").start();
        tracer.span("nested_leak").start();
      })).get(5, TimeUnit.SECONDS);
    }

    int frames = pool.submit(() -> Scopes.state().pooledFrames()).get(5, TimeUnit.SECONDS);

    assertThat(frames).isLessThanOrEqualTo(2);
    t.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void strictContext_leakedScope_isRecordedWithWhereTheSpanStarted() throws Exception {
    TestSdk t = TestSdk.create(AgentraceSdk.builder().strictContext(true));
    Tracer tracer = t.tracer();
    pool.submit(tracer.wrap(() -> {
      tracer.span("leaked_in_task").start();
    })).get(5, TimeUnit.SECONDS);

    assertThat(t.sdk.contextViolations()).singleElement().asString()
        .contains("A task left span 'leaked_in_task' open on thread")
        .contains("span 'leaked_in_task' was started")
        .contains("at dev.agentrace.core.trace.ContextHygieneTest.lambda$strictContext_leakedScope");
    t.sdk.shutdown(TestSdk.WAIT);
    assertThat(t.sdk.contextViolations()).hasSize(2)
        .last().asString().contains("Span 'leaked_in_task' was never ended");
  }

  @Test
  void unwrappedPoolThread_rootClosedOverLeakedSpan_laterRequestsStartNewTraces() throws Exception {
    TestSdk t = TestSdk.create();
    Tracer tracer = t.tracer();
    for (int i = 0; i < 3; i++) {
      String request = "req" + i;
      // No Tracer.wrap: nothing resets the thread between requests.
      pool.submit(() -> {
        try (Span root = tracer.span(request).start()) {
          if (request.equals("req0")) {
            tracer.span("leaked").start();
          }
        }
      }).get(5, TimeUnit.SECONDS);
    }
    boolean nothingCurrentAfter = pool.submit(() -> !tracer.currentSpan().isRecording()).get(5, TimeUnit.SECONDS);
    long errorsBeforeShutdown = t.sdk.stats().instrumentationErrors();

    SdkStats stats = t.sdk.shutdown(TestSdk.WAIT);

    assertThat(nothingCurrentAfter).isTrue();
    assertThat(t.exporter.span("req1").parentSpanId()).isNull();
    assertThat(t.exporter.span("req2").parentSpanId()).isNull();
    assertThat(t.exporter.span("req1").traceId())
        .isNotEqualTo(t.exporter.span("req0").traceId())
        .isNotEqualTo(t.exporter.span("req2").traceId());
    assertThat(t.exporter.span("leaked").parentSpanId()).isEqualTo(t.exporter.span("req0").spanId());
    assertThat(errorsBeforeShutdown).isEqualTo(1);
    assertThat(stats.instrumentationErrors()).isEqualTo(1);
    assertThat(stats.neverEnded()).isEqualTo(1);
    assertThat(t.exporter.span("leaked").statusMessage()).startsWith("never ended");
    assertThat(t.exporter.span("leaked").attributes()).containsEntry("agentrace.never_ended", true);
    assertThat(stats.spansExported()).isEqualTo(4);
  }

  @Test
  void strictContext_rootClosedOverLeakedSpan_isRecordedWithTheLeakedSpansStartSite() {
    TestSdk t = TestSdk.create(AgentraceSdk.builder().strictContext(true));
    Tracer tracer = t.tracer();
    try (Span root = tracer.span("root").start()) {
      startAndLeak(tracer);
    }

    assertThat(t.sdk.contextViolations()).singleElement().asString()
        .contains("Span 'root' was closed before a span opened inside it, 'leaked_inside'")
        .contains("span 'leaked_inside' was started")
        .contains("at dev.agentrace.core.trace.ContextHygieneTest.startAndLeak");
    t.sdk.shutdown(TestSdk.WAIT);
    assertThat(t.sdk.contextViolations()).hasSize(2)
        .last().asString().contains("Span 'leaked_inside' was never ended");
  }

  private static void startAndLeak(Tracer tracer) {
    tracer.span("leaked_inside").start();
  }

  @Test
  void leakedSpanTakenOffByClose_endedLaterByItsOwner_isExportedOnceAndNotNeverEnded() {
    TestSdk t = TestSdk.create();
    Tracer tracer = t.tracer();
    Span root = tracer.span("root").start();
    Span late = tracer.span("late").start();
    root.end();
    assertThat(tracer.currentSpan().isRecording()).isFalse();
    late.end();

    SdkStats stats = t.sdk.shutdown(TestSdk.WAIT);

    assertThat(stats.instrumentationErrors()).isEqualTo(1);
    assertThat(stats.neverEnded()).isZero();
    assertThat(stats.spansExported()).isEqualTo(2);
    assertThat(t.exporter.span("late").statusMessage()).isNull();
  }

  @Test
  void strictContext_closeOutOfOrder_isRecordedEveryTime() {
    TestSdk t = TestSdk.create(AgentraceSdk.builder().strictContext(true));
    Tracer tracer = t.tracer();
    for (int i = 0; i < 2; i++) {
      Span outer = tracer.span("outer").start();
      Span inner = tracer.span("inner").start();
      outer.end();
      inner.end();
    }

    assertThat(t.sdk.contextViolations()).hasSize(2)
        .allSatisfy(v -> assertThat(v).contains("Span 'outer' was closed before a span opened inside it")
            .contains("at dev.agentrace.core.trace.ContextHygieneTest.strictContext_closeOutOfOrder"));
    assertThat(t.sdk.shutdown(TestSdk.WAIT).instrumentationErrors()).isEqualTo(2);
  }

  @Test
  void contextViolations_strictOff_staysEmptyButMistakesAreCounted() throws Exception {
    TestSdk t = TestSdk.create();
    Tracer tracer = t.tracer();
    leakOnPool(tracer, "leaked");

    SdkStats stats = t.sdk.shutdown(TestSdk.WAIT);

    assertThat(t.sdk.contextViolations()).isEmpty();
    assertThat(stats.instrumentationErrors()).isEqualTo(1);
    assertThat(stats.neverEnded()).isEqualTo(1);
  }

  @Test
  void parentEndedOnOwner_afterChildEndedOnAnotherThread_isNotAnOutOfOrderClose() throws Exception {
    TestSdk t = TestSdk.create();
    Tracer tracer = t.tracer();
    Span parent = tracer.span("parent").start();
    Span child = tracer.span("child").start();
    pool.submit(child::end).get(5, TimeUnit.SECONDS);
    parent.end();

    SdkStats stats = t.sdk.shutdown(TestSdk.WAIT);

    assertThat(stats.instrumentationErrors()).isZero();
    assertThat(stats.spansExported()).isEqualTo(2);
    assertThat(tracer.currentSpan().isRecording()).isFalse();
  }
}
