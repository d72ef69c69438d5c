package dev.agentrace.testing;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.data.SpanData;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SpanDataAssertTest {
  private static final String INPUT =
      "{\"query\":\"refund\",\"filters\":{\"lang\":\"en\",\"a/b\":true},\"limit\":5,\"tags\":[\"billing\",\"urgent\"],\"note\":null}";

  @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.builder().deterministic().build();

  private Tracer tracer() {
    return tracing.tracer();
  }

  private SpanData tool() {
    Span s = tracer().span("web_search").kind(SpanKind.TOOL).type("search").model("gpt-4o").session("s-1").user("u-1")
        .attribute("retries", 3L).attribute("engine", "bing").attribute("cached", true).input("refund please").start();
    tracing.clock().advanceMillis(30);
    s.event("cache_miss").usage(100, 20).score("relevance", 0.75).output("42 hits").ok();
    s.end();
    return tracing.span("web_search");
  }

  private SpanData failed() {
    assertThatThrownBy(() -> tracer().span("fetch").run(() -> {
      throw new FileNotFoundException("no such page: /refunds");
    })).isInstanceOf(FileNotFoundException.class);
    return tracing.span("fetch");
  }

  @Test
  void identity_matching_passes() {
    assertThat(tool()).hasName("web_search").hasKind(SpanKind.TOOL).hasType("search").hasModel("gpt-4o")
        .hasSession("s-1").hasUser("u-1");
  }

  @Test
  void hasName_other_failsNamingBoth() {
    SpanData s = tool();
    assertThatThrownBy(() -> assertThat(s).hasName("search"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected span 'web_search' to be named 'search' but it is named 'web_search'")
        .hasMessageContaining("span: web_search (TOOL search, OK, 30.0 ms)");
  }

  @Test
  void hasKindAndType_other_fail() {
    SpanData s = tool();
    assertThatThrownBy(() -> assertThat(s).hasKind(SpanKind.LLM))
        .hasMessageContaining("to have kind LLM but it has kind TOOL");
    assertThatThrownBy(() -> assertThat(s).hasType("tool"))
        .hasMessageContaining("to have type 'tool' but it has type 'search'");
  }

  @Test
  void hasModelSessionUser_other_fail() {
    SpanData s = tool();
    assertThatThrownBy(() -> assertThat(s).hasModel("o3")).hasMessageContaining("to have model 'o3' but it has 'gpt-4o'");
    assertThatThrownBy(() -> assertThat(s).hasSession("s-2")).hasMessageContaining("to have session 's-2' but it has 's-1'");
    assertThatThrownBy(() -> assertThat(s).hasUser("u-2")).hasMessageContaining("to have user 'u-2' but it has 'u-1'");
    tracer().span("bare").start().end();
    assertThatThrownBy(() -> assertThat(tracing.span("bare")).hasModel("o3"))
        .hasMessageContaining("to have model 'o3' but it has none");
  }

  @Test
  void rootAndParent_matching_pass() {
    tracer().span("root").run(() -> tracer().span("child").start().end());
    assertThat(tracing.span("root")).isRoot();
    assertThat(tracing.span("child")).hasParent(tracing.span("root"));
  }

  @Test
  void isRoot_child_failsNamingParentId() {
    tracer().span("root").run(() -> tracer().span("child").start().end());
    assertThatThrownBy(() -> assertThat(tracing.span("child")).isRoot())
        .hasMessageContaining("Expected span 'child' to be a root span but it has parent span 0000000000000001");
  }

  @Test
  void hasParent_other_fails() {
    tracer().span("a").start().end();
    tracer().span("b").start().end();
    assertThatThrownBy(() -> assertThat(tracing.span("b")).hasParent(tracing.span("a")))
        .hasMessageContaining("to be a child of 'a' (span 0000000000000001")
        .hasMessageContaining("but its parent is none (it is a root span)");
  }

  @Test
  void isChildOf_withoutTrace_throwsSayingHowToGetOne() {
    tracer().span("a").start().end();
    assertThatThrownBy(() -> assertThat(tracing.span("a")).isChildOf("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("assertThat(trace).span(\"a\").isChildOf(..)");
  }

  @Test
  void hasInput_stringPayload_comparesAsJson() {
    SpanData s = tool();
    assertThat(s).hasInput("\"refund please\"").hasInputAt("", "refund please").hasOutput(" \"42 hits\" ");
    assertThatThrownBy(() -> assertThat(s).hasInput("\"refund\""))
        .hasMessageContaining("to have input\n  \"refund\"\nbut it is\n  \"refund please\"")
        .hasMessageContaining("first difference at (whole document): expected \"refund\" but was \"refund please\"");
  }

  @Test
  void hasInput_sameJsonOtherSpelling_passes() {
    SpanData s = WithPayloads.of(tool(), INPUT, null);
    assertThat(s).hasInput("{\"note\":null,\"tags\":[\"billing\",\"urgent\"],\"limit\":5.0,"
        + "\"filters\":{\"a/b\":true,\"lang\":\"en\"},\"query\":\"refund\"}");
  }

  @Test
  void hasInput_nestedDifference_failsWithItsPointer() {
    SpanData s = WithPayloads.of(tool(), INPUT, null);
    assertThatThrownBy(() -> assertThat(s).hasInput(INPUT.replace("\"en\"", "\"de\"")))
        .hasMessageContaining("first difference at /filters/lang: expected \"de\" but was \"en\"");
    assertThatThrownBy(() -> assertThat(s).hasInput(INPUT.replace("\"urgent\"", "\"urgent\",\"vip\"")))
        .hasMessageContaining("first difference at /tags: expected 3 elements but was 2");
    assertThatThrownBy(() -> assertThat(s).hasInput(INPUT.replace(",\"note\":null", "")))
        .hasMessageContaining("first difference at /note: unexpected null");
  }

  @Test
  void hasInput_invalidExpectedJson_throwsIllegalArgument() {
    SpanData s = tool();
    assertThatThrownBy(() -> assertThat(s).hasInput("{query:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void hasOutput_noneRecorded_failsSayingSo() {
    tracer().span("silent").start().end();
    assertThatThrownBy(() -> assertThat(tracing.span("silent")).hasOutput("1"))
        .hasMessageContaining("Expected span 'silent' to have output 1 but it recorded no output");
  }

  @Test
  void hasInputAt_pointers_findValuesWhateverTheirJavaType() {
    SpanData s = WithPayloads.of(tool(), INPUT, "[{\"id\":7,\"score\":0.5}]");
    assertThat(s)
        .hasInputAt("/query", "refund")
        .hasInputAt("/limit", 5)
        .hasInputAt("/limit", 5.0)
        .hasInputAt("/filters/a~1b", true)
        .hasInputAt("/tags/1", "urgent")
        .hasInputAt("/tags", List.of("billing", "urgent"))
        .hasInputAt("/tags", new String[] {"billing", "urgent"})
        .hasInputAt("/filters", Map.of("lang", "en", "a/b", true))
        .hasInputAt("/note", null)
        .hasOutputAt("/0/id", 7L)
        .hasOutputAt("/0/score", 0.5f);
  }

  @Test
  void hasInputAt_wrongValue_failsWithBoth() {
    SpanData s = WithPayloads.of(tool(), INPUT, null);
    assertThatThrownBy(() -> assertThat(s).hasInputAt("/limit", 6))
        .hasMessageContaining("to have input at '/limit' = 6 but it is 5");
    assertThatThrownBy(() -> assertThat(s).hasInputAt("/limit", "5"))
        .hasMessageContaining("to have input at '/limit' = \"5\" but it is 5");
    assertThatThrownBy(() -> assertThat(s).hasInputAt("/filters", Map.of("lang", "de", "a/b", true)))
        .hasMessageContaining("first difference at /filters/lang: expected \"de\" but was \"en\"");
  }

  @Test
  void hasInputAt_missingPath_failsSayingNothingIsThere() {
    SpanData s = WithPayloads.of(tool(), INPUT, null);
    assertThatThrownBy(() -> assertThat(s).hasInputAt("/tags/2", "vip"))
        .hasMessageContaining("to have input at '/tags/2' = \"vip\" but there is no value at '/tags/2' in input {\"query\"");
    assertThatThrownBy(() -> assertThat(s).hasInputAt("/note/x", null))
        .hasMessageContaining("there is no value at '/note/x'");
  }

  @Test
  void hasInputAt_payloadNotJson_failsSayingSo() {
    SpanData s = WithPayloads.of(tool(), "{\"cut\": ", null);
    assertThatThrownBy(() -> assertThat(s).hasInputAt("/cut", 1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have a JSON input but it is not JSON");
  }

  @Test
  void hasInputAt_badPointerOrExpectedType_throwsIllegalArgument() {
    SpanData s = WithPayloads.of(tool(), INPUT, null);
    assertThatThrownBy(() -> assertThat(s).hasInputAt("query", "refund"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be empty or start with '/', got 'query'");
    assertThatThrownBy(() -> assertThat(s).hasInputAt("/query", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object cannot be compared with JSON");
  }

  @Test
  void hasAttribute_typedAndUntyped_pass() {
    assertThat(tool())
        .hasAttribute("retries")
        .hasAttribute("retries", 3)
        .hasAttribute("retries", 3L)
        .hasAttribute("engine", "bing")
        .hasAttribute(AttributeKey.booleanKey("cached"), true)
        .hasAttribute(AttributeKey.longKey("retries"), 3L);
  }

  @Test
  void hasAttribute_wrongOrMissing_fails() {
    SpanData s = tool();
    assertThatThrownBy(() -> assertThat(s).hasAttribute("retries", 4))
        .hasMessageContaining("to have attribute 'retries' = 4 but it is 3");
    assertThatThrownBy(() -> assertThat(s).hasAttribute("retries", "3"))
        .hasMessageContaining("to have attribute 'retries' = \"3\" but it is 3");
    assertThatThrownBy(() -> assertThat(s).hasAttribute("region", "eu"))
        .hasMessageContaining("to have attribute 'region' = \"eu\" but it has no such attribute; its attributes are {retries=3");
    assertThatThrownBy(() -> assertThat(s).hasAttribute("region"))
        .hasMessageContaining("to have attribute 'region' but its attributes are");
  }

  @Test
  void hasEvent_presentAndAbsent() {
    SpanData s = tool();
    assertThat(s).hasEvent("cache_miss");
    assertThatThrownBy(() -> assertThat(s).hasEvent("retry"))
        .hasMessageContaining("to have an event named 'retry' but its events are [cache_miss]");
  }

  @Test
  void status_ok_passesAndErrorAssertionsFail() {
    SpanData s = tool();
    assertThat(s).isOk().hasStatus(SpanStatus.OK);
    assertThatThrownBy(() -> assertThat(s).isError())
        .hasMessageContaining("Expected span 'web_search' to have status ERROR but it has status OK");
    assertThatThrownBy(() -> assertThat(s).hasErrorMessageContaining("timeout"))
        .hasMessageContaining("to have status ERROR but it has status OK");
    assertThatThrownBy(() -> assertThat(s).hasErrorOfType(IOException.class))
        .hasMessageContaining("to have recorded an exception of type java.io.IOException but it recorded no exception"
            + " (status OK)");
  }

  @Test
  void status_error_matchesMessageAndTypeIncludingSupertypes() {
    SpanData s = failed();
    assertThat(s).isError().hasStatus(SpanStatus.ERROR).hasErrorMessageContaining("no such page")
        .hasErrorOfType(FileNotFoundException.class).hasErrorOfType(IOException.class).hasEvent("exception");
    assertThatThrownBy(() -> assertThat(s).isOk())
        .hasMessageContaining("to have status OK but it has status ERROR \"no such page: /refunds\"");
    assertThatThrownBy(() -> assertThat(s).hasErrorMessageContaining("timeout"))
        .hasMessageContaining("to have an error message containing \"timeout\" but the message is \"no such page: /refunds\"");
    assertThatThrownBy(() -> assertThat(s).hasErrorOfType(IllegalStateException.class))
        .hasMessageContaining("of type java.lang.IllegalStateException but it recorded [java.io.FileNotFoundException]");
  }

  @Test
  void isOk_spanClosedWithoutStatus_failsExplainingTryWithResourcesLeavesUnset() {
    try (Span run = tracer().span("handle_ticket").kind(SpanKind.AGENT).start()) {
      run.output("done");
    }
    assertThatThrownBy(() -> assertThat(tracing.span("handle_ticket")).isOk())
        .hasMessage("Expected span 'handle_ticket' to have status OK but it has status UNSET: the code ended it without"
            + " calling ok() or error(). Closing a span (try-with-resources) leaves its status UNSET; call span.ok()"
            + " at the end of the try block (run(..) and call(..) do it for you), or assert isNotError() if UNSET is"
            + " fine\nspan: handle_ticket (AGENT, UNSET, 0 ns)");
  }

  @Test
  void isNotError_unsetOrOk_passesAndError_failsWithItsMessage() {
    try (Span run = tracer().span("handle_ticket").kind(SpanKind.AGENT).start()) {
      run.output("done");
    }
    assertThat(tracing.span("handle_ticket")).isNotError().hasStatus(SpanStatus.UNSET);
    assertThat(tool()).isNotError();
    SpanData s = failed();
    assertThatThrownBy(() -> assertThat(s).isNotError())
        .hasMessageContaining("Expected span 'fetch' not to have status ERROR but it has status ERROR"
            + " \"no such page: /refunds\"\nspan: fetch (");
  }

  @Test
  void hasUsageAndScore_matchingAndNot() {
    SpanData s = tool();
    assertThat(s).hasUsage(100, 20).hasScore("relevance", 0.75);
    assertThatThrownBy(() -> assertThat(s).hasUsage(100, 21))
        .hasMessageContaining("to have usage of 100 input and 21 output tokens but it has 100 input and 20 output tokens");
    assertThatThrownBy(() -> assertThat(s).hasScore("relevance", 0.8))
        .hasMessageContaining("to have score 'relevance' = 0.8 but it is 0.75");
    assertThatThrownBy(() -> assertThat(s).hasScore("toxicity", 0.0))
        .hasMessageContaining("it has no such score; its scores are {relevance=0.75}");
    tracer().span("plain").start().end();
    assertThatThrownBy(() -> assertThat(tracing.span("plain")).hasUsage(1, 1))
        .hasMessageContaining("but it has no usage");
  }

  @Test
  void duration_boundsInclusive_andFailuresShowBoth() {
    SpanData s = tool();
    assertThat(s).hasDurationAtLeast(Duration.ofMillis(30)).hasDurationAtMost(Duration.ofMillis(30));
    assertThatThrownBy(() -> assertThat(s).hasDurationAtLeast(Duration.ofMillis(31)))
        .hasMessageContaining("to last at least 31.0 ms but it lasted 30.0 ms");
    assertThatThrownBy(() -> assertThat(s).hasDurationAtMost(Duration.ofMillis(29)))
        .hasMessageContaining("to last at most 29.0 ms but it lasted 30.0 ms");
  }

  @Test
  void assertions_nullSpan_failAsAssertJDoes() {
    assertThatThrownBy(() -> assertThat((SpanData) null).hasName("x"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
  }

  @Test
  void description_as_prefixesTheMessage() {
    SpanData s = tool();
    assertThatThrownBy(() -> assertThat(s).as("the search step").hasKind(SpanKind.LLM))
        .hasMessageStartingWith("[the search step] Expected span 'web_search'");
  }

  @Test
  void payloadWithPercentSigns_isPrintedNotFormatted() {
    tracer().span("p").input("100%s %d done").start().end();
    assertThatThrownBy(() -> assertThat(tracing.span("p")).hasInput("\"x\""))
        .hasMessageContaining("\"100%s %d done\"");
  }
}
