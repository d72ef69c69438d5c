package dev.agentrace.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.TestSdk;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Context rules of docs/architecture.md ("Context"). Runs under surefire on target/classes (the ThreadLocal
 * path for closed scopes, as on Java 17-24); {@code ContextPropagationIT} runs the same rules against the
 * packaged multi-release jar, where Java 25 uses ScopedValue.
 */
class ContextPropagationTest {
  final TestSdk t = TestSdk.create();
  final Tracer tracer = t.tracer();

  @AfterEach
  void shutdown() {
    t.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void currentSpan_noneOpen_isNoopAndNotRecording() {
    assertThat(tracer.currentSpan().isRecording()).isFalse();
    assertThat(tracer.currentSpan().context().isValid()).isFalse();
  }

  @Test
  void close_restoresPreviousCurrent() {
    try (Span a = tracer.span("a").start()) {
      try (Span b = tracer.span("b").start()) {
        assertThat(tracer.currentSpan()).isSameAs(b);
      }
      assertThat(tracer.currentSpan()).isSameAs(a);
    }
    assertThat(tracer.currentSpan().isRecording()).isFalse();
  }

  @Test
  void mixedNesting_openInsideClosedInsideOpen_innermostWins() {
    try (Span outer = tracer.span("outer").start()) {
      tracer.span("closed").run(() -> {
        Span closed = tracer.currentSpan();
        assertThat(closed).isNotSameAs(outer);
        try (Span inner = tracer.span("inner-open").start()) {
          assertThat(tracer.currentSpan()).isSameAs(inner);
          tracer.span("leaf").run(() -> assertThat(tracer.currentSpan().context().spanId()).isNotEqualTo(inner.context().spanId()));
        }
        assertThat(tracer.currentSpan()).isSameAs(closed);
      });
      assertThat(tracer.currentSpan()).isSameAs(outer);
    }
    assertThat(t.span("closed").parentSpanId()).isEqualTo(t.span("outer").spanId());
    assertThat(t.span("inner-open").parentSpanId()).isEqualTo(t.span("closed").spanId());
    assertThat(t.span("leaf").parentSpanId()).isEqualTo(t.span("inner-open").spanId());
  }

  @Test
  void mixedNesting_closedNoParentInsideOpen_isCurrentInsideItsLambda() {
    try (Span outer = tracer.span("outer").start()) {
      tracer.span("detached").noParent().run(() -> {
        tracer.span("child").start().end();
      });
      tracer.span("sibling").start().end();
    }
    assertThat(t.span("child").parentSpanId()).isEqualTo(t.span("detached").spanId());
    assertThat(t.span("sibling").parentSpanId()).isEqualTo(t.span("outer").spanId());
  }

  @Test
  void closeOutOfOrder_repairsStackAndCounts() {
    Span a = tracer.span("a").start();
    Span b = tracer.span("b").start();
    Span c = tracer.span("c").start();
    b.close();
    // c was opened inside b: closing b takes it off the thread too, so a is current again.
    assertThat(tracer.currentSpan()).isSameAs(a);
    c.close();
    assertThat(tracer.currentSpan()).isSameAs(a);
    tracer.span("d").start().end();
    a.close();
    assertThat(tracer.currentSpan().isRecording()).isFalse();
    assertThat(t.span("d").parentSpanId()).isEqualTo(t.span("a").spanId());
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(1);
  }

  @Test
  void closedScope_lambdaLeavesStartedSpanOpen_itIsNotCurrentAfterwards() {
    tracer.span("closed").run(() -> {
      tracer.span("leaked").start();
    });
    assertThat(tracer.currentSpan().isRecording()).isFalse();
    tracer.span("next").start().end();

    assertThat(t.span("next").parentSpanId()).isNull();
    assertThat(t.span("next").traceId()).isNotEqualTo(t.span("closed").traceId());
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(1);
  }

  @Test
  void closedScopeInsideOpen_lambdaLeavesStartedSpanOpen_outerIsCurrentAgain() {
    try (Span outer = tracer.span("outer").start()) {
      tracer.span("closed").run(() -> {
        tracer.span("leaked").start();
      });
      assertThat(tracer.currentSpan()).isSameAs(outer);
      tracer.span("sibling").start().end();
    }
    assertThat(tracer.currentSpan().isRecording()).isFalse();
    assertThat(t.span("sibling").parentSpanId()).isEqualTo(t.span("outer").spanId());
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(1);
  }

  @Test
  void closeOnAnotherThread_ownerThreadRepairsLazily() throws Exception {
    Span a = tracer.span("a").start();
    Span b = tracer.span("b").start();
    Thread other = new Thread(b::close);
    other.start();
    other.join();
    assertThat(tracer.currentSpan()).isSameAs(a);
    tracer.span("c").start().end();
    a.close();
    assertThat(t.span("c").parentSpanId()).isEqualTo(t.span("a").spanId());
    assertThat(t.span("b").ended()).isTrue();
  }

  @Test
  void wrapExecutorService_carriesSpanCurrentAtSubmit() throws Exception {
    ExecutorService pool = tracer.wrap(Executors.newFixedThreadPool(2));
    try (Span parent = tracer.span("fan_out").start()) {
      pool.submit(() -> tracer.span("task-a").run(() -> { })).get(5, TimeUnit.SECONDS);
      pool.submit((Callable<String>) () -> tracer.span("task-b").call(() -> "x")).get(5, TimeUnit.SECONDS);
    }
    pool.shutdown();
    String parentId = t.span("fan_out").spanId();
    assertThat(t.span("task-a").parentSpanId()).isEqualTo(parentId);
    assertThat(t.span("task-b").parentSpanId()).isEqualTo(parentId);
    assertThat(t.span("task-a").threadName()).isNotEqualTo(Thread.currentThread().getName());
  }

  @Test
  void wrapRunnable_pooledThread_doesNotLeakContextToNextTask() throws Exception {
    ExecutorService raw = Executors.newSingleThreadExecutor();
    try (Span parent = tracer.span("parent").start()) {
      // A task that leaks an open span: the wrapper must reset the thread afterwards.
      raw.submit(tracer.wrap(() -> {
        tracer.span("leaked").start();
      })).get(5, TimeUnit.SECONDS);
    }
    raw.submit(tracer.wrap(() -> tracer.span("next").start().end())).get(5, TimeUnit.SECONDS);
    raw.shutdown();
    assertThat(t.span("next").parentSpanId()).isNull();
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(1);
  }

  @Test
  void supplyAsync_carriesCurrentSpan() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Span parent = tracer.span("parent").start()) {
      CompletableFuture<String> f = tracer.supplyAsync(() -> tracer.span("async").call(() -> "done"), pool);
      assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("done");
    }
    pool.shutdown();
    assertThat(t.span("async").parentSpanId()).isEqualTo(t.span("parent").spanId());
  }

  @Test
  void wrapExecutor_virtualThreads_carrySpan() throws Exception {
    ExecutorService vts;
    try {
      vts = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      Assumptions.abort("virtual threads need Java 21+");
      return;
    }
    ExecutorService wrapped = tracer.wrap(vts);
    try (Span parent = tracer.span("parent").start()) {
      for (int i = 0; i < 20; i++) {
        int n = i;
        wrapped.submit(() -> tracer.span("vt-" + n).run(() -> { }));
      }
    }
    wrapped.shutdown();
    assertThat(wrapped.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    String parentId = t.span("parent").spanId();
    assertThat(t.flushAndGet()).filteredOn(s -> s.name().startsWith("vt-")).hasSize(20)
        .allSatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(parentId));
  }

  @Test
  void unwrappedThread_seesNoParent() throws Exception {
    try (Span parent = tracer.span("parent").start()) {
      Thread th = new Thread(() -> tracer.span("orphan").start().end());
      th.start();
      th.join();
    }
    assertThat(t.span("orphan").parentSpanId()).isNull();
  }

  @Test
  void remoteParentWithTraceState_childrenKeepItAndInjectCarriesIt() {
    java.util.Map<String, String> incoming = java.util.Map.of(
        "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    dev.agentrace.api.SpanContext remote = dev.agentrace.api.Propagation.w3c().extract(incoming);
    java.util.Map<String, String> outgoing = new java.util.HashMap<>();
    try (Span server = tracer.span("handle").parent(remote).start();
        Span call = tracer.span("call_downstream").start()) {
      dev.agentrace.api.Propagation.w3c().inject(call.context(), outgoing);
      assertThat(server.context().traceState()).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    }

    assertThat(outgoing).containsEntry("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    assertThat(t.span("call_downstream").spanContext().traceState()).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  }
}
