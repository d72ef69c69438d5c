package dev.agentrace.testing;

import dev.agentrace.core.metrics.DriftReport;
import dev.agentrace.core.metrics.Metrics;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a drift report; from {@link AgentraceAssertions#assertThat(DriftReport)}. Metrics are
 * named as in the report, e.g. {@code "latency p95"}, {@code "error rate"}, {@code "cost mean"}. Every
 * failure message prints the report's table.
 *
 * <p>Not thread-safe, like every AssertJ assertion object: use it on the test's thread.
 */
public final class DriftReportAssert extends AbstractAssert<DriftReportAssert, DriftReport> {
  DriftReportAssert(DriftReport actual) {
    super(actual, DriftReportAssert.class);
  }

  /** No change in the report crossed its thresholds. */
  public DriftReportAssert hasNoFlags() {
    isNotNull();
    if (actual.hasFlags()) {
      fail("to flag nothing but it flags " + actual.flagged().size() + " of " + actual.changes().size() + " changes");
    }
    return this;
  }

  /** The report flags {@code metric} of {@code type}, e.g. {@code flags("web_search", "latency p95")}. */
  public DriftReportAssert flags(String type, String metric) {
    isNotNull();
    DriftReport.Change c = actual.change(type, metric);
    if (c == null) {
      fail("to flag " + type + " " + metric + " but it has no such change");
    } else if (!c.flagged()) {
      fail("to flag " + type + " " + metric + " but it did not flag it");
    }
    return this;
  }

  /** Passed through "%s" so a type name holding '%' is printed, not interpreted. */
  private void fail(String expectation) {
    failWithMessage("%s", "Expected drift report " + expectation + "\n" + actual.table());
  }
}
