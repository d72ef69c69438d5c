package dev.agentrace.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.TokenUsage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanLifecycleTest {
  private final TestSdk t = TestSdk.create();
  private final Tracer tracer = t.tracer();

  @AfterEach
  void shutdown() {
    t.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void start_withNothingCurrent_startsRootWithAgentIdentityAndTimes() {
    Span s = tracer.span("handle_ticket").kind(SpanKind.AGENT).session("s-1").user("u-1").start();
    t.advanceMillis(25);
    s.end();

    SpanData d = t.span("handle_ticket");
    assertThat(d.parentSpanId()).isNull();
    assertThat(d.traceId()).hasSize(32).matches("[0-9a-f]{32}");
    assertThat(d.spanId()).hasSize(16).matches("[0-9a-f]{16}");
    assertThat(d.kind()).isEqualTo(SpanKind.AGENT);
    assertThat(d.type()).isEqualTo("agent");
    assertThat(d.agent()).isEqualTo("test-agent");
    assertThat(d.version()).isEqualTo("1.0");
    assertThat(d.environment()).isEqualTo("test");
    assertThat(d.sessionId()).isEqualTo("s-1");
    assertThat(d.userId()).isEqualTo("u-1");
    assertThat(d.durationNanos()).isEqualTo(25_000_000L);
    assertThat(d.endEpochNanos() - d.startEpochNanos()).isEqualTo(d.durationNanos());
    assertThat(d.ended()).isTrue();
    assertThat(d.status()).isEqualTo(SpanStatus.UNSET);
    assertThat(d.threadName()).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void start_insideOpenSpan_isChildInSameTraceAndInheritsSession() {
    try (Span run = tracer.span("run").kind(SpanKind.AGENT).session("conv-7").start()) {
      try (Span llm = tracer.span("plan").kind(SpanKind.LLM).model("gpt-4o").start()) {
        llm.usage(120, 30, 100, 10);
      }
      assertThat(tracer.currentSpan()).isSameAs(run);
    }
    SpanData run = t.span("run");
    SpanData plan = t.span("plan");
    assertThat(plan.traceId()).isEqualTo(run.traceId());
    assertThat(plan.parentSpanId()).isEqualTo(run.spanId());
    assertThat(plan.sessionId()).isEqualTo("conv-7");
    assertThat(plan.model()).isEqualTo("gpt-4o");
    assertThat(plan.usage()).isEqualTo(new TokenUsage(120, 30, 100, 10));
  }

  @Test
  void type_whenSet_overridesKindDefault() {
    tracer.span("search").kind(SpanKind.TOOL).type("web_search").start().end();
    tracer.span("other").start().end();
    assertThat(t.span("search").type()).isEqualTo("web_search");
    assertThat(t.span("other").kind()).isEqualTo(SpanKind.CUSTOM);
    assertThat(t.span("other").type()).isEqualTo("custom");
  }

  @Test
  void attributes_allTypesAndTypedKeys_recordedInOrder() {
    AttributeKey<Long> retries = AttributeKey.longKey("retries");
    try (Span s = tracer.span("step").attribute("a", "x").attribute("n", 3).attribute("d", 1.5).start()) {
      s.attribute("b", true).attribute(retries, 2L).attribute("a", "replaced");
    }
    Map<String, Object> attrs = t.span("step").attributes();
    assertThat(attrs).containsExactly(Map.entry("a", "replaced"), Map.entry("n", 3L), Map.entry("d", 1.5),
        Map.entry("b", true), Map.entry("retries", 2L));
  }

  @Test
  void attributes_overLimit_droppedAndCounted() {
    TestSdk small = TestSdk.create(AgentraceSdk.builder().maxAttributes(2));
    try (Span s = small.tracer().span("step").start()) {
      s.attribute("a", 1).attribute("b", 2).attribute("c", 3);
    }
    assertThat(small.span("step").attributes()).containsOnlyKeys("a", "b");
    assertThat(small.sdk.stats().instrumentationErrors()).isEqualTo(1);
    small.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void eventsScoresCost_recorded() {
    try (Span s = tracer.span("answer").start()) {
      t.advanceMillis(3);
      s.event("retrieved", Map.of("hits", 4)).score("relevance", 0.75).cost(0.0123);
    }
    SpanData d = t.span("answer");
    assertThat(d.events()).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("retrieved");
      assertThat(e.attributes()).containsEntry("hits", 4L);
      assertThat(e.epochNanos()).isEqualTo(d.startEpochNanos() + 3_000_000L);
    });
    assertThat(d.scores()).containsExactly(Map.entry("relevance", 0.75));
    assertThat(d.cost()).isEqualTo(0.0123);
  }

  @Test
  void error_withException_setsStatusAndRecordsExceptionEvent() {
    try (Span s = tracer.span("tool").kind(SpanKind.TOOL).start()) {
      s.error(new IllegalStateException("quota exceeded"));
    }
    SpanData d = t.span("tool");
    assertThat(d.status()).isEqualTo(SpanStatus.ERROR);
    assertThat(d.statusMessage()).isEqualTo("quota exceeded");
    assertThat(d.events()).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("exception");
      assertThat(e.attributes()).containsEntry("exception.type", "java.lang.IllegalStateException");
      assertThat(e.attributes()).containsKey("exception.stacktrace");
    });
  }

  @Test
  void call_success_recordsOutputAndOk() {
    String answer = tracer.span("web_search").kind(SpanKind.TOOL).input("jdk 25").call(() -> "found");
    assertThat(answer).isEqualTo("found");
    SpanData d = t.span("web_search");
    assertThat(d.status()).isEqualTo(SpanStatus.OK);
    assertThat(d.output()).isEqualTo("\"found\"");
    assertThat(d.input()).isEqualTo("\"jdk 25\"");
  }

  @Test
  void call_outputSetInside_isKept() {
    tracer.span("llm").call(() -> {
      tracer.currentSpan().output("explicit");
      return "returned";
    });
    assertThat(t.span("llm").output()).isEqualTo("\"explicit\"");
  }

  @Test
  void call_checkedException_rethrownAsIsAndRecorded() {
    IOException boom = new IOException("disk gone");
    assertThatThrownBy(() -> tracer.span("read_file").call(() -> {
      throw boom;
    })).isSameAs(boom);
    SpanData d = t.span("read_file");
    assertThat(d.status()).isEqualTo(SpanStatus.ERROR);
    assertThat(d.statusMessage()).isEqualTo("disk gone");
  }

  @Test
  void run_explicitStatusInside_notOverwritten() {
    tracer.span("guard").run(() -> tracer.currentSpan().error("blocked by policy"));
    SpanData d = t.span("guard");
    assertThat(d.status()).isEqualTo(SpanStatus.ERROR);
    assertThat(d.statusMessage()).isEqualTo("blocked by policy");
  }

  @Test
  void run_isCurrentInsideAndParentOfNested() {
    tracer.span("outer").run(() -> tracer.span("inner").run(() -> { }));
    assertThat(t.span("inner").parentSpanId()).isEqualTo(t.span("outer").spanId());
  }

  @Test
  void noParent_insideSpan_startsNewTrace() {
    try (Span outer = tracer.span("outer").start()) {
      tracer.span("detached").noParent().start().end();
    }
    assertThat(t.span("detached").parentSpanId()).isNull();
    assertThat(t.span("detached").traceId()).isNotEqualTo(t.span("outer").traceId());
  }

  @Test
  void parent_explicitContext_joinsThatTrace() {
    Span root = tracer.span("root").start();
    root.end();
    tracer.span("later").parent(root.context()).start().end();
    assertThat(t.span("later").parentSpanId()).isEqualTo(t.span("root").spanId());
    assertThat(t.span("later").traceId()).isEqualTo(t.span("root").traceId());
  }

  @Test
  void end_twice_secondIgnoredAndCounted() {
    Span s = tracer.span("once").start();
    t.advanceMillis(1);
    s.end();
    t.advanceMillis(1);
    s.end();
    s.close();
    List<SpanData> spans = t.flushAndGet();
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).durationNanos()).isEqualTo(1_000_000L);
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(2);
  }

  @Test
  void mutationsAfterEnd_ignored() {
    Span s = tracer.span("done").start();
    s.end();
    s.attribute("late", 1).output("late").score("q", 1).ok();
    SpanData d = t.span("done");
    assertThat(d.attributes()).isEmpty();
    assertThat(d.output()).isNull();
    assertThat(d.status()).isEqualTo(SpanStatus.UNSET);
    assertThat(s.isRecording()).isFalse();
  }

  @Test
  void stats_countStartedEndedExported() {
    for (int i = 0; i < 10; i++) {
      tracer.span("s" + i).start().end();
    }
    Span open = tracer.span("open").start();
    t.flushAndGet();
    SdkStats stats = t.sdk.stats();
    assertThat(stats.spansStarted()).isEqualTo(11);
    assertThat(stats.spansEnded()).isEqualTo(10);
    assertThat(stats.spansExported()).isEqualTo(10);
    assertThat(stats.spansDropped()).isZero();
    open.end();
  }
}
