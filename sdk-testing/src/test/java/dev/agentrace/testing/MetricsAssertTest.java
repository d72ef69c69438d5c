package dev.agentrace.testing;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.SpanKind;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.metrics.DriftReport;
import dev.agentrace.core.metrics.MetricsSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsAssertTest {
  /** A snapshot of {@code n} web_search spans of {@code ms} each, recorded by version {@code version}. */
  private static MetricsSnapshot searches(String version, int n, long ms) {
    TestClock clock = TestClock.create();
    AgentraceSdk sdk = AgentraceSdk.builder().agent("bot").version(version).environment("test").clock(clock)
        .shutdownHook(false).build();
    try {
      for (int i = 0; i < n; i++) {
        var s = sdk.tracer().span("search").kind(SpanKind.TOOL).type("web_search").start();
        clock.advanceMillis(ms);
        s.end();
      }
      sdk.flush(Duration.ofSeconds(10));
      return sdk.metrics().snapshot();
    } finally {
      sdk.shutdown(Duration.ofSeconds(10));
    }
  }

  @Test
  void metricsSnapshot_matchingTypeCountAndLatency_passes() {
    assertThat(searches("1.0", 20, 200)).hasType("web_search").hasCount("web_search", 20)
        .latencyP95AtMost("web_search", Duration.ofMillis(200)).latencyP99AtMost("web_search", Duration.ofMillis(250));
  }

  @Test
  void metricsSnapshot_otherTypeOrCount_failsPrintingTheTable() {
    MetricsSnapshot m = searches("1.0", 3, 10);
    assertThatThrownBy(() -> assertThat(m).hasType("send_email"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected metrics snapshot to have spans of type 'send_email' but its types are [web_search]\n")
        .hasMessageContaining(m.table());
    assertThatThrownBy(() -> assertThat(m).hasCount("web_search", 4))
        .hasMessageContaining("to have 4 spans of type 'web_search' but it has 3");
  }

  @Test
  void metricsSnapshot_latencyAboveBound_failsWithBothValues() {
    MetricsSnapshot m = searches("1.0", 20, 200);
    assertThatThrownBy(() -> assertThat(m).latencyP95AtMost("web_search", Duration.ofMillis(150)))
        .hasMessageContaining("to have latency p95 of 'web_search' at most 150.0 ms but it is 200.0 ms")
        .hasMessageContaining(m.table());
    assertThatThrownBy(() -> assertThat(m).latencyP99AtMost("web_search", Duration.ofMillis(199)))
        .hasMessageContaining("to have latency p99 of 'web_search' at most 199.0 ms but it is 200.0 ms");
    assertThatThrownBy(() -> assertThat(m).latencyP99AtMost("llm", Duration.ofSeconds(1)))
        .hasMessageContaining("to have latency p99 of 'llm' at most 1000.0 ms but it has no spans of that type");
  }

  @Test
  void driftReport_slowerCandidate_flagsLatency_andHasNoFlagsFails() {
    DriftReport r = DriftReport.compare(searches("1.0", 50, 200), searches("2.0", 50, 900));
    assertThat(r).flags("web_search", "latency p95").flags("web_search", "latency p99");
    assertThatThrownBy(() -> assertThat(r).hasNoFlags())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected drift report to flag nothing but it flags 3 of 3 changes\n")
        .hasMessageContaining(r.table());
  }

  @Test
  void driftReport_sameLatency_hasNoFlags_andFlagsFails() {
    DriftReport r = DriftReport.compare(searches("1.0", 50, 200), searches("2.0", 50, 200));
    assertThat(r).hasNoFlags();
    assertThatThrownBy(() -> assertThat(r).flags("web_search", "latency p95"))
        .hasMessageStartingWith("Expected drift report to flag web_search latency p95 but it did not flag it\n")
        .hasMessageContaining(r.table());
    assertThatThrownBy(() -> assertThat(r).flags("web_search", "cost mean"))
        .hasMessageContaining("to flag web_search cost mean but it has no such change");
  }
}
