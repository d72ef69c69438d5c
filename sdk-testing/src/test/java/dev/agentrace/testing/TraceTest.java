package dev.agentrace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TraceTest {
  @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.builder().deterministic().build();

  /** handle_ticket (48 ms) runs plan (30 ms), then web_search, which times out after 12 ms. */
  private Trace ticket() {
    Tracer tracer = tracing.tracer();
    TestClock clock = tracing.clock();
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).start()) {
      clock.advanceMillis(5);
      try (Span plan = tracer.span("plan").kind(SpanKind.LLM).start()) {
        clock.advanceMillis(30);
        plan.ok();
      }
      try (Span search = tracer.span("web_search").kind(SpanKind.TOOL).type("web_search").start()) {
        clock.advanceMillis(12);
        search.error("timeout");
      }
      clock.advanceMillis(1);
      run.ok();
    }
    return tracing.trace();
  }

  @Test
  void toTreeString_nestedSpans_indentsChildrenWithKindStatusAndDuration() {
    assertThat(ticket().toTreeString()).isEqualTo(""
        + "handle_ticket (AGENT, OK, 48.0 ms)\n"
        + "  plan (LLM, OK, 30.0 ms)\n"
        + "  web_search (TOOL web_search, ERROR \"timeout\", 12.0 ms)\n");
  }

  @Test
  void structure_nestedSpans_rootChildrenAndParents() {
    Trace t = ticket();
    SpanData root = t.root();
    assertThat(root.name()).isEqualTo("handle_ticket");
    assertThat(t.traceId()).isEqualTo("00000000000000000000000000000001");
    assertThat(t.spans()).extracting(SpanData::name).containsExactly("handle_ticket", "plan", "web_search");
    assertThat(t.children(root)).extracting(SpanData::name).containsExactly("plan", "web_search");
    assertThat(t.children(t.find("plan").orElseThrow())).isEmpty();
    assertThat(t.parent(t.find("plan").orElseThrow())).containsSame(root);
    assertThat(t.parent(root)).isEmpty();
    assertThat(t.find("nope")).isEmpty();
  }

  @Test
  void order_clockNeverAdvanced_parentsFirstThenRunOrder() {
    Tracer tracer = tracing.tracer();
    tracer.span("run").run(() -> {
      tracer.span("first").run(() -> tracer.span("first.inner").start().end());
      tracer.span("second").start().end();
      tracer.span("third").start().end();
    });
    Trace t = tracing.trace();
    assertThat(t.spans()).extracting(SpanData::name).containsExactly("run", "first", "second", "third", "first.inner");
    assertThat(t.children(t.root())).extracting(SpanData::name).containsExactly("first", "second", "third");
    assertThat(t.toTreeString()).isEqualTo(""
        + "run (CUSTOM, OK, 0 ns)\n"
        + "  first (CUSTOM, OK, 0 ns)\n"
        + "    first.inner (CUSTOM, UNSET, 0 ns)\n"
        + "  second (CUSTOM, UNSET, 0 ns)\n"
        + "  third (CUSTOM, UNSET, 0 ns)\n");
  }

  @Test
  void findAll_retriedStep_returnsEachInStartOrder() {
    Tracer tracer = tracing.tracer();
    tracer.span("run").run(() -> {
      for (int i = 0; i < 3; i++) {
        tracer.span("call_model").attribute("attempt", i).start().end();
      }
    });
    List<SpanData> calls = tracing.trace().findAll("call_model");
    assertThat(calls).extracting(s -> s.attributes().get("attempt")).containsExactly(0L, 1L, 2L);
    assertThat(tracing.trace().find("call_model")).containsSame(calls.get(0));
  }

  @Test
  void remoteParent_notCaptured_spanIsTopAndMarked() {
    SpanContext remote = SpanContext.of(0, 77, 0x99, true);
    tracing.tracer().span("handle_request").parent(remote).start().end();
    Trace t = tracing.trace();
    assertThat(t.root().name()).isEqualTo("handle_request");
    assertThat(t.parent(t.root())).isEmpty();
    assertThat(t.toTreeString()).isEqualTo("handle_request (CUSTOM, UNSET, 0 ns) [parent 0000000000000099 not captured]\n");
  }

  @Test
  void group_twoRuns_oneTraceEachInStartOrder() {
    Tracer tracer = tracing.tracer();
    tracer.span("first").start().end();
    tracing.clock().advanceMillis(1);
    tracer.span("second").start().end();
    List<Trace> traces = Trace.group(tracing.spans());
    assertThat(traces).extracting(t -> t.root().name()).containsExactly("first", "second");
    assertThat(tracing.traces()).isEqualTo(traces);
    assertThatThrownBy(() -> Trace.of(tracing.spans()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than one trace: 00000000000000000000000000000001 and 00000000000000000000000000000002");
    assertThatThrownBy(() -> Trace.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one span");
  }

  @Test
  void children_spanOfAnotherTrace_throwsNamingIt() {
    tracing.tracer().span("a").start().end();
    tracing.tracer().span("b").start().end();
    Trace a = Trace.of(List.of(tracing.span("a")));
    assertThatThrownBy(() -> a.children(tracing.span("b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("span 'b' (0000000000000002) is not part of trace 00000000000000000000000000000001");
  }

  @Test
  void equality_sameSpans_equalAndToStringShowsTree() {
    Trace t = ticket();
    assertThat(Trace.of(t.spans())).isEqualTo(t).hasSameHashCodeAs(t);
    assertThat(t.toString()).startsWith("Trace 00000000000000000000000000000001\nhandle_ticket (AGENT");
  }

  @Test
  void duration_formats_pickAUnitForTheSize() {
    assertThat(Trace.duration(999)).isEqualTo("999 ns");
    assertThat(Trace.duration(1_500)).isEqualTo("1.5 us");
    assertThat(Trace.duration(2_250_000)).isEqualTo("2.3 ms");
    assertThat(Trace.duration(3_000_000_000L)).isEqualTo("3.00 s");
  }
}
