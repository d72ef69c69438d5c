package dev.agentrace.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.TestSdk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DriftReportTest {
  private final List<TestSdk> sdks = new ArrayList<>();

  @AfterEach
  void shutDown() {
    sdks.forEach(t -> t.sdk.shutdown(Duration.ofSeconds(5)));
  }

  private TestSdk version(String v) {
    TestSdk t = TestSdk.create(AgentraceSdk.builder().agent("support-bot").version(v).environment("staging"));
    sdks.add(t);
    return t;
  }

  /** {@code n} spans of {@code type}, taking {@code ms} each, with optional cost, score and error. */
  private static void spans(TestSdk t, String type, int n, long ms, Double cost, Double quality, int errors) {
    for (int i = 0; i < n; i++) {
      try (Span s = t.tracer().span(type).kind(SpanKind.TOOL).type(type).start()) {
        t.advanceMillis(ms);
        if (cost != null) {
          s.cost(cost);
        }
        if (quality != null) {
          s.score("helpfulness", quality);
        }
        if (i < errors) {
          s.error("failed");
        }
      }
    }
  }

  private static MetricsSnapshot snapshot(TestSdk t) {
    assertThat(t.sdk.flush(TestSdk.WAIT)).isTrue();
    return t.sdk.metrics().snapshot();
  }

  @Test
  void compare_slowerTool_flagsItsLatencyAndNothingElse() {
    TestSdk v1 = version("1.0");
    TestSdk v2 = version("2.0");
    spans(v1, "web_search", 50, 200, null, null, 0);
    spans(v2, "web_search", 50, 900, null, null, 0);
    spans(v1, "read_file", 50, 20, null, null, 0);
    spans(v2, "read_file", 50, 22, null, null, 0);
    DriftReport r = DriftReport.compare(snapshot(v1), snapshot(v2), DriftThresholds.defaults());

    assertThat(r.hasFlags()).isTrue();
    assertThat(r.flagged()).extracting(DriftReport.Change::metric)
        .containsExactly("latency p50", "latency p95", "latency p99");
    assertThat(r.flagged()).extracting(DriftReport.Change::type).containsOnly("web_search");
    DriftReport.Change p95 = r.change("web_search", "latency p95");
    assertThat(p95.baseline()).isEqualTo(200.0);
    assertThat(p95.candidate()).isEqualTo(900.0);
    assertThat(p95.ratio()).isEqualTo(4.5);
    assertThat(p95).hasToString("web_search latency p95 200.0 ms → 900.0 ms (×4.50) FLAGGED");
    assertThat(r.change("read_file", "latency p95").flagged()).isFalse();
    assertThat(r.table()).startsWith("Drift support-bot 1.0 staging → support-bot 2.0 staging (since start): 3 of 6 flagged\n")
        .contains("\n  web_search  latency p95      200.0 ms → 900.0 ms     (×4.50)    FLAGGED\n")
        .contains("\n  read_file   latency p95       20.0 ms → 22.0 ms      (×1.10)\n");
  }

  @Test
  void compare_smallAbsoluteIncrease_notFlaggedDespiteRatio() {
    TestSdk v1 = version("1.0");
    TestSdk v2 = version("2.0");
    spans(v1, "parse", 20, 2, null, null, 0);
    spans(v2, "parse", 20, 6, null, null, 0); // ×3 but only +4 ms, under the 10 ms floor

    assertThat(DriftReport.compare(snapshot(v1), snapshot(v2)).hasFlags()).isFalse();
  }

  @Test
  void compare_tooFewSamples_notFlagged() {
    TestSdk v1 = version("1.0");
    TestSdk v2 = version("2.0");
    spans(v1, "web_search", 4, 200, null, null, 0);
    spans(v2, "web_search", 4, 900, null, null, 0);
    DriftReport r = DriftReport.compare(snapshot(v1), snapshot(v2));

    assertThat(r.hasFlags()).isFalse();
    assertThat(r.change("web_search", "latency p95").candidate()).isEqualTo(900.0);
    DriftReport lenient = DriftReport.compare(snapshot(v1), snapshot(v2), DriftThresholds.builder().minSamples(4).build());
    assertThat(lenient.hasFlags()).isTrue();
  }

  @Test
  void compare_costQualityAndErrors_flaggedByTheirOwnThresholds() {
    TestSdk v1 = version("1.0");
    TestSdk v2 = version("2.0");
    spans(v1, "answer", 20, 100, 0.010, 0.90, 0);
    spans(v2, "answer", 20, 100, 0.014, 0.80, 4);
    DriftReport r = DriftReport.compare(snapshot(v1), snapshot(v2));

    assertThat(r.change("answer", "cost mean").flagged()).isTrue();
    assertThat(r.change("answer", "cost mean")).hasToString("answer cost mean $0.010000 → $0.014000 (×1.40) FLAGGED");
    assertThat(r.change("answer", "quality helpfulness mean").flagged()).isTrue();
    assertThat(r.change("answer", "quality helpfulness mean").toString()).contains("0.900 → 0.800 (-0.100) FLAGGED");
    assertThat(r.change("answer", "error rate")).hasToString("answer error rate 0.0 % → 20.0 % (+20.0 pts) FLAGGED");
    assertThat(r.change("answer", "latency p95").flagged()).isFalse();

    DriftReport tolerant = DriftReport.compare(snapshot(v1), snapshot(v2), DriftThresholds.builder().costRatio(1.5)
        .qualityDrop(0.2).errorRateIncrease(0.25).build());
    assertThat(tolerant.hasFlags()).isFalse();
  }

  @Test
  void compare_typesOnOneSide_listedApart() {
    TestSdk v1 = version("1.0");
    TestSdk v2 = version("2.0");
    spans(v1, "legacy_lookup", 5, 10, null, null, 0);
    spans(v2, "vector_search", 5, 10, null, null, 0);
    DriftReport r = DriftReport.compare(snapshot(v1), snapshot(v2));

    assertThat(r.changes()).isEmpty();
    assertThat(r.onlyInBaseline()).containsExactly("legacy_lookup");
    assertThat(r.onlyInCandidate()).containsExactly("vector_search");
    assertThat(r.table()).contains("only in baseline: legacy_lookup").contains("only in candidate: vector_search");
  }

  @Test
  void driftAcrossEnvironments_mergedSnapshots_comparesByEnvironment() {
    TestSdk staging = version("1.0");
    TestSdk prod = TestSdk.create(AgentraceSdk.builder().agent("support-bot").version("1.0").environment("prod"));
    sdks.add(prod);
    spans(staging, "web_search", 10, 100, null, null, 0);
    spans(prod, "web_search", 10, 400, null, null, 0);
    staging.sdk.metrics().include(snapshot(prod));
    assertThat(staging.sdk.flush(TestSdk.WAIT)).isTrue();
    DriftReport r = staging.sdk.metrics().driftAcrossEnvironments("staging", "prod");

    assertThat(r.candidate()).isEqualTo("support-bot 1.0 prod");
    assertThat(r.change("web_search", "latency p50").flagged()).isTrue();
  }

  @Test
  void drift_versionNeverIncluded_reportsNoSpansRatherThanFailing() {
    TestSdk v2 = version("2.0");
    spans(v2, "web_search", 5, 10, null, null, 0);
    snapshot(v2);
    DriftReport r = v2.sdk.metrics().drift("1.0", "2.0");

    assertThat(r.hasFlags()).isFalse();
    assertThat(r.onlyInCandidate()).containsExactly("web_search");
  }

  @Test
  void thresholds_invalidValues_throwNamingThem() {
    assertThatThrownBy(() -> DriftThresholds.builder().latencyRatio(0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latencyRatio").hasMessageContaining("0.5");
    assertThatThrownBy(() -> DriftThresholds.builder().qualityDrop(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qualityDrop");
    assertThatThrownBy(() -> DriftThresholds.builder().minSamples(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minSamples");
  }
}
