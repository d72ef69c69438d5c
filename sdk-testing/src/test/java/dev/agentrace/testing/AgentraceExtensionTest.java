package dev.agentrace.testing;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentrace.api.Span;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.data.SpanData;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension's per-test behaviour; the lifecycle across tests is in {@link AgentraceExtensionLifecycleTest}. */
class AgentraceExtensionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  // A batch delay far longer than any test: a span can reach the in-memory exporter only through a flush.
  @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.builder()
      .agent("support-bot").version("1.4.2").environment("ci")
      .configure(b -> b.batchDelay(Duration.ofHours(1)))
      .build();

  @Test
  void spans_endedOnThisThread_areThereAtOnceInEndOrder() {
    Tracer tracer = tracing.tracer();
    tracer.span("outer").run(() -> {
      tracer.span("first").start().end();
      tracer.span("second").start().end();
    });
    assertThat(tracing.spans()).extracting(SpanData::name).containsExactly("first", "second", "outer");
  }

  @Test
  void spans_carryTheConfiguredAgentIdentity() {
    tracing.tracer().span("step").start().end();
    SpanData s = tracing.span("step");
    assertThat(s.agent()).isEqualTo("support-bot");
    assertThat(s.version()).isEqualTo("1.4.2");
    assertThat(s.environment()).isEqualTo("ci");
  }

  @Test
  void span_noneOrSeveral_failsListingNamesAndOpenSpans() {
    Tracer tracer = tracing.tracer();
    tracer.span("plan").start().end();
    tracer.span("retry").start().end();
    tracer.span("retry").start().end();
    Span open = tracer.span("answer").start();
    assertThatThrownBy(() -> tracing.span("answer"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected exactly one span named 'answer' but found 0; spans ended: [plan, retry, retry];"
            + " 1 span is still open");
    assertThatThrownBy(() -> tracing.span("retry"))
        .hasMessageStartingWith("Expected exactly one span named 'retry' but found 2");
    open.end();
    assertThat(tracing.span("answer").name()).isEqualTo("answer");
  }

  @Test
  void trace_noneOrSeveral_failsPrintingThem() {
    assertThatThrownBy(tracing::trace).isInstanceOf(AssertionError.class)
        .hasMessage("Expected exactly one trace but found 0");
    tracing.tracer().span("a").start().end();
    tracing.tracer().span("b").start().end();
    assertThatThrownBy(tracing::trace)
        .hasMessageStartingWith("Expected exactly one trace but found 2")
        .hasMessageContaining("\na (CUSTOM, UNSET,")
        .hasMessageContaining("\nb (CUSTOM, UNSET,");
  }

  @Test
  void awaitSpan_endedLaterOnAnotherThread_returnsIt() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Thread worker = new Thread(() -> {
      try {
        go.await();
      } catch (InterruptedException e) {
        return;
      }
      tracing.tracer().span("background").start().end();
    });
    worker.start();
    assertThat(tracing.spans()).isEmpty();
    go.countDown();
    assertThat(tracing.awaitSpan("background", WAIT).threadName()).isEqualTo(worker.getName());
    worker.join();
  }

  @Test
  void awaitSpans_tooFewInTime_failsSayingWhatEndedAndWhatIsOpen() {
    tracing.tracer().span("done").start().end();
    Span open = tracing.tracer().span("slow").start();
    // "done" has reached the capture before the short waits start, so a loaded machine cannot change
    // what they report.
    tracing.awaitSpan("done", WAIT);
    assertThatThrownBy(() -> tracing.awaitSpans(2, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected at least 2 spans to end within PT0.05S but 1 ended: [done]; 1 span is still open");
    assertThatThrownBy(() -> tracing.awaitSpan("slow", Duration.ofMillis(50)))
        .hasMessageStartingWith("Expected a span named 'slow' to end within PT0.05S but 1 ended: [done]");
    open.end();
    assertThat(tracing.awaitSpans(2, WAIT)).extracting(SpanData::name).containsExactly("done", "slow");
  }

  @Test
  void wrappedExecutor_tasksOnPoolThreads_areChildrenOfTheSubmittingSpan() throws Exception {
    ExecutorService pool = tracing.tracer().wrap(Executors.newFixedThreadPool(2));
    try {
      fanOut(pool, "pool");
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void virtualThreads_tasks_areChildrenOfTheSubmittingSpan() throws Exception {
    // Compiled for Java 17: reach the Java 21 factory reflectively, and skip where it does not exist.
    Method factory;
    try {
      factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException e) {
      assumeTrue(false, "virtual threads need Java 21+, running on " + Runtime.version());
      return;
    }
    ExecutorService virtual = tracing.tracer().wrap((ExecutorService) factory.invoke(null));
    try {
      fanOut(virtual, "virtual");
    } finally {
      virtual.shutdown();
    }
  }

  /** Four tool calls submitted from inside a span, ended on other threads after the span itself. */
  private void fanOut(ExecutorService executor, String label) throws Exception {
    Tracer tracer = tracing.tracer();
    List<Future<?>> tasks = new ArrayList<>();
    CountDownLatch parentEnded = new CountDownLatch(1);
    tracer.span("fan_out").run(() -> {
      for (int i = 0; i < 4; i++) {
        String name = label + "_tool_" + i;
        tasks.add(executor.submit(() -> {
          parentEnded.await();
          tracer.span(name).start().end();
          return null;
        }));
      }
    });
    parentEnded.countDown();
    for (Future<?> f : tasks) {
      f.get(10, TimeUnit.SECONDS);
    }
    tracing.awaitSpans(5, WAIT);
    assertThat(tracing.trace()).hasRoot("fan_out").hasSpanCount(5);
    for (int i = 0; i < 4; i++) {
      assertThat(tracing.trace()).span(label + "_tool_" + i).isChildOf("fan_out");
      assertThat(tracing.span(label + "_tool_" + i).threadName()).isNotEqualTo(Thread.currentThread().getName());
    }
  }

  @Test
  void clock_notDeterministic_throwsSayingHowToGetOne() {
    assertThatThrownBy(tracing::clock)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AgentraceExtension.builder().deterministic()");
  }

  @Test
  void accessors_outsideATest_throwSayingHowToRegister() {
    AgentraceExtension unregistered = AgentraceExtension.create();
    assertThatThrownBy(unregistered::tracer)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@RegisterExtension");
    assertThatThrownBy(unregistered::spans).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builder_blankIdentity_throwsNamingIt() {
    assertThatThrownBy(() -> AgentraceExtension.builder().agent(" ").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("agent must not be blank");
    assertThatThrownBy(() -> AgentraceExtension.builder().version(null).build())
        .isInstanceOf(NullPointerException.class).hasMessage("version");
    assertThatThrownBy(() -> AgentraceExtension.builder().environment("").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("environment must not be blank");
    assertThatThrownBy(() -> AgentraceExtension.builder().exporter(null))
        .isInstanceOf(NullPointerException.class).hasMessage("exporter factory");
  }
}
