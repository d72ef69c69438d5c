package dev.agentrace.testing;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.schema.ActivitySchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SpanDataAssertConformanceTest {
  static final ActivitySchema SCHEMA = ActivitySchema.builder()
      .type("web_search", "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\",\"minLength\":1}},"
          + "\"required\":[\"query\"]}", "{\"type\":\"array\"}")
      .build();

  @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.builder().activitySchema(SCHEMA).build();

  private SpanData search(Object input, Object output) {
    tracing.tracer().span("search").type("web_search").input(input).start().output(output).end();
    return tracing.span("search");
  }

  private SpanData typed(String type) {
    tracing.tracer().span("other").type(type).input(Map.of("a", 1)).start().end();
    return tracing.span("other");
  }

  @Test
  void isConformant_validPayloads_passes() {
    assertThat(search(Map.of("query", "refund"), List.of("a"))).isConformant();
  }

  @Test
  void isConformant_violating_failsListingTheViolations() {
    SpanData s = search(Map.of("query", ""), "not a list");
    assertThatThrownBy(() -> assertThat(s).isConformant())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected span 'search' to be CONFORMS but it is VIOLATES:")
        .hasMessageContaining("\n  input /query: minLength - ")
        .hasMessageContaining("\n  output (root): type - ");
  }

  @Test
  void violates_pathThatViolates_passes_otherPathFailsListingTheViolations() {
    SpanData s = search(Map.of("query", ""), List.of());
    assertThat(s).violates("/query").violates("input", "/query");
    assertThatThrownBy(() -> assertThat(s).violates("/limit"))
        .hasMessageContaining("to violate its schema at '/limit' but its violations are elsewhere:\n  input /query: minLength");
    assertThatThrownBy(() -> assertThat(s).violates("output", "/query"))
        .hasMessageContaining("to violate its schema at '/query' in its output but its violations are elsewhere:");
  }

  @Test
  void violates_conformingSpan_failsSayingItConforms() {
    SpanData s = search(Map.of("query", "refund"), List.of());
    assertThatThrownBy(() -> assertThat(s).violates("/query"))
        .hasMessageContaining("to violate its schema at '/query' but it is CONFORMS");
  }

  @Test
  void violates_partOtherThanInputOrOutput_isRejected() {
    SpanData s = search(Map.of("query", ""), List.of());
    assertThatThrownBy(() -> assertThat(s).violates("payload", "/query"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("part must be \"input\" or \"output\", got \"payload\"");
  }

  @Test
  void isUndeclared_typeNotInSchema_passes_declaredTypeFails() {
    assertThat(typed("send_email")).isUndeclared();
    SpanData s = search(Map.of("query", "refund"), List.of());
    assertThatThrownBy(() -> assertThat(s).isUndeclared()).hasMessageContaining("to be UNDECLARED but it is CONFORMS");
  }

  @Test
  void isNotChecked_nothingRecorded_passes_undeclaredFailsWithReason() {
    tracing.tracer().span("bare").type("web_search").start().end();
    assertThat(tracing.span("bare")).isNotChecked();
    assertThatThrownBy(() -> assertThat(typed("send_email")).isNotChecked())
        .hasMessageContaining("to be NOT_CHECKED but it is UNDECLARED (type 'send_email' is not declared in the activity schema)");
  }

  @Test
  void riskAssertions_emailInInput_matchLevelAndCategory_otherwiseFail() {
    tracing.tracer().span("mail").input("write to jane@example.com").start().end();
    SpanData s = tracing.span("mail");
    assertThat(s).hasRiskLevel(RiskLevel.MEDIUM).hasRiskCategory("email");
    assertThatThrownBy(() -> assertThat(s).hasRiskLevel(RiskLevel.NONE))
        .hasMessageContaining("to have risk level NONE but it has MEDIUM (score ")
        .hasMessageContaining("categories [email])");
    assertThatThrownBy(() -> assertThat(s).hasRiskCategory("api_key"))
        .hasMessageContaining("to have risk category 'api_key' but it has MEDIUM");
  }
}
