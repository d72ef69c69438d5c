package dev.agentrace.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.Clock;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.trace.SpanAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private final List<AgentraceSdk> sdks = new ArrayList<>();

  @AfterEach
  void shutDown() {
    sdks.forEach(s -> s.shutdown(Duration.ofSeconds(5)));
  }

  private TestSdk sdk(AgentraceSdk.Builder b) {
    TestSdk t = TestSdk.create(b.agent("bot").version("1.0").environment("test"));
    sdks.add(t.sdk);
    return t;
  }

  private TestSdk sdk() {
    return sdk(AgentraceSdk.builder());
  }

  private static void span(TestSdk t, SpanKind kind, String type, long micros) {
    Span s = t.tracer().span(type).kind(kind).type(type).start();
    t.now.addAndGet(micros * 1_000);
    s.end();
  }

  private static MetricsSnapshot flushed(TestSdk t) {
    assertThat(t.sdk.flush(TestSdk.WAIT)).isTrue();
    return t.sdk.metrics().snapshot();
  }

  /** The nearest-rank percentile of sorted values. */
  private static double exact(double[] sorted, double percentile) {
    int rank = (int) Math.max(1, Math.ceil(percentile / 100 * sorted.length - 1e-9));
    return sorted[rank - 1];
  }

  @Test
  void latency_knownUniformDistribution_percentilesWithinHdrPrecision() {
    TestSdk t = sdk();
    for (int ms = 1; ms <= 1000; ms++) {
      span(t, SpanKind.TOOL, "web_search", ms * 1_000L);
    }
    Distribution d = flushed(t).latency("web_search");

    assertThat(d.count()).isEqualTo(1000);
    assertThat(d.mean()).isEqualTo(500.5);
    assertThat(d.min()).isEqualTo(1.0);
    assertThat(d.max()).isEqualTo(1000.0);
    assertThat(d.p50()).isBetween(500.0, 500.0 * 1.001);
    assertThat(d.p90()).isBetween(900.0, 900.0 * 1.001);
    assertThat(d.p95()).isBetween(950.0, 950.0 * 1.001);
    assertThat(d.p99()).isBetween(990.0, 990.0 * 1.001);
    assertThat(d.p999()).isBetween(999.0, 999.0 * 1.001);
  }

  @Test
  void latency_randomLogNormalDurations_everyPercentileWithinOneThousandthAbove() {
    TestSdk t = sdk();
    Random r = new Random(42);
    double[] ms = new double[5000];
    for (int i = 0; i < ms.length; i++) {
      long micros = 1 + (long) Math.exp(8 + 2 * r.nextGaussian()); // median ~3 ms, tail into seconds
      ms[i] = micros / 1000.0;
      span(t, SpanKind.LLM, "plan", micros);
    }
    Arrays.sort(ms);
    Distribution d = flushed(t).latency("plan");

    for (double p : new double[] {1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100}) {
      double want = exact(ms, p);
      assertThat(d.percentile(p)).as("p%s", p).isBetween(want, want * 1.001);
    }
    assertThat(d.max()).isEqualTo(ms[ms.length - 1]);
  }

  @Test
  void snapshot_unknownType_isEmptyWithNaNStatistics() {
    TestSdk t = sdk();
    span(t, SpanKind.TOOL, "web_search", 1_000);
    Distribution d = flushed(t).latency("no_such_type");

    assertThat(d.count()).isZero();
    assertThat(d.sum()).isZero();
    assertThat(d.mean()).isNaN();
    assertThat(d.p50()).isNaN();
    assertThat(d.p99()).isNaN();
    assertThat(d.max()).isNaN();
  }

  @Test
  void snapshot_sameTypeUnderTwoKinds_typeAddsThemUpAndKindSeparates() {
    TestSdk t = sdk();
    span(t, SpanKind.TOOL, "lookup", 1_000);
    span(t, SpanKind.RETRIEVAL, "lookup", 3_000);
    span(t, SpanKind.TOOL, "web_search", 5_000);
    MetricsSnapshot s = flushed(t);

    assertThat(s.entries()).hasSize(3);
    assertThat(s.latency("lookup").count()).isEqualTo(2);
    assertThat(s.kind(SpanKind.TOOL).count()).isEqualTo(2);
    assertThat(s.kind(SpanKind.TOOL).latency().max()).isEqualTo(5.0);
    assertThat(s.kind(SpanKind.RETRIEVAL).latency().mean()).isEqualTo(3.0);
    assertThat(s.types()).containsExactly("lookup", "web_search");
    assertThat(s.entries().keySet()).contains(new MetricsKey("bot", "1.0", "test", SpanKind.RETRIEVAL, "lookup"));
  }

  @Test
  void record_errorsTokensAndScores_eachCountedWhereRecorded() {
    TestSdk t = sdk();
    try (Span s = t.tracer().span("plan").kind(SpanKind.LLM).start()) {
      s.usage(1200, 300).score("helpfulness", 0.8).score("groundedness", 0.5);
    }
    try (Span s = t.tracer().span("plan").kind(SpanKind.LLM).start()) {
      s.usage(800, 100).score("helpfulness", 0.6).error("model timeout");
    }
    try (Span s = t.tracer().span("plan").kind(SpanKind.LLM).start()) {
      s.score("helpfulness", -1); // not representable: skipped by metrics, kept on the span
    }
    SpanMetrics m = flushed(t).type("llm");

    assertThat(m.count()).isEqualTo(3);
    assertThat(m.errors()).isEqualTo(1);
    assertThat(m.errorRate()).isEqualTo(1 / 3.0);
    assertThat(m.inputTokens().count()).isEqualTo(2);
    assertThat(m.inputTokens().mean()).isEqualTo(1000);
    assertThat(m.outputTokens().max()).isEqualTo(300);
    assertThat(m.qualityNames()).containsExactly("groundedness", "helpfulness");
    assertThat(m.quality("helpfulness").count()).isEqualTo(2);
    assertThat(m.quality("helpfulness").mean()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(m.quality("helpfulness").p50()).isEqualTo(0.6);
    assertThat(m.quality("groundedness").max()).isEqualTo(0.5);
  }

  @Test
  void risk_recordedOnlyForSpansARiskScanLookedAt() {
    // No risk stage exists in this test SDK: run the metrics stage by hand on spans it never saw.
    AgentraceSdk sdk = AgentraceSdk.builder().agent("bot").metrics(false).shutdownHook(false).build();
    sdks.add(sdk);
    SdkMetrics metrics = new SdkMetrics("bot", "1.0", "test", Clock.system(), 10);
    MetricsStage stage = new MetricsStage(metrics, 0);
    int[] scores = {0, 0, 40, 90};
    for (int score : scores) {
      Span s = sdk.tracer().span("t").kind(SpanKind.TOOL).start();
      s.end();
      SpanAccess.worker(s).recordRisk(new RiskResult(score >= 90 ? RiskLevel.CRITICAL : RiskLevel.NONE, score, List.of(), false));
      stage.process(SpanAccess.worker(s));
    }
    Span unscanned = sdk.tracer().span("t").kind(SpanKind.TOOL).start();
    unscanned.end();
    stage.process(SpanAccess.worker(unscanned));
    SpanMetrics m = metrics.snapshot().type("tool");

    assertThat(m.count()).isEqualTo(5);
    assertThat(m.risk().count()).isEqualTo(4);
    assertThat(m.risk().mean()).isEqualTo(32.5);
    assertThat(m.risk().p50()).isEqualTo(0);
    assertThat(m.risk().max()).isEqualTo(90);
  }

  @Test
  void manyThreads_endingSpansConcurrently_loseNoCounts() throws Exception {
    TestSdk t = sdk(AgentraceSdk.builder().queueCapacity(1 << 18));
    int threads = 8;
    int perThread = 20_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      String type = "tool_" + (i % 4);
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int n = 0; n < perThread; n++) {
          t.tracer().span(type).kind(SpanKind.TOOL).type(type).start().end();
        }
      });
      th.start();
      workers.add(th);
    }
    go.countDown();
    for (Thread th : workers) {
      th.join();
    }
    MetricsSnapshot s = flushed(t);

    assertThat(t.sdk.stats().spansDropped()).isZero();
    for (int i = 0; i < 4; i++) {
      assertThat(s.latency("tool_" + i).count()).isEqualTo(2L * perThread);
    }
    assertThat(s.kind(SpanKind.TOOL).count()).isEqualTo((long) threads * perThread);
  }

  @Test
  void snapshot_takenWhileTheWorkerRecords_isConsistentPerKeyAndNeverShrinks() throws Exception {
    TestSdk t = sdk(AgentraceSdk.builder().queueCapacity(1 << 18).batchSize(64));
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      long last = 0;
      try {
        while (!done.get()) {
          SpanMetrics m = t.sdk.metrics().snapshot().type("step");
          // Latency and tokens are recorded for every span of this type together, under one lock.
          if (m.latency().count() != m.count() || m.inputTokens().count() != m.count() || m.count() < last) {
            throw new AssertionError("inconsistent read: " + m);
          }
          last = m.count();
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    reader.start();
    for (int i = 0; i < 100_000; i++) {
      t.tracer().span("step").kind(SpanKind.LLM).type("step").start().usage(i % 500, 1).end();
    }
    MetricsSnapshot s = flushed(t);
    done.set(true);
    reader.join();

    assertThat(failure.get()).isNull();
    assertThat(s.type("step").count()).isEqualTo(100_000);
  }

  @Test
  void keyCap_moreTypesThanAllowed_extraKeysGoToCountedOverflow() {
    TestSdk t = sdk(AgentraceSdk.builder().metricsMaxKeys(3));
    for (String type : new String[] {"a", "b", "c", "d", "e"}) {
      span(t, SpanKind.TOOL, type, 1_000);
      span(t, SpanKind.TOOL, type, 2_000);
    }
    MetricsSnapshot s = flushed(t);

    assertThat(s.entries()).hasSize(3);
    assertThat(s.types()).containsExactly("a", "b", "c");
    assertThat(s.overflow().count()).isEqualTo(4);
    assertThat(s.overflow().latency().max()).isEqualTo(2.0);
    assertThat(s.latency("d").count()).isZero();
    assertThat(s.table()).contains("(overflow)");
    assertThat(s.toJson()).contains("\"overflow\":{\"count\":4");
  }

  @Test
  void metricsMaxKeys_notPositive_throwsNamingTheValue() {
    assertThatThrownBy(() -> AgentraceSdk.builder().metricsMaxKeys(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metricsMaxKeys").hasMessageContaining("0");
  }

  @Test
  void metricsLogInterval_negative_throwsNamingTheValue() {
    assertThatThrownBy(() -> AgentraceSdk.builder().metricsLogInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
  }

  @Test
  void windows_clockAdvances_spansLeaveTheMinuteThenTheFiveMinutes() {
    TestSdk t = sdk();
    t.now.set(1_700_000_000_000_000_000L); // a multiple of 10 s: slot boundaries are easy to reason about
    span(t, SpanKind.TOOL, "web_search", 200_000);
    span(t, SpanKind.TOOL, "web_search", 400_000);
    assertThat(t.sdk.flush(TestSdk.WAIT)).isTrue();
    Metrics m = t.sdk.metrics();
    assertThat(m.snapshot(Metrics.Window.LAST_MINUTE).latency("web_search").count()).isEqualTo(2);

    t.advanceMillis(30_000);
    span(t, SpanKind.TOOL, "web_search", 900_000);
    assertThat(t.sdk.flush(TestSdk.WAIT)).isTrue();
    assertThat(m.snapshot(Metrics.Window.LAST_MINUTE).latency("web_search").count()).isEqualTo(3);

    t.advanceMillis(40_000); // first two ended ~71 s ago, the third ~40 s ago
    MetricsSnapshot minute = m.snapshot(Metrics.Window.LAST_MINUTE);
    assertThat(minute.window()).isEqualTo(Metrics.Window.LAST_MINUTE);
    assertThat(minute.latency("web_search").count()).isEqualTo(1);
    assertThat(minute.latency("web_search").p50()).isBetween(900.0, 900.9);
    assertThat(m.snapshot(Metrics.Window.LAST_5_MINUTES).latency("web_search").count()).isEqualTo(3);

    t.advanceMillis(300_000);
    assertThat(m.snapshot(Metrics.Window.LAST_5_MINUTES).entries()).isEmpty();
    assertThat(m.snapshot(Metrics.Window.LAST_MINUTE).latency("web_search").count()).isZero();
    assertThat(m.snapshot().latency("web_search").count()).isEqualTo(3);
  }

  @Test
  void windows_randomDurations_percentilesWithinTwoDigitPrecision() {
    TestSdk t = sdk();
    t.now.set(1_700_000_000_000_000_000L);
    Random r = new Random(7);
    double[] ms = new double[2000];
    for (int i = 0; i < ms.length; i++) {
      long micros = 1 + (long) Math.exp(6 + 1.5 * r.nextGaussian()); // stays well inside one 10 s slot
      ms[i] = micros / 1000.0;
      Span s = t.tracer().span("plan").kind(SpanKind.LLM).type("plan").start();
      t.now.addAndGet(micros * 1_000);
      s.end();
      t.now.addAndGet(-micros * 1_000); // keep every span ending in the same interval
    }
    Arrays.sort(ms);
    assertThat(t.sdk.flush(TestSdk.WAIT)).isTrue();
    Distribution d = t.sdk.metrics().snapshot(Metrics.Window.LAST_MINUTE).latency("plan");

    assertThat(d.count()).isEqualTo(ms.length);
    for (double p : new double[] {1, 50, 90, 95, 99, 99.9}) {
      double want = exact(ms, p);
      assertThat(d.percentile(p)).as("p%s", p).isBetween(want, want * (1 + 1 / 128.0));
    }
  }

  @Test
  void windows_slotReusedAfterFiveMinutes_oldValuesDoNotLeakIntoTheNewInterval() {
    TestSdk t = sdk();
    t.now.set(1_700_000_000_000_000_000L);
    span(t, SpanKind.TOOL, "web_search", 1_000_000);
    t.advanceMillis(300_000 - 1_000); // same ring slot, 30 intervals later
    span(t, SpanKind.TOOL, "web_search", 5_000);
    assertThat(t.sdk.flush(TestSdk.WAIT)).isTrue();
    Distribution d = t.sdk.metrics().snapshot(Metrics.Window.LAST_MINUTE).latency("web_search");

    assertThat(d.count()).isEqualTo(1);
    assertThat(d.max()).isEqualTo(5.0);
  }

  @Test
  void logInterval_spansKeepEnding_summaryLoggedOncePerInterval() {
    AgentraceSdk sdk = AgentraceSdk.builder().agent("bot").metrics(false).shutdownHook(false).build();
    sdks.add(sdk);
    List<String> logged = new ArrayList<>();
    SdkMetrics metrics = new SdkMetrics("bot", "1.0", "test", Clock.system(), 10);
    MetricsStage stage = new MetricsStage(metrics, Duration.ofMinutes(1).toNanos(), logged::add);
    long start = 1_700_000_000_000_000_000L;
    for (long second : new long[] {0, 30, 59, 61, 90, 119, 125}) {
      Span s = sdk.tracer().span("t").kind(SpanKind.TOOL).start();
      SpanAccess.endAt(s, start + second * 1_000_000_000L);
      stage.process(SpanAccess.worker(s));
    }

    assertThat(logged).hasSize(2);
    assertThat(logged.get(0)).contains("bot 1.0 test · since start").contains("tool");
  }

  @Test
  void include_windowSnapshot_refusedNamingTheWindow() {
    TestSdk t = sdk();
    MetricsSnapshot minute = t.sdk.metrics().snapshot(Metrics.Window.LAST_MINUTE);

    assertThatThrownBy(() -> t.sdk.metrics().include(minute))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LAST_MINUTE");
    assertThatThrownBy(() -> t.sdk.metrics().snapshot().merge(minute))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LAST_MINUTE");
  }

  @Test
  void metricsOff_snapshotsStayEmpty() {
    TestSdk t = sdk(AgentraceSdk.builder().metrics(false));
    span(t, SpanKind.TOOL, "web_search", 1_000);
    MetricsSnapshot s = flushed(t);

    assertThat(t.exporter.spans()).hasSize(1);
    assertThat(s.entries()).isEmpty();
    assertThat(s.table()).contains("no spans");
  }

  @Test
  void noExporter_metricsStillRecorded() {
    AgentraceSdk sdk = AgentraceSdk.builder().agent("bot").shutdownHook(false).build();
    sdks.add(sdk);
    sdk.tracer().span("web_search").kind(SpanKind.TOOL).type("web_search").start().end();
    assertThat(sdk.flush(TestSdk.WAIT)).isTrue();

    assertThat(sdk.metrics().snapshot().latency("web_search").count()).isEqualTo(1);
  }

  @Test
  void table_printsOneAlignedRowPerKeyWithPercentilesAndCost() {
    TestSdk t = sdk();
    span(t, SpanKind.TOOL, "web_search", 200_000);
    try (Span s = t.tracer().span("plan").kind(SpanKind.LLM).type("plan").start()) {
      t.advanceMillis(800);
      s.cost(0.0125).score("helpfulness", 0.9);
    }
    String table = flushed(t).table();

    assertThat(table).startsWith("bot 1.0 test · since start\n");
    assertThat(table.lines().filter(l -> l.startsWith("plan "))).singleElement().satisfies(l ->
        assertThat(l).contains("LLM").contains("800.0").contains("0.012500").contains("helpfulness=0.900"));
    assertThat(table.lines().filter(l -> l.startsWith("web_search "))).singleElement().satisfies(l ->
        assertThat(l).contains("TOOL").contains("200.0"));
    String header = table.lines().skip(1).findFirst().orElseThrow();
    String plan = table.lines().filter(l -> l.startsWith("plan ")).findFirst().orElseThrow();
    assertThat(plan.indexOf("800.0") + "800.0".length()).isEqualTo(header.indexOf("p50") + "p50".length());
  }

  @Test
  void table_tinyCosts_totalAgreesWithCountTimesMeanInsteadOfRoundingToZero() {
    TestSdk t = sdk();
    for (int i = 0; i < 3; i++) {
      try (Span s = t.tracer().span("llm").kind(SpanKind.LLM).start()) {
        t.advanceMillis(10);
        s.cost(0.000012);
      }
    }
    String row = flushed(t).table().lines().filter(l -> l.startsWith("llm ")).findFirst().orElseThrow();

    assertThat(row).contains(" 0.000012 ").contains(" 0.000036").doesNotContain("0.0000 ");
  }

  @Test
  void table_columnsNoSpanFilled_areLeftOutAndLinesFitATerminal() {
    TestSdk t = sdk();
    span(t, SpanKind.TOOL, "web_search", 200_000);
    String table = flushed(t).table();

    String header = table.lines().skip(1).findFirst().orElseThrow();
    assertThat(header).startsWith("type").contains("p50", "max").doesNotContain("risk", "quality", "tok", "$");
    assertThat(table.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
  }

  @Test
  void table_riskAndQualityRecorded_showValues() {
    TestSdk t = sdk();
    try (Span s = t.tracer().span("handle_ticket").kind(SpanKind.AGENT).input("mail me at jane.doe@example.com").start()) {
      t.advanceMillis(10);
      s.score("helpful", 0.75).ok();
    }
    String table = flushed(t).table();

    String header = table.lines().skip(1).findFirst().orElseThrow();
    String row = table.lines().filter(l -> l.startsWith("agent ") || l.startsWith("handle_ticket ")).findFirst().orElseThrow();
    assertThat(header).contains("risk", "quality");
    assertThat(row).contains("helpful=0.750");
    assertThat(row.substring(header.indexOf("risk"), header.indexOf("risk") + 4).trim()).matches("[1-9][0-9]*");
  }

  @Test
  void toJson_containsKeysDistributionsAndNullForNaN() {
    TestSdk t = sdk();
    span(t, SpanKind.TOOL, "web_search", 2_000);
    String json = flushed(t).toJson();

    assertThat(json).startsWith("{\"agent\":\"bot\",\"version\":\"1.0\",\"environment\":\"test\",\"window\":\"SINCE_START\"");
    assertThat(json).contains("\"kind\":\"TOOL\",\"type\":\"web_search\",\"count\":1,\"errors\":0,\"latencyMs\":{\"count\":1,\"sum\":2.0,\"mean\":2.0");
    assertThat(json).contains("\"costUsd\":{\"count\":0,\"sum\":0.0,\"mean\":null");
  }

  @Test
  void include_anotherSdksSnapshot_driftComparesTheTwoVersions() {
    TestSdk v1 = TestSdk.create(AgentraceSdk.builder().agent("bot").version("1.0").environment("test"));
    TestSdk v2 = TestSdk.create(AgentraceSdk.builder().agent("bot").version("2.0").environment("test"));
    sdks.add(v1.sdk);
    sdks.add(v2.sdk);
    for (int i = 0; i < 20; i++) {
      span(v1, SpanKind.TOOL, "web_search", 200_000);
      span(v2, SpanKind.TOOL, "web_search", 900_000);
      span(v1, SpanKind.LLM, "plan", 500_000);
      span(v2, SpanKind.LLM, "plan", 510_000);
    }
    v2.sdk.metrics().include(flushed(v1));
    assertThat(v2.sdk.flush(TestSdk.WAIT)).isTrue();
    DriftReport r = v2.sdk.metrics().drift("1.0", "2.0");

    assertThat(r.baseline()).isEqualTo("bot 1.0 test");
    assertThat(r.candidate()).isEqualTo("bot 2.0 test");
    assertThat(r.flagged()).extracting(DriftReport.Change::type).containsOnly("web_search");
    assertThat(r.change("web_search", "latency p95").toString())
        .isEqualTo("web_search latency p95 200.0 ms → 900.0 ms (×4.50) FLAGGED");
    assertThat(v2.sdk.metrics().snapshot().entries()).hasSize(4);
    assertThat(v2.sdk.metrics().snapshot().latency("web_search").count()).isEqualTo(20);
  }
}
