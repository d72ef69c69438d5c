package dev.agentrace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.agentrace.api.Agentrace;
import dev.agentrace.api.Span;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension's lifecycle across tests, proven by running fixture classes through the real Jupiter
 * engine. The fixtures run only from here: the build's test scan skips nested classes, and
 * {@link OnlyFromTestKit} disables them when a test filter selects them anyway.
 */
class AgentraceExtensionLifecycleTest {
  private static final String FROM_TESTKIT = "agentrace.lifecycle-fixture";

  private static Events run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter").configurationParameter(FROM_TESTKIT, "true")
        .selectors(selectClass(fixture)).execute().testEvents();
  }

  /** Keeps fixtures, one of which fails on purpose, out of ordinary runs. */
  static final class OnlyFromTestKit implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(FROM_TESTKIT).isPresent()
          ? ConditionEvaluationResult.enabled("run by " + AgentraceExtensionLifecycleTest.class.getSimpleName())
          : ConditionEvaluationResult.disabled("a fixture of " + AgentraceExtensionLifecycleTest.class.getSimpleName());
    }
  }

  @Test
  void staticExtension_eachTest_getsAFreshSdkWithNothingFromBefore_andItIsShutDownAfter() {
    StaticFixture.sdks.clear();
    Events events = run(StaticFixture.class);
    events.assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(StaticFixture.sdks).hasSize(2).doesNotHaveDuplicates();
    assertThat(StaticFixture.sdks).allMatch(AgentraceSdk::isShutdown);
  }

  @ExtendWith(OnlyFromTestKit.class)
  static class StaticFixture {
    @RegisterExtension static AgentraceExtension tracing = AgentraceExtension.builder().deterministic().build();
    static final List<AgentraceSdk> sdks = new CopyOnWriteArrayList<>();

    @Test
    void one() {
      recordAndCheckAlone("one");
    }

    @Test
    void two() {
      recordAndCheckAlone("two");
    }

    /** Whichever runs second would see the first one's span, ids and time if anything were shared. */
    private static void recordAndCheckAlone(String name) {
      sdks.add(tracing.sdk());
      assertThat(tracing.spans()).isEmpty();
      tracing.clock().advanceMillis(7);
      tracing.tracer().span(name).start().end();
      SpanData s = tracing.span(name);
      assertThat(tracing.spans()).containsExactly(s);
      assertThat(s.traceId()).isEqualTo("00000000000000000000000000000001");
      assertThat(s.spanId()).isEqualTo("0000000000000001");
      assertThat(s.startEpochNanos()).isEqualTo(TestClock.DEFAULT_START.getEpochSecond() * 1_000_000_000L + 7_000_000L);
    }
  }

  @Test
  void spanLeftOpen_isEndedAsNeverEndedWhenTheTestEnds() {
    LeftOpenFixture.sdk = null;
    run(LeftOpenFixture.class).assertStatistics(s -> s.succeeded(1));
    assertThat(LeftOpenFixture.sdk.stats().neverEnded()).isEqualTo(1);
  }

  @ExtendWith(OnlyFromTestKit.class)
  static class LeftOpenFixture {
    @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.create();
    static AgentraceSdk sdk;

    @Test
    void forgetsToEnd() {
      sdk = tracing.sdk();
      tracing.tracer().span("forgotten").start();
    }
  }

  @Test
  void installAsGlobal_duringTheTestOnly() {
    GlobalFixture.captured.clear();
    run(GlobalFixture.class).assertStatistics(s -> s.succeeded(1));
    assertThat(GlobalFixture.captured).containsExactly("via_global");
    assertThat(Agentrace.tracer().span("after").start().isRecording()).isFalse();
  }

  @ExtendWith(OnlyFromTestKit.class)
  static class GlobalFixture {
    @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.builder().installAsGlobal().build();
    static final List<String> captured = new CopyOnWriteArrayList<>();

    @Test
    void usesTheGlobalTracer() {
      Agentrace.tracer().span("via_global").start().end();
      tracing.spans().forEach(s -> captured.add(s.name()));
    }
  }

  @Test
  void factoriesAndCustomizer_runOncePerTest_andTheirPartsSeeTheSpans() {
    FactoryFixture.exporters.clear();
    FactoryFixture.processorCalls.set(0);
    run(FactoryFixture.class).assertStatistics(s -> s.succeeded(2));
    assertThat(FactoryFixture.exporters).hasSize(2);
    for (CountingExporter e : FactoryFixture.exporters) {
      assertThat(e.exported.get()).isEqualTo(1);
      assertThat(e.shutDown).isTrue();
    }
    assertThat(FactoryFixture.processorCalls.get()).isEqualTo(2);
  }

  @ExtendWith(OnlyFromTestKit.class)
  static class FactoryFixture {
    static final List<CountingExporter> exporters = new CopyOnWriteArrayList<>();
    static final AtomicInteger processorCalls = new AtomicInteger();

    @RegisterExtension static AgentraceExtension tracing = AgentraceExtension.builder()
        .exporter(() -> {
          CountingExporter e = new CountingExporter();
          exporters.add(e);
          return e;
        })
        .processor(() -> span -> processorCalls.incrementAndGet())
        .configure(b -> b.agent("configured"))
        .build();

    @Test
    void one() {
      recordOne();
    }

    @Test
    void two() {
      recordOne();
    }

    private static void recordOne() {
      tracing.tracer().span("step").start().end();
      assertThat(tracing.span("step").agent()).isEqualTo("configured");
    }
  }

  static final class CountingExporter implements SpanExporter {
    final AtomicInteger exported = new AtomicInteger();
    volatile boolean shutDown;

    @Override
    public ExportResult export(List<SpanData> batch) {
      exported.addAndGet(batch.size());
      return ExportResult.success();
    }

    @Override
    public void shutdown() {
      shutDown = true;
    }
  }

  @Test
  void failingTest_extensionStillShutsTheSdkDown() {
    FailingFixture.sdk = null;
    run(FailingFixture.class).assertStatistics(s -> s.failed(1));
    assertThat(FailingFixture.sdk.isShutdown()).isTrue();
  }

  @ExtendWith(OnlyFromTestKit.class)
  static class FailingFixture {
    @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.create();
    static AgentraceSdk sdk;

    @Test
    void fails() {
      sdk = tracing.sdk();
      AgentraceAssertions.assertThat(tracing.spans()).containsSpanNamed("never_recorded");
    }
  }

  @Test
  void failOnNonConformant_flaggedSpans_failTheTestListingThem_andTheSdkIsStillShutDown() {
    NonConformantFixture.sdks.clear();
    Events events = run(NonConformantFixture.class);
    events.assertStatistics(s -> s.started(2).succeeded(1).failed(1));
    Throwable failure = events.failed().stream().findFirst().orElseThrow()
        .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    assertThat(failure).isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected every span to conform to the activity schema but 2 of 3 do not:")
        .hasMessageContaining("\n- 'bad_search' (type 'web_search'): VIOLATES:\n    input /query: minLength - ")
        .hasMessageContaining("\n- 'mail' (type 'send_email'): UNDECLARED (type 'send_email' is not declared");
    assertThat(failure.getMessage()).doesNotContain("good_search");
    assertThat(NonConformantFixture.sdks).hasSize(2).allMatch(AgentraceSdk::isShutdown);
  }

  @ExtendWith(OnlyFromTestKit.class)
  static class NonConformantFixture {
    @RegisterExtension static AgentraceExtension tracing = AgentraceExtension.builder()
        .activitySchema(SpanDataAssertConformanceTest.SCHEMA).failOnNonConformant().build();
    static final List<AgentraceSdk> sdks = new CopyOnWriteArrayList<>();

    @Test
    void conforming() {
      sdks.add(tracing.sdk());
      tracing.tracer().span("good_search").type("web_search").input(Map.of("query", "refund")).start().end();
    }

    @Test
    void violating() {
      sdks.add(tracing.sdk());
      tracing.tracer().span("good_search").type("web_search").input(Map.of("query", "refund")).start().end();
      tracing.tracer().span("bad_search").type("web_search").input(Map.of("query", "")).start().end();
      tracing.tracer().span("mail").type("send_email").input(Map.of("to", "x")).start().end();
    }
  }

  @Test
  void strictContext_leakedAndOutOfOrderSpans_failTheTestWithWhereTheyStarted() {
    StrictFixture.sdks.clear();
    Events events = run(StrictFixture.class);
    events.assertStatistics(s -> s.started(3).succeeded(1).failed(2));
    List<String> messages = events.failed().stream()
        .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage())
        .sorted().toList();
    assertThat(messages.get(0))
        .startsWith("Expected every span to be ended in the scope that opened it, but found 1 context mistake:")
        .contains("- Span 'forgotten' was never ended (still open when the SDK shut down)")
        .contains("at dev.agentrace.testing.AgentraceExtensionLifecycleTest$StrictFixture.leaksASpan(");
    assertThat(messages.get(1))
        .startsWith("Expected every span to be ended in the scope that opened it, but found 1 context mistake:")
        .contains("- Span 'outer' was closed before a span opened inside it")
        .contains("at dev.agentrace.testing.AgentraceExtensionLifecycleTest$StrictFixture.closesOutOfOrder(");
    assertThat(StrictFixture.sdks).hasSize(3).allMatch(AgentraceSdk::isShutdown);
  }

  @ExtendWith(OnlyFromTestKit.class)
  static class StrictFixture {
    @RegisterExtension static AgentraceExtension tracing = AgentraceExtension.builder().strictContext().build();
    static final List<AgentraceSdk> sdks = new CopyOnWriteArrayList<>();

    @Test
    void tidy() {
      sdks.add(tracing.sdk());
      try (Span outer = tracing.tracer().span("outer").start()) {
        tracing.tracer().span("inner").start().end();
      }
    }

    @Test
    void leaksASpan() {
      sdks.add(tracing.sdk());
      tracing.tracer().span("forgotten").start();
    }

    @Test
    void closesOutOfOrder() {
      sdks.add(tracing.sdk());
      Span outer = tracing.tracer().span("outer").start();
      Span inner = tracing.tracer().span("inner").start();
      outer.end();
      inner.end();
    }
  }
}
