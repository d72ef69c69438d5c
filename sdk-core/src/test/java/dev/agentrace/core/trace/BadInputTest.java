package dev.agentrace.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.ReadableSpan;
import dev.agentrace.core.SpanProcessor;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Instrumentation never throws into the agent: each mistake is a counted warning and a safe value. */
class BadInputTest {
  private final TestSdk t = TestSdk.create();

  @AfterEach
  void shutdown() {
    t.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void span_nullOrBlankName_recordedAsUnnamed() {
    t.tracer().span(null).start().end();
    t.tracer().span("  ").start().end();
    assertThat(t.flushAndGet()).extracting(SpanData::name).containsExactly("unnamed", "unnamed");
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(2);
  }

  @Test
  void kind_null_recordedAsCustom() {
    t.tracer().span("k").kind(null).start().end();
    assertThat(t.span("k").kind()).isEqualTo(SpanKind.CUSTOM);
  }

  @Test
  void attributes_nullKeyNullValueOddTypes_safe() {
    try (Span s = t.tracer().span("a").attribute((String) null, "v").attribute("nullValue", (String) null).start()) {
      s.attribute((AttributeKey<String>) null, "x");
      s.attribute(AttributeKey.stringKey("typed"), null);
      s.attribute("nan", Double.NaN);
    }
    Map<String, Object> attrs = t.span("a").attributes();
    assertThat(attrs).containsOnlyKeys("nan");
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(4);
  }

  @Test
  void scoresAndCost_nonFinite_rejectedWithWarning() {
    try (Span s = t.tracer().span("q").start()) {
      s.score("relevance", Double.NaN).score("x", Double.POSITIVE_INFINITY).score(null, 1).cost(-1).cost(Double.NaN);
      s.score("ok", 0.5);
    }
    SpanData d = t.span("q");
    assertThat(d.scores()).containsOnlyKeys("ok");
    assertThat(d.cost()).isNull();
  }

  @Test
  void usage_negativeOrInconsistent_clamped() {
    try (Span s = t.tracer().span("u").start()) {
      s.usage(-5, 10, 3, 20);
    }
    assertThat(t.span("u").usage()).isEqualTo(new TokenUsage(0, 10, 0, 10));
  }

  @Test
  void error_withThrowingGetMessage_recordsSafeMessage() {
    RuntimeException hostile = new RuntimeException() {
      @Override
      public String getMessage() {
        throw new IllegalStateException("no message for you");
      }
    };
    assertThatCode(() -> {
      try (Span s = t.tracer().span("e").start()) {
        s.error(hostile);
        s.error((Throwable) null);
      }
    }).doesNotThrowAnyException();
    assertThat(t.span("e").status()).isEqualTo(SpanStatus.ERROR);
  }

  @Test
  void input_throwingToString_neverThrows() {
    Object hostile = new Object() {
      @Override
      public String toString() {
        throw new UnsupportedOperationException("nope");
      }
    };
    assertThatCode(() -> t.tracer().span("p").input(hostile).start().output(hostile).end()).doesNotThrowAnyException();
    assertThat(t.span("p").input()).isNotNull();
  }

  @Test
  void input_cyclicStructure_neverThrows() {
    Map<String, Object> a = new HashMap<>();
    List<Object> b = new ArrayList<>();
    a.put("list", b);
    b.add(a);
    assertThatCode(() -> t.tracer().span("cycle").input(a).start().end()).doesNotThrowAnyException();
    assertThat(t.span("cycle").input()).isNotNull();
  }

  @Test
  void runAndCall_nullLambda_returnNullAndCount() {
    assertThatCode(() -> t.tracer().span("r").run(null)).doesNotThrowAnyException();
    Object result = t.tracer().span("c").call(null);
    assertThat(result).isNull();
    assertThat(t.sdk.stats().instrumentationErrors()).isEqualTo(2);
  }

  @Test
  void eventAttributes_throwingMap_safe() {
    Map<String, Object> hostile = new HashMap<>() {
      @Override
      public java.util.Set<Map.Entry<String, Object>> entrySet() {
        throw new IllegalStateException("cannot iterate");
      }

      @Override
      public boolean isEmpty() {
        return false;
      }
    };
    assertThatCode(() -> t.tracer().span("ev").start().event("x", hostile).event(null).end()).doesNotThrowAnyException();
    assertThat(t.span("ev").events()).extracting(SpanEvent::name).containsExactly("x", "unnamed");
  }

  @Test
  void builder_configurationErrors_nameTheBadValue() {
    AgentraceSdk.Builder b = AgentraceSdk.builder();
    assertThatThrownBy(() -> b.agent(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agent");
    assertThatThrownBy(() -> b.agent(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("agent");
    assertThatThrownBy(() -> b.maxPayloadChars(10)).hasMessageContaining("10");
    assertThatThrownBy(() -> b.batchDelay(Duration.ZERO)).hasMessageContaining("batchDelay");
    assertThatThrownBy(() -> b.queueCapacity(1)).hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> AgentraceSdk.builder().batchSize(1000).queueCapacity(100).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000").hasMessageContaining("100");
  }
  // The cases below were found by the hostile-input fuzzer (HostileInputReliabilityTest, seed 1): user code the
  // SDK calls may throw an Error, or a checked exception it never declared (Kotlin, @SneakyThrows), not only a
  // RuntimeException.

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }

  private static Object toStringThrows(Throwable t) {
    return new Object() {
      @Override
      public String toString() {
        throw sneaky(t);
      }
    };
  }

  @Test
  void processor_throwingErrorOrUndeclaredCheckedException_neverReachesTheAgent() {
    List<Throwable> thrown = List.of(new AssertionError("processor bug"), new java.io.IOException("undeclared"));
    TestSdk p = TestSdk.create(AgentraceSdk.builder().processor(new SpanProcessor() {
      @Override
      public void onStart(ReadableSpan span) {
        throw sneaky(thrown.get(0));
      }

      @Override
      public void onEnd(SpanData span) {
        throw sneaky(thrown.get(1));
      }
    }));
    try {
      assertThatCode(() -> p.tracer().span("s").start().end()).doesNotThrowAnyException();
      assertThat(p.span("s").name()).isEqualTo("s");
    } finally {
      p.sdk.shutdown(TestSdk.WAIT);
    }
  }

  @Test
  void attribute_toStringThrowingErrorOrCheckedException_recordedAsPlaceholder() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    AttributeKey<Object> key = (AttributeKey) AttributeKey.stringKey("k");
    assertThatCode(() -> {
      try (Span s = t.tracer().span("a").start()) {
        s.attribute(key, toStringThrows(new AssertionError("no")));
        s.event("e", Map.of("io", toStringThrows(new java.io.IOException("no"))));
      }
    }).doesNotThrowAnyException();
    SpanData d = t.span("a");
    assertThat((String) d.attributes().get("k")).contains("toString() threw java.lang.AssertionError");
    assertThat((String) d.events().get(0).attributes().get("io")).contains("toString() threw java.io.IOException");
  }

  @Test
  void attribute_toStringReturningNull_recordedAsPlaceholderNotDropped() {
    Object nullText = new Object() {
      @Override
      public String toString() {
        return null;
      }
    };
    t.tracer().span("a").start().event("e", Map.of("v", nullText)).end();

    assertThat((String) t.span("a").events().get(0).attributes().get("v")).endsWith(": toString() returned null]");
  }

  @Test
  void eventAttributes_mapThrowingFromIsEmpty_recordsTheEventWithoutThem() {
    Map<String, Object> hostile = new HashMap<>() {
      @Override
      public boolean isEmpty() {
        throw sneaky(new java.io.UncheckedIOException(new java.io.IOException("gone")));
      }
    };
    Map<String, Object> erroring = new HashMap<>() {
      @Override
      public java.util.Set<Map.Entry<String, Object>> entrySet() {
        throw sneaky(new StackOverflowError());
      }

      @Override
      public boolean isEmpty() {
        return false;
      }
    };
    assertThatCode(() -> t.tracer().span("ev").start().event("a", hostile).event("b", erroring).end())
        .doesNotThrowAnyException();
    assertThat(t.span("ev").events()).extracting(SpanEvent::name).containsExactly("a", "b");
  }

  @Test
  void error_getMessageThrowingUndeclaredCheckedException_recordsSafeMessage() {
    RuntimeException hostile = new RuntimeException() {
      @Override
      public String getMessage() {
        throw sneaky(new java.io.IOException("no message"));
      }
    };
    assertThatCode(() -> t.tracer().span("e").start().error(hostile).end()).doesNotThrowAnyException();
    assertThat(t.span("e").statusMessage()).contains("getMessage() threw java.io.IOException");
  }

  @Test
  void flushAndShutdown_timeoutTooLongForNanos_returnWithoutThrowing() {
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    t.tracer().span("f").start().end();
    assertThat(t.sdk.flush(forever)).isTrue();
    assertThat(t.sdk.shutdown(forever).spansExported()).isEqualTo(1);
  }
  /** Found by the hostile-input fuzzer (seed 1): a 100,000-entry event map made a 2 MB span. */
  @Test
  void eventAttributes_moreThanMaxAttributes_keepTheFirstAndCountTheMistake() {
    TestSdk small = TestSdk.create(AgentraceSdk.builder().maxAttributes(2));
    try {
      Map<String, Object> many = new java.util.LinkedHashMap<>();
      for (int i = 0; i < 100_000; i++) {
        many.put("a" + i, (long) i);
      }
      small.tracer().span("ev").start().event("many", many).end();
      assertThat(small.span("ev").events().get(0).attributes()).containsExactly(Map.entry("a0", 0L), Map.entry("a1", 1L));
      assertThat(small.sdk.stats().instrumentationErrors()).isEqualTo(1);
    } finally {
      small.sdk.shutdown(TestSdk.WAIT);
    }
  }
  /** A processor's exception is logged once; one whose toString() and getMessage() throw must not escape the log call. */
  @Test
  void processor_throwingExceptionThatCannotBePrinted_neverReachesTheAgent() {
    RuntimeException unprintable = new RuntimeException() {
      @Override
      public String toString() {
        throw new IllegalStateException("no toString");
      }

      @Override
      public String getMessage() {
        throw new IllegalStateException("no message");
      }
    };
    TestSdk p = TestSdk.create(AgentraceSdk.builder().processor(new SpanProcessor() {
      @Override
      public void onEnd(SpanData span) {
        throw unprintable;
      }
    }));
    try {
      assertThatCode(() -> p.tracer().span("s").start().end()).doesNotThrowAnyException();
    } finally {
      p.sdk.shutdown(TestSdk.WAIT);
    }
  }
}
