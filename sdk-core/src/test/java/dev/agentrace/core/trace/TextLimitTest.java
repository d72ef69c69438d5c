package dev.agentrace.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.internal.SdkCounters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Oversized text anywhere on a span is cut to maxTextChars, so one value cannot make a batch unsendable. */
class TextLimitTest {
  private static final int LIMIT = 100;
  private static final String HUGE = "x".repeat(1_000_000);

  @Test
  void everyTextField_longerThanLimit_isCutWithMarkerAndCounted() {
    TestSdk t = TestSdk.create(AgentraceSdk.builder().maxTextChars(LIMIT));
    try (Span s = t.tracer().span(HUGE).kind(SpanKind.LLM).type(HUGE).model(HUGE).session(HUGE).user(HUGE)
        .attribute("k", HUGE).attribute(HUGE, "v").start()) {
      s.attribute("late", HUGE).event(HUGE, Map.of("e", HUGE, HUGE, 1L)).score(HUGE, 0.5).error(HUGE);
    }

    SpanData d = t.flushAndGet().get(0);

    String cut = "x".repeat(LIMIT - 18) + "...[1000000 chars]";
    assertThat(d.name()).isEqualTo(cut);
    assertThat(d.type()).isEqualTo(cut);
    assertThat(d.model()).isEqualTo(cut);
    assertThat(d.sessionId()).isEqualTo(cut);
    assertThat(d.userId()).isEqualTo(cut);
    assertThat(d.statusMessage()).isEqualTo(cut);
    assertThat(d.attributes()).containsEntry("k", cut).containsEntry(cut, "v").containsEntry("late", cut);
    assertThat(d.events()).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo(cut);
      assertThat(e.attributes()).containsEntry("e", cut).containsEntry(cut, 1L);
    });
    assertThat(d.scores()).containsOnlyKeys(cut);
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(13);
  }

  @Test
  void exceptionMessage_longerThanLimit_isCutInStatusAndEvent() {
    TestSdk t = TestSdk.create(AgentraceSdk.builder().maxTextChars(LIMIT));
    t.tracer().span("call").start().error(new IllegalStateException(HUGE)).end();

    SpanData d = t.flushAndGet().get(0);

    assertThat(d.statusMessage()).hasSize(LIMIT).endsWith("...[1000000 chars]");
    assertThat(d.events()).singleElement()
        .satisfies(e -> assertThat((String) e.attributes().get("exception.message")).hasSize(LIMIT));
  }

  @Test
  void clip_cutFallingInsideSurrogatePair_keepsThePairWhole() {
    Limits limits = new Limits(128, 128, AgentraceSdk.DEFAULT_MAX_PAYLOAD_CHARS, LIMIT, new SdkCounters());
    String marker = "...[2000 chars]";
    // The cut would fall between the two halves of an emoji: the whole pair goes.
    String text = "a".repeat(LIMIT - marker.length() - 1) + "\uD83D\uDE00" + "b".repeat(2000 - (LIMIT - marker.length() + 1));

    String clipped = limits.clip(text, "span", "a value");

    assertThat(clipped).isEqualTo("a".repeat(LIMIT - marker.length() - 1) + marker);
  }

  @Test
  void textWithinLimit_isKeptAsIs_andDefaultLimitIs4096() {
    TestSdk t = TestSdk.create();
    String fits = "y".repeat(AgentraceSdk.DEFAULT_MAX_TEXT_CHARS);
    t.tracer().span("s").attribute("k", fits).start().end();

    assertThat(t.flushAndGet().get(0).attributes()).containsEntry("k", fits);
    assertThat(t.sdk.stats().instrumentationErrors()).isZero();
  }

  @Test
  void maxTextChars_belowMinimum_isRejectedNamingTheValue() {
    assertThatThrownBy(() -> AgentraceSdk.builder().maxTextChars(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTextChars must be >= 64, got 10");
  }
}
