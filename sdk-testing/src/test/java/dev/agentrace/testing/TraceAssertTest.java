package dev.agentrace.testing;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TraceAssertTest {
  private static final String TREE = "trace:\n"
      + "handle_ticket (AGENT, OK, 48.0 ms)\n"
      + "  plan (LLM, OK, 30.0 ms)\n"
      + "    call_model (LLM, OK, 30.0 ms)\n"
      + "  web_search (TOOL, ERROR \"timeout\", 12.0 ms)\n";

  @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.builder().deterministic().build();

  private Trace ticket() {
    Tracer tracer = tracing.tracer();
    TestClock clock = tracing.clock();
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).start()) {
      clock.advanceMillis(5);
      tracer.span("plan").kind(SpanKind.LLM).run(() ->
          tracer.span("call_model").kind(SpanKind.LLM).run(() -> clock.advanceMillis(30)));
      try (Span search = tracer.span("web_search").kind(SpanKind.TOOL).start()) {
        clock.advanceMillis(12);
        search.error("timeout");
      }
      clock.advanceMillis(1);
      run.ok();
    }
    return tracing.trace();
  }

  @Test
  void tree_matchingShape_passesInOneStatement() {
    Trace t = ticket();
    assertThat(t).hasRoot("handle_ticket").hasChildren("plan", "web_search").hasSpanCount(4)
        .containsSpanNamed("call_model", "web_search")
        .span("web_search").isError().hasErrorMessageContaining("timeout").isChildOf("handle_ticket");
    assertThat(t).span("plan").hasChildren("call_model").isOk();
    assertThat(t).span("call_model").isChildOf("plan").hasChildren();
    assertThat(t).root().hasName("handle_ticket").isRoot().hasChildren("plan", "web_search");
  }

  @Test
  void hasRoot_otherName_failsPrintingTheTree() {
    Trace t = ticket();
    assertThatThrownBy(() -> assertThat(t).hasRoot("plan"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected trace 00000000000000000000000000000001 to have root 'plan' but its root is 'handle_ticket'\n"
            + TREE);
  }

  @Test
  void hasChildren_wrongOrderOrSet_failsPrintingTheTree() {
    Trace t = ticket();
    assertThatThrownBy(() -> assertThat(t).hasChildren("web_search", "plan"))
        .hasMessageContaining("to have root 'handle_ticket' with children [web_search, plan] (in start order)"
            + " but they are [plan, web_search]")
        .hasMessageEndingWith(TREE);
    assertThatThrownBy(() -> assertThat(t).hasChildren("plan"))
        .hasMessageContaining("but they are [plan, web_search]");
  }

  @Test
  void countContainsAndErrors_failsSayingWhat() {
    Trace t = ticket();
    assertThatThrownBy(() -> assertThat(t).hasSpanCount(3)).hasMessageContaining("to have 3 spans but it has 4");
    assertThatThrownBy(() -> assertThat(t).containsSpanNamed("plan", "rerank", "answer"))
        .hasMessageContaining("to contain spans named [rerank, answer] but it does not");
    assertThatThrownBy(() -> assertThat(t).hasNoErrors())
        .hasMessageContaining("to have no failed span but these failed: [web_search (\"timeout\")]")
        .hasMessageEndingWith(TREE);
  }

  @Test
  void hasNoErrors_allOk_passes() {
    tracing.tracer().span("fine").run(() -> { });
    assertThat(tracing.trace()).hasNoErrors();
  }

  @Test
  void span_failureFromTheTree_printsTreeWithSpanMarked() {
    Trace t = ticket();
    assertThatThrownBy(() -> assertThat(t).span("web_search").isOk())
        .hasMessage("Expected span 'web_search' to have status OK but it has status ERROR \"timeout\"\n"
            + "span: web_search (TOOL, ERROR \"timeout\", 12.0 ms)\n"
            + "trace:\n"
            + "handle_ticket (AGENT, OK, 48.0 ms)\n"
            + "  plan (LLM, OK, 30.0 ms)\n"
            + "    call_model (LLM, OK, 30.0 ms)\n"
            + "  web_search (TOOL, ERROR \"timeout\", 12.0 ms)   <-- this span\n");
  }

  @Test
  void span_childAssertionsByName_failNamingActualRelatives() {
    Trace t = ticket();
    assertThatThrownBy(() -> assertThat(t).span("call_model").isChildOf("handle_ticket"))
        .hasMessageContaining("Expected span 'call_model' to be a child of 'handle_ticket' but its parent is 'plan'");
    assertThatThrownBy(() -> assertThat(t).span("handle_ticket").isChildOf("plan"))
        .hasMessageContaining("but its parent is none (it is a root span)");
    assertThatThrownBy(() -> assertThat(t).span("plan").hasChildren("call_model", "retry"))
        .hasMessageContaining("to have children [call_model, retry] (in start order) but they are [call_model]");
  }

  @Test
  void span_missingOrRepeated_failsWithCount() {
    Tracer tracer = tracing.tracer();
    tracer.span("run").run(() -> {
      tracer.span("call_model").start().end();
      tracer.span("call_model").start().end();
    });
    Trace t = tracing.trace();
    assertThatThrownBy(() -> assertThat(t).span("call_model"))
        .hasMessageContaining("to have exactly one span named 'call_model' but it has 2");
    assertThatThrownBy(() -> assertThat(t).span("answer"))
        .hasMessageContaining("to have exactly one span named 'answer' but it has 0");
  }

  @Test
  void nullTrace_failsAsAssertJDoes() {
    assertThatThrownBy(() -> assertThat((Trace) null).hasRoot("x"))
        .hasMessageContaining("Expecting actual not to be null");
  }
}
