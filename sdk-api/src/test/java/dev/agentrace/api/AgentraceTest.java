package dev.agentrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentraceTest {
  /** Captured before any test installs a tracer, as a library's static field would be. */
  private static final Tracer CAPTURED = Agentrace.tracer();

  private final RecordingTracer installed = new RecordingTracer();

  @AfterEach
  void restoreNoop() {
    // The global is process-wide: leave it as every other test class expects to find it.
    Agentrace.install(Agentrace.noop());
  }

  // ---- global tracer

  @Test
  void tracer_beforeInstall_isNoop() {
    Tracer tracer = Agentrace.tracer();
    Span span = tracer.span("step").start();

    assertThat(span.isRecording()).isFalse();
    assertThat(span.context()).isSameAs(SpanContext.invalid());
    assertThat(tracer.currentSpan().isRecording()).isFalse();
    assertThat(tracer.currentSpan().context().isValid()).isFalse();
    assertThat(tracer).hasToString("Agentrace.tracer() -> NoopTracer");
  }

  @Test
  void tracer_calledTwice_returnsSameInstance() {
    assertThat(Agentrace.tracer()).isSameAs(CAPTURED).isNotNull();
  }

  @Test
  void tracer_capturedBeforeInstall_followsInstallAndUninstall() {
    CAPTURED.span("before");
    assertThat(installed.calls).isEmpty();

    Agentrace.install(installed);
    CAPTURED.span("during");
    assertThat(installed.calls).containsExactly("span during");

    assertThat(Agentrace.uninstall(installed)).isTrue();
    CAPTURED.span("after");
    assertThat(installed.calls).containsExactly("span during");
    assertThat(CAPTURED.span("after").start().isRecording()).isFalse();
  }

  @Test
  void tracer_installed_delegatesEveryMethod() {
    Agentrace.install(installed);
    Executor executor = Runnable::run;
    Runnable task = () -> {};
    Callable<String> callable = () -> "x";

    Tracer global = Agentrace.tracer();
    global.span("s");
    global.currentSpan();
    assertThat(global.wrap(executor)).isSameAs(executor);
    assertThat(global.wrap((ExecutorService) null)).isNull();
    assertThat(global.wrap(task)).isSameAs(task);
    assertThat(global.wrap(callable)).isSameAs(callable);

    assertThat(installed.calls).containsExactly(
        "span s", "currentSpan", "wrap executor", "wrap executor service", "wrap runnable", "wrap callable");
    assertThat(global).hasToString("Agentrace.tracer() -> RecordingTracer");
  }

  @Test
  void install_first_returnsNoopItReplaced() {
    assertThat(Agentrace.install(installed)).isSameAs(Agentrace.noop());
  }

  @Test
  void install_second_returnsFirst() {
    RecordingTracer second = new RecordingTracer();
    Agentrace.install(installed);

    assertThat(Agentrace.install(second)).isSameAs(installed);
    Agentrace.tracer().span("x");
    assertThat(second.calls).containsExactly("span x");
    assertThat(installed.calls).isEmpty();
  }

  @Test
  void install_null_throwsNullPointerNamingTheArgument() {
    assertThatThrownBy(() -> Agentrace.install(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tracer");
  }

  @Test
  void install_globalTracerItself_throwsIllegalArgument() {
    assertThatThrownBy(() -> Agentrace.install(Agentrace.tracer()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Agentrace.tracer().span("x").start().isRecording()).isFalse();
  }

  @Test
  void uninstall_tracerNotInstalled_returnsFalseAndKeepsInstalled() {
    Agentrace.install(installed);

    assertThat(Agentrace.uninstall(new RecordingTracer())).isFalse();
    Agentrace.tracer().span("still");
    assertThat(installed.calls).containsExactly("span still");
  }

  // ---- no-op tracer, builder and span

  @Test
  void noopBuilder_everyMethod_returnsItself() {
    SpanBuilder b = Agentrace.noop().span("x");

    assertThat(b.kind(SpanKind.LLM)).isSameAs(b);
    assertThat(b.kind(null)).isSameAs(b);
    assertThat(b.type("web_search")).isSameAs(b);
    assertThat(b.input(Map.of("q", "x"))).isSameAs(b);
    assertThat(b.attribute("s", "v")).isSameAs(b);
    assertThat(b.attribute("l", 1L)).isSameAs(b);
    assertThat(b.attribute("d", 1.5)).isSameAs(b);
    assertThat(b.attribute("b", true)).isSameAs(b);
    assertThat(b.attribute(AttributeKey.longKey("k"), 2L)).isSameAs(b);
    assertThat(b.model("gpt-4o")).isSameAs(b);
    assertThat(b.parent(SpanContext.of(1, 2, 3, true))).isSameAs(b);
    assertThat(b.noParent()).isSameAs(b);
    assertThat(b.session("s1")).isSameAs(b);
    assertThat(b.user("u1")).isSameAs(b);
  }

  @Test
  void noopTracer_anyName_returnsSameBuilder() {
    assertThat(Agentrace.noop().span(null)).isSameAs(Agentrace.noop().span("a")).isNotNull();
  }

  @Test
  void noopSpan_everyMethod_returnsItself() {
    Span s = Agentrace.noop().span("x").start();

    assertThat(s.output("out")).isSameAs(s);
    assertThat(s.attribute("s", "v")).isSameAs(s);
    assertThat(s.attribute("l", 1L)).isSameAs(s);
    assertThat(s.attribute("d", 1.5)).isSameAs(s);
    assertThat(s.attribute("b", true)).isSameAs(s);
    assertThat(s.attribute(AttributeKey.stringKey("k"), "v")).isSameAs(s);
    assertThat(s.event("e")).isSameAs(s);
    assertThat(s.event("e", Map.of("a", 1))).isSameAs(s);
    assertThat(s.usage(1, 2)).isSameAs(s);
    assertThat(s.usage(1, 2, 3, 4)).isSameAs(s);
    assertThat(s.cost(0.01)).isSameAs(s);
    assertThat(s.score("relevance", 0.9)).isSameAs(s);
    assertThat(s.error(new IllegalStateException())).isSameAs(s);
    assertThat(s.error("failed")).isSameAs(s);
    assertThat(s.ok()).isSameAs(s);
    assertThat(s.isRecording()).isFalse();
    assertThat(s.context()).isSameAs(SpanContext.invalid());
    assertThatCode(() -> {
      s.end();
      s.close();
      s.close();
    }).doesNotThrowAnyException();
  }

  @Test
  void noopTracer_currentSpan_isNonRecordingAndNeverNull() {
    assertThat(Agentrace.noop().currentSpan()).isNotNull();
    assertThat(Agentrace.noop().currentSpan().isRecording()).isFalse();
  }

  @Test
  void noopRun_lambda_runsIt() {
    AtomicBoolean ran = new AtomicBoolean();

    Agentrace.tracer().span("step").run(() -> ran.set(true));

    assertThat(ran).isTrue();
  }

  @Test
  void noopCall_lambda_returnsItsResult() {
    String result = Agentrace.tracer().span("step").call(() -> "answer");

    assertThat(result).isEqualTo("answer");
  }

  @Test
  void noopRun_lambdaThrowsIOException_rethrowsSameInstance() {
    IOException failure = new IOException("disk full");

    assertThatThrownBy(() -> Agentrace.tracer().span("write").run(() -> {
      throw failure;
    })).isSameAs(failure);
  }

  @Test
  void noopCall_lambdaThrowsIOException_rethrowsSameInstance() {
    IOException failure = new IOException("connection reset");

    assertThatThrownBy(() -> readThrough(Agentrace.tracer().span("read"), failure)).isSameAs(failure);
  }

  @Test
  void noopCall_lambdaThrowsRuntimeException_rethrowsSameInstance() {
    IllegalStateException failure = new IllegalStateException("bad state");

    assertThatThrownBy(() -> Agentrace.tracer().span("step").call(() -> {
      throw failure;
    })).isSameAs(failure);
  }

  @Test
  void noopRunAndCall_nullLambda_doNothing() {
    SpanBuilder b = Agentrace.noop().span("x");

    assertThatCode(() -> b.run(null)).doesNotThrowAnyException();
    assertThat(b.<Object, RuntimeException>call(null)).isNull();
  }

  @Test
  void noopWrap_anything_returnsItUnchanged() {
    Tracer noop = Agentrace.noop();
    Executor executor = Runnable::run;
    Runnable task = () -> {};
    Callable<Integer> callable = () -> 1;

    assertThat(noop.wrap(executor)).isSameAs(executor);
    assertThat(noop.wrap(task)).isSameAs(task);
    assertThat(noop.wrap(callable)).isSameAs(callable);
  }

  @Test
  void noopSupplyAsync_task_completesWithItsResult() {
    assertThat(Agentrace.noop().supplyAsync(() -> 42, Runnable::run)).isCompletedWithValue(42);
  }

  @Test
  void noopRunAsync_task_runsIt() {
    AtomicBoolean ran = new AtomicBoolean();

    assertThat(Agentrace.noop().runAsync(() -> ran.set(true), Runnable::run)).isCompleted();
    assertThat(ran).isTrue();
  }

  /**
   * Declares only {@code IOException}: it compiles only because {@code call} rethrows the lambda's
   * checked exception type as is.
   */
  private static String readThrough(SpanBuilder builder, IOException failure) throws IOException {
    return builder.call(() -> {
      throw failure;
    });
  }

  private static final class RecordingTracer implements Tracer {
    final List<String> calls = new ArrayList<>();

    @Override
    public SpanBuilder span(String name) {
      calls.add("span " + name);
      return Agentrace.noop().span(name);
    }

    @Override
    public Span currentSpan() {
      calls.add("currentSpan");
      return Agentrace.noop().currentSpan();
    }

    @Override
    public Executor wrap(Executor executor) {
      calls.add("wrap executor");
      return executor;
    }

    @Override
    public ExecutorService wrap(ExecutorService executor) {
      calls.add("wrap executor service");
      return executor;
    }

    @Override
    public Runnable wrap(Runnable task) {
      calls.add("wrap runnable");
      return task;
    }

    @Override
    public <T> Callable<T> wrap(Callable<T> task) {
      calls.add("wrap callable");
      return task;
    }

    @Override
    public String toString() {
      return "RecordingTracer";
    }
  }
}
