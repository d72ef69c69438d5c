package dev.agentrace.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Propagation;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanContext;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.Sampler;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.data.SpanData;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Unsampled spans opened with start() are pooled frames behind handles: reuse must never leak between spans.
 * Unsampled roots run with run/call bind a frame of their own for the lambda's duration.
 */
class UnsampledSpanTest {
  final TestSdk t = TestSdk.create(AgentraceSdk.builder().sampler(Sampler.alwaysOff()));
  final Tracer tracer = t.tracer();

  @AfterEach
  void shutdown() {
    t.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void handleKeptPastEnd_doesNotEndOrReadTheNextSpan() {
    Span first = tracer.span("first").start();
    SpanContext firstContext = first.context();
    first.end();
    try (Span second = tracer.span("second").start()) {
      first.end();
      first.close();
      assertThat(first.context()).isEqualTo(firstContext);
      assertThat(tracer.currentSpan().context()).isEqualTo(second.context());
      assertThat(second.context().traceId()).isNotEqualTo(firstContext.traceId());
    }
    assertThat(tracer.currentSpan().context().isValid()).isFalse();
  }

  @Test
  void closeOutOfOrder_repairsStack() {
    Span a = tracer.span("a").start();
    Span b = tracer.span("b").noParent().start();
    a.close();
    // b was opened inside a: closing a takes it off the thread (its frame is recycled), so nothing is current.
    assertThat(tracer.currentSpan().context().isValid()).isFalse();
    b.close();
    assertThat(tracer.currentSpan().context().isValid()).isFalse();
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(1);
  }

  @Test
  void endOnAnotherThread_ownerSkipsItLazily() throws Exception {
    Span a = tracer.span("a").start();
    Span b = tracer.span("b").noParent().start();
    Thread other = new Thread(b::end);
    other.start();
    other.join();
    assertThat(tracer.currentSpan().context()).isEqualTo(a.context());
    a.end();
    assertThat(tracer.currentSpan().context().isValid()).isFalse();
  }

  @Test
  void wrappedTask_carriesUnsampledTraceAfterTheSpanEnded() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    AtomicReference<SpanContext> seen = new AtomicReference<>();
    Runnable task;
    SpanContext parent;
    try (Span root = tracer.span("root").start()) {
      parent = root.context();
      task = tracer.wrap(() -> seen.set(tracer.span("child").start().context()));
    }
    // The root's frame is recycled by the next span on this thread; the task must still see the root's trace.
    try (Span next = tracer.span("next").start()) {
      pool.submit(task).get(5, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(seen.get().traceId()).isEqualTo(parent.traceId());
    assertThat(seen.get().isSampled()).isFalse();
  }

  @Test
  void sampledRootInsideUnsampled_isRecordedAndUnsampledScopeReturns() {
    TestSdk mixed = TestSdk.create(AgentraceSdk.builder().sampler((hi, lo, name, kind) -> !name.startsWith("off")));
    Tracer tr = mixed.tracer();
    try (Span off = tr.span("off").start()) {
      try (Span on = tr.span("on").noParent().start()) {
        assertThat(on.isRecording()).isTrue();
        tr.span("child").start().end();
      }
      assertThat(tr.currentSpan().context()).isEqualTo(off.context());
      assertThat(tr.span("unsampled-child").start().isRecording()).isFalse();
    }
    assertThat(mixed.span("child").parentSpanId()).isEqualTo(mixed.span("on").spanId());
    assertThat(mixed.flushAndGet()).extracting(SpanData::name).containsExactlyInAnyOrder("on", "child");
    mixed.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void call_unsampledRoot_lambdaSeesTheUnsampledTraceAndNothingIsRecorded() {
    AtomicReference<SpanContext> inside = new AtomicReference<>();
    AtomicReference<SpanContext> child = new AtomicReference<>();
    Map<String, String> headers = new HashMap<>();

    String result = tracer.span("root").call(() -> {
      inside.set(tracer.currentSpan().context());
      try (Span c = tracer.span("child").start()) {
        assertThat(c.isRecording()).isFalse();
        child.set(c.context());
      }
      Propagation.w3c().inject(tracer.currentSpan().context(), headers);
      return "answer";
    });

    assertThat(result).isEqualTo("answer");
    assertThat(inside.get().isValid()).isTrue();
    assertThat(inside.get().isSampled()).isFalse();
    assertThat(child.get().traceId()).isEqualTo(inside.get().traceId());
    assertThat(headers.get("traceparent")).isEqualTo("00-" + inside.get().traceId() + "-" + inside.get().spanId() + "-00");
    assertThat(tracer.currentSpan().context().isValid()).isFalse();
    assertThat(t.flushAndGet()).isEmpty();
    assertThat(t.sdk.stats().spansStarted()).isZero();
    assertThat(t.sdk.stats().instrumentationErrors()).isZero();
  }

  @Test
  void call_unsampledRoot_endingTheCurrentSpanInsideChangesNothing() {
    tracer.span("root").run(() -> {
      SpanContext before = tracer.currentSpan().context();
      tracer.currentSpan().end();
      assertThat(tracer.currentSpan().context()).isEqualTo(before);
      assertThat(tracer.span("child").start().context().traceId()).isEqualTo(before.traceId());
    });
    assertThat(tracer.currentSpan().context().isValid()).isFalse();
    assertThat(t.sdk.stats().instrumentationErrors()).isZero();
  }

  @Test
  void call_unsampledRootThrows_exceptionPassesThroughAndContextIsRestored() {
    try (Span open = tracer.span("open").start()) {
      IllegalStateException thrown = new IllegalStateException("tool failed");
      assertThatThrownBy(() -> tracer.span("root").noParent().run(() -> {
        throw thrown;
      })).isSameAs(thrown);
      assertThat(tracer.currentSpan().context()).isEqualTo(open.context());
    }
    assertThat(tracer.currentSpan().context().isValid()).isFalse();
  }

  @Test
  void call_sampledRootInsideUnsampledCall_isRecordedAndTheUnsampledScopeReturns() {
    TestSdk mixed = TestSdk.create(AgentraceSdk.builder().sampler((hi, lo, name, kind) -> !name.startsWith("off")));
    Tracer tr = mixed.tracer();
    tr.span("off").run(() -> {
      SpanContext off = tr.currentSpan().context();
      tr.span("on").noParent().run(() -> tr.span("child").start().end());
      assertThat(tr.currentSpan().context()).isEqualTo(off);
    });
    assertThat(mixed.flushAndGet()).extracting(SpanData::name).containsExactlyInAnyOrder("on", "child");
    mixed.sdk.shutdown(TestSdk.WAIT);
  }
}
