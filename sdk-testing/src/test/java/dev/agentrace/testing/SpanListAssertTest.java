package dev.agentrace.testing;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SpanListAssertTest {
  @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.builder().deterministic().build();

  @BeforeEach
  void threeSpans() {
    Tracer tracer = tracing.tracer();
    tracer.span("plan").kind(SpanKind.LLM).start().end();
    tracer.span("web_search").kind(SpanKind.TOOL).start().end();
    tracer.span("web_search").kind(SpanKind.TOOL).start().end();
  }

  @Test
  void listAssertions_matching_pass() {
    assertThat(tracing.spans()).hasSize(3).containsSpanNamed("plan", "web_search").doesNotContainSpanNamed("answer");
    assertThat(tracing.spans()).span("plan").hasKind(SpanKind.LLM);
    assertThat(tracing.spans()).first().hasName("plan");
    assertThat(tracing.spans()).filteredOn(s -> s.kind() == SpanKind.TOOL).hasSize(2).last().hasName("web_search");
  }

  @Test
  void containsSpanNamed_missing_failsListingNames() {
    assertThatThrownBy(() -> assertThat(tracing.spans()).containsSpanNamed("plan", "answer"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected spans to contain spans named [answer] but their names are [plan, web_search, web_search]");
  }

  @Test
  void doesNotContainSpanNamed_present_fails() {
    assertThatThrownBy(() -> assertThat(tracing.spans()).doesNotContainSpanNamed("answer", "plan"))
        .hasMessageContaining("Expected spans not to contain spans named [plan]");
  }

  @Test
  void span_repeatedOrMissing_failsWithCountAndNames() {
    assertThatThrownBy(() -> assertThat(tracing.spans()).span("web_search"))
        .hasMessageContaining("Expected exactly one span named 'web_search' but found 2; span names are [plan, web_search, web_search]");
    assertThatThrownBy(() -> assertThat(tracing.spans()).span("answer"))
        .hasMessageContaining("but found 0");
  }

  @Test
  void elementAssertion_fromList_failsWithSpanMessage() {
    assertThatThrownBy(() -> assertThat(tracing.spans()).element(1).hasKind(SpanKind.LLM))
        .hasMessageContaining("Expected span 'web_search' to have kind LLM but it has kind TOOL");
    assertThatThrownBy(() -> assertThat(tracing.spans()).hasSize(2))
        .hasMessageContaining("Expected size: 2 but was: 3");
  }
}
