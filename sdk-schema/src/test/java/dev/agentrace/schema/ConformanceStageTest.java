package dev.agentrace.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SpanProcessor;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.ConformanceStatus;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.internal.Payloads;
import dev.agentrace.core.trace.SpanAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The schema check end to end: spans through a real SDK, its export worker and a capturing exporter. */
class ConformanceStageTest {
  private static final ActivitySchema STRICT = ActivitySchema.builder()
      .type("web_search", ActivitySchemaTest.SEARCH_PAYLOAD, "{\"type\":\"array\"}")
      .build();
  /** Same type, another shape: what a new agent version might ship. */
  private static final ActivitySchema RENAMED = ActivitySchema.builder()
      .type("web_search", "{\"type\":\"object\",\"required\":[\"q\"]}", null)
      .build();

  private final List<AgentraceSdk> sdks = new ArrayList<>();

  @AfterEach
  void shutDown() {
    sdks.forEach(s -> s.shutdown(Duration.ofSeconds(5)));
  }

  private TestSdk sdk(AgentraceSdk.Builder builder) {
    TestSdk t = TestSdk.create(builder.agent("support-bot"));
    sdks.add(t.sdk);
    return t;
  }

  /**
   * Ends a span whose recorded input and output are exactly the given JSON text. Setting the recorded
   * text directly pins what the worker checks, whatever Java-object rendering Payloads applies.
   */
  private static void record(Tracer tracer, String name, String type, String inputJson, String outputJson) {
    Span span = tracer.span(name).kind(SpanKind.TOOL).type(type).start();
    SpanAccess.recordRaw(span, inputJson, outputJson);
    span.end();
  }

  @Test
  void nonConformantSpan_exportedFlaggedWithExactPathAndCounted() {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT));

    record(t.tracer(), "search", "web_search", "{\"query\":\"x\",\"max_results\":99}", "[]");

    Conformance c = t.span("search").conformance();
    assertThat(c.status()).isEqualTo(ConformanceStatus.VIOLATES);
    assertThat(c.isFlagged()).isTrue();
    assertThat(c.violations()).containsExactly(
        new Violation("input", "/max_results", "maximum", "must have a maximum value of 20"));
    assertThat(t.sdk.stats().violationsByType()).isEqualTo(Map.of("web_search", 1L));
  }

  @Test
  void conformantSpan_exportedConformingAndNotCounted() {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT));

    record(t.tracer(), "search", "web_search", "{\"query\":\"x\"}", "[{\"url\":\"https://openjdk.org/\"}]");

    assertThat(t.span("search").conformance().status()).isEqualTo(ConformanceStatus.CONFORMS);
    assertThat(t.sdk.stats().violationsByType()).isEmpty();
  }

  /** A tool's arguments as the agent's code holds them. */
  record SearchArgs(String query, int max_results) {}

  @Test
  void javaObjectInputs_capturedThenChecked() {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT));

    t.tracer().span("record-ok").type("web_search").input(new SearchArgs("jdk", 5)).start().end();
    t.tracer().span("map-bad").type("web_search").input(Map.of("query", "jdk", "max_results", 0)).start().end();
    t.tracer().span("search-call").type("web_search").input(new SearchArgs("jdk", 3)).call(() -> List.of("https://openjdk.org/"));

    assertThat(t.span("record-ok").conformance().status()).isEqualTo(ConformanceStatus.CONFORMS);
    assertThat(t.span("map-bad").conformance().violations()).extracting(Violation::path).containsExactly("/max_results");
    assertThat(t.span("search-call").conformance().status()).isEqualTo(ConformanceStatus.CONFORMS);
  }

  @Test
  void inputOverPayloadLimit_truncatedByCapture_notChecked() {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT).maxPayloadChars(64));

    t.tracer().span("search").type("web_search").input(Map.of("query", "x".repeat(500))).start().end();

    Conformance c = t.span("search").conformance();
    assertThat(c.status()).isEqualTo(ConformanceStatus.NOT_CHECKED);
    assertThat(c.reason()).isEqualTo("payload truncated");
  }

  @Test
  void inputWhoseCaptureFailed_notChecked() {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT));
    Iterable<String> broken = () -> {
      throw new IllegalStateException("iterator unavailable");
    };

    t.tracer().span("search").type("web_search").input(broken).start().end();

    SpanData span = t.span("search");
    assertThat(span.input()).startsWith("{\"$error\":");
    assertThat(span.conformance().reason()).isEqualTo("payload could not be captured");
  }

  @Test
  void stringInput_capturedAndCheckedAsJsonString_violatesObjectSchema() {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT));

    try (Span span = t.tracer().span("search").type("web_search").input("what is jdk 25").start()) {
      span.output(null);
    }

    Violation v = t.span("search").conformance().violations().get(0);
    assertThat(v.path()).isEmpty();
    assertThat(v.keyword()).isEqualTo("type");
  }

  @Test
  void noSchema_spanNotChecked() {
    TestSdk t = sdk(AgentraceSdk.builder());

    record(t.tracer(), "search", "web_search", "{}", null);

    Conformance c = t.span("search").conformance();
    assertThat(c.status()).isEqualTo(ConformanceStatus.NOT_CHECKED);
    assertThat(c.reason()).isEqualTo("no activity schema");
  }

  @Test
  void undeclaredType_flaggedButNotCountedAsViolation() {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT));

    record(t.tracer(), "wipe", "delete_database", "{}", null);

    assertThat(t.span("wipe").conformance().status()).isEqualTo(ConformanceStatus.UNDECLARED);
    assertThat(t.sdk.stats().violationsByType()).isEmpty();
  }

  @Test
  void truncatedPayload_notCheckedWithReason() {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT));

    record(t.tracer(), "search", "web_search", "{\"$truncated\":true,\"originalChars\":70000,\"preview\":\"{\"}", null);

    Conformance c = t.span("search").conformance();
    assertThat(c.status()).isEqualTo(ConformanceStatus.NOT_CHECKED);
    assertThat(c.reason()).isEqualTo("payload truncated");
  }

  @Test
  void check_happensOnWorker_callerSideProcessorSeesItUnchecked() {
    List<Conformance> seenAtEnd = new ArrayList<>();
    SpanProcessor callerSide = new SpanProcessor() {
      @Override
      public void onEnd(SpanData span) {
        seenAtEnd.add(span.conformance());
      }
    };
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT).processor(callerSide));

    record(t.tracer(), "search", "web_search", "{}", null);

    assertThat(t.span("search").conformance().status()).isEqualTo(ConformanceStatus.VIOLATES);
    assertThat(seenAtEnd).extracting(Conformance::status).containsExactly(ConformanceStatus.NOT_CHECKED);
  }

  @Test
  void activitySchema_swappedAtRunTime_laterSpansMeetTheNewSchema() {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT));
    record(t.tracer(), "before", "web_search", "{\"q\":\"x\"}", null);
    t.flushAndGet();

    t.sdk.activitySchema(RENAMED);
    record(t.tracer(), "after", "web_search", "{\"q\":\"x\"}", null);

    assertThat(t.span("before").conformance().status()).isEqualTo(ConformanceStatus.VIOLATES);
    assertThat(t.span("after").conformance().status()).isEqualTo(ConformanceStatus.CONFORMS);
    assertThat(t.sdk.activitySchema()).isSameAs(RENAMED);
  }

  @Test
  void activitySchema_swappedToNull_stopsChecking() {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT));

    t.sdk.activitySchema(null);
    record(t.tracer(), "search", "web_search", "{}", null);

    assertThat(t.span("search").conformance().reason()).isEqualTo("no activity schema");
  }

  @Test
  void activitySchema_setOnRunningSdkWithoutOne_startsChecking() {
    TestSdk t = sdk(AgentraceSdk.builder());

    t.sdk.activitySchema(STRICT);
    record(t.tracer(), "search", "web_search", "{}", null);

    assertThat(t.span("search").conformance().status()).isEqualTo(ConformanceStatus.VIOLATES);
  }

  @Test
  void concurrentSpans_swapMidway_eachSpanMatchesExactlyOneSchema() throws Exception {
    TestSdk t = sdk(AgentraceSdk.builder().activitySchema(STRICT).queueCapacity(1 << 17));
    int threads = 8;
    int beforeSwap = 1_000;
    int afterSwap = 1_000;
    // Conforms to STRICT, violates RENAMED: which schema checked a span shows in its result.
    String payload = "{\"query\":\"jdk\"}";
    Conformance underStrict = STRICT.check("web_search", payload, null);
    Conformance underRenamed = RENAMED.check("web_search", payload, null);
    AtomicBoolean swapped = new AtomicBoolean();
    AtomicInteger ended = new AtomicInteger();
    CountDownLatch halfway = new CountDownLatch(threads);
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      int id = w;
      Thread th = new Thread(() -> {
        int late = 0;
        for (int i = 0; late < afterSwap; i++) {
          if (i == beforeSwap) {
            halfway.countDown();
          }
          // Read before ending: a span named "late-" ended after the swap returned.
          boolean after = swapped.get();
          record(t.tracer(), (after ? "late-" : "span-") + id + "-" + i, "web_search", payload, null);
          ended.incrementAndGet();
          if (after) {
            late++;
          }
        }
      });
      th.start();
      workers.add(th);
    }
    assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
    t.sdk.activitySchema(RENAMED);
    swapped.set(true);
    for (Thread th : workers) {
      th.join();
    }

    List<SpanData> spans = t.flushAndGet();
    assertThat(spans).hasSize(ended.get());
    long violating = 0;
    for (SpanData s : spans) {
      Conformance c = s.conformance();
      if (c.status() == ConformanceStatus.VIOLATES) {
        assertThat(c.violations()).as(s.name()).isEqualTo(underRenamed.violations());
        violating++;
      } else {
        assertThat(c).as(s.name()).isSameAs(underStrict);
        assertThat(s.name()).as("a span ended after the swap met the old schema").startsWith("span-");
      }
    }
    assertThat(violating).isGreaterThanOrEqualTo((long) threads * afterSwap);
    assertThat(t.sdk.stats().violationsByType()).isEqualTo(Map.of("web_search", violating));
  }
}
