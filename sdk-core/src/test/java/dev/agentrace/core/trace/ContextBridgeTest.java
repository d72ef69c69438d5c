package dev.agentrace.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanContext;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.ContextBridge;
import dev.agentrace.core.Sampler;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.data.SpanData;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The {@link ContextBridge} hooks (docs/context-propagation.md, "Context bridges"), against a fake foreign
 * tracer whose context is a per-thread immutable stack, restored on scope close as OpenTelemetry's is.
 */
class ContextBridgeTest {
  static final SpanContext FOREIGN = SpanContext.createRemote("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
      (byte) 1, "vendor=x");

  final FakeBridge bridge = new FakeBridge();
  TestSdk t = TestSdk.create(AgentraceSdk.builder().agent("bridged").contextBridge(bridge));
  Tracer tracer = t.tracer();

  @AfterEach
  void shutdown() {
    t.sdk.shutdown(TestSdk.WAIT);
    FakeBridge.CURRENT.remove();
  }

  @Test
  void start_foreignSpanCurrent_isItsChildInItsTrace() {
    try (ContextBridge.Scope ignored = bridge.makeCurrent(FOREIGN)) {
      tracer.span("tool").start().end();
    }
    SpanData tool = t.span("tool");
    assertThat(tool.traceId()).isEqualTo(FOREIGN.traceId());
    assertThat(tool.parentSpanId()).isEqualTo(FOREIGN.spanId());
  }

  @Test
  void start_foreignSpanUnsampled_isNotRecorded() {
    SpanContext dropped = SpanContext.createRemote(FOREIGN.traceId(), FOREIGN.spanId(), (byte) 0, "");
    try (ContextBridge.Scope ignored = bridge.makeCurrent(dropped)) {
      try (Span s = tracer.span("tool").start()) {
        assertThat(s.isRecording()).isFalse();
        assertThat(s.context().traceId()).isEqualTo(FOREIGN.traceId());
        assertThat(bridge.currentSpan().isSampled()).isFalse();
      }
    }
    assertThat(t.flushAndGet()).isEmpty();
  }

  @Test
  void start_explicitNoParent_ignoresForeignSpan() {
    try (ContextBridge.Scope ignored = bridge.makeCurrent(FOREIGN)) {
      tracer.span("root").noParent().start().end();
    }
    assertThat(t.span("root").traceId()).isNotEqualTo(FOREIGN.traceId());
  }

  @Test
  void openScope_spanIsForeignCurrentUntilEnd_thenForeignRestored() {
    try (ContextBridge.Scope ignored = bridge.makeCurrent(FOREIGN)) {
      try (Span outer = tracer.span("outer").start()) {
        assertThat(bridge.currentSpan()).isEqualTo(outer.context());
        try (Span inner = tracer.span("inner").start()) {
          assertThat(bridge.currentSpan()).isEqualTo(inner.context());
        }
        assertThat(bridge.currentSpan()).isEqualTo(outer.context());
      }
      assertThat(bridge.currentSpan()).isEqualTo(FOREIGN);
    }
    assertThat(bridge.currentSpan()).isNull();
    assertThat(t.span("inner").parentSpanId()).isEqualTo(t.span("outer").spanId());
  }

  @Test
  void closedScope_spanIsForeignCurrentDuringLambdaOnly() {
    SpanContext[] seen = new SpanContext[2];
    tracer.span("step").run(() -> {
      seen[0] = bridge.currentSpan();
      seen[1] = tracer.currentSpan().context();
    });
    assertThat(seen[0]).isEqualTo(seen[1]);
    assertThat(seen[0].isValid()).isTrue();
    assertThat(bridge.currentSpan()).isNull();
  }

  @Test
  void start_foreignSpanEnteredInsideOurs_isTheParent() {
    SpanContext foreignChild;
    try (Span tool = tracer.span("tool").start()) {
      foreignChild = SpanContext.of(tool.context().traceIdHigh(), tool.context().traceIdLow(), 0x1234L, true);
      try (ContextBridge.Scope ignored = bridge.makeCurrent(foreignChild)) {
        tracer.span("inside-foreign").start().end();
      }
      tracer.span("after-foreign").start().end();
    }
    assertThat(t.span("inside-foreign").parentSpanId()).isEqualTo(foreignChild.spanId());
    assertThat(t.span("after-foreign").parentSpanId()).isEqualTo(t.span("tool").spanId());
  }

  @Test
  void closeOutOfOrder_foreignSideUnwindsWithOurs() {
    Span outer = tracer.span("outer").start();
    tracer.span("leaked").start();
    outer.end();
    assertThat(bridge.currentSpan()).isNull();
    tracer.span("next").start().end();
    assertThat(t.span("next").parentSpanId()).isNullOrEmpty();
  }

  @Test
  void wrap_foreignSpanCurrentAtWrapTime_isParentInTaskAndRestoredAfter() throws Exception {
    ExecutorService pool = tracer.wrap(Executors.newSingleThreadExecutor());
    try {
      try (ContextBridge.Scope ignored = bridge.makeCurrent(FOREIGN)) {
        pool.submit(() -> tracer.span("task").start().end()).get(10, TimeUnit.SECONDS);
      }
      SpanContext afterTask = pool.submit(bridge::currentSpan).get(10, TimeUnit.SECONDS);
      assertThat(afterTask).isNull();
    } finally {
      pool.shutdown();
    }
    assertThat(t.span("task").parentSpanId()).isEqualTo(FOREIGN.spanId());
  }

  @Test
  void wrap_ourSpanCurrentAtWrapTime_isForeignCurrentInVirtualThreadTask() throws Exception {
    ExecutorService virtualThreads;
    try {
      virtualThreads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      Assumptions.abort("virtual threads need Java 21+");
      return;
    }
    ExecutorService pool = tracer.wrap(virtualThreads);
    SpanContext seen;
    SpanContext ours;
    try (Span agent = tracer.span("agent").start()) {
      ours = agent.context();
      seen = pool.submit(bridge::currentSpan).get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }
    assertThat(seen).isEqualTo(ours);
  }

  @Test
  void unsampledRoot_isForeignCurrentAsUnsampled() {
    t.sdk.shutdown(TestSdk.WAIT);
    t = TestSdk.create(AgentraceSdk.builder().sampler(Sampler.alwaysOff()).contextBridge(bridge));
    tracer = t.tracer();
    try (Span root = tracer.span("root").start()) {
      assertThat(bridge.currentSpan()).isNotNull();
      assertThat(bridge.currentSpan().isSampled()).isFalse();
      assertThat(bridge.currentSpan().traceId()).isEqualTo(root.context().traceId());
    }
    assertThat(bridge.currentSpan()).isNull();
  }

  @Test
  void bridgeThrows_spanStillRecordedAndCounted() {
    t.sdk.shutdown(TestSdk.WAIT);
    AtomicInteger calls = new AtomicInteger();
    ContextBridge broken = new FakeBridge() {
      @Override
      public SpanContext currentSpan() {
        calls.incrementAndGet();
        throw new IllegalStateException("broken bridge");
      }

      @Override
      public Scope makeCurrent(SpanContext context) {
        throw new IllegalStateException("broken bridge");
      }
    };
    t = TestSdk.create(AgentraceSdk.builder().contextBridge(broken));
    try (Span s = t.tracer().span("survives").start()) {
      s.output("ok");
    }
    assertThat(t.span("survives").output()).isEqualTo("\"ok\"");
    assertThat(calls).hasValue(1);
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(2);
  }

  /** A foreign tracer's context: the current span and what was current before it, per thread. */
  static class FakeBridge implements ContextBridge {
    static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    record Frame(SpanContext span, Frame previous) {}

    @Override
    public SpanContext currentSpan() {
      Frame f = CURRENT.get();
      return f == null ? null : f.span();
    }

    @Override
    public Scope makeCurrent(SpanContext context) {
      return attach(new Frame(context, CURRENT.get()));
    }

    @Override
    public Object capture() {
      return CURRENT.get();
    }

    @Override
    public Scope attach(Object captured) {
      Frame before = CURRENT.get();
      CURRENT.set((Frame) captured);
      return () -> CURRENT.set(before);
    }
  }
}
