package dev.agentrace.testing;

import dev.agentrace.core.metrics.Distribution;
import dev.agentrace.core.metrics.MetricsSnapshot;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a metrics snapshot; from {@link AgentraceAssertions#assertThat(MetricsSnapshot)}. Types
 * are activity-schema types as in {@link MetricsSnapshot#type(String)}, summed over span kinds. Every
 * failure message prints the snapshot's table.
 *
 * <p>Latency percentiles come from the snapshot's histograms, which keep three significant digits: a
 * bound is compared with the reported percentile, not with any one span's duration.
 *
 * <p>Not thread-safe, like every AssertJ assertion object: use it on the test's thread.
 */
public final class MetricsSnapshotAssert extends AbstractAssert<MetricsSnapshotAssert, MetricsSnapshot> {
  MetricsSnapshotAssert(MetricsSnapshot actual) {
    super(actual, MetricsSnapshotAssert.class);
  }

  /** The snapshot holds at least one span of {@code type}. */
  public MetricsSnapshotAssert hasType(String type) {
    isNotNull();
    if (!actual.types().contains(type)) {
      fail("to have spans of type '" + type + "' but its types are " + actual.types());
    }
    return this;
  }

  /** The snapshot holds exactly {@code count} ended spans of {@code type}. */
  public MetricsSnapshotAssert hasCount(String type, long count) {
    isNotNull();
    long have = actual.type(type).count();
    if (have != count) {
      fail("to have " + count + " spans of type '" + type + "' but it has " + have);
    }
    return this;
  }

  /** The 95th latency percentile of {@code type} is at most {@code max}. */
  public MetricsSnapshotAssert latencyP95AtMost(String type, Duration max) {
    return latencyAtMost(type, "p95", max);
  }

  /** The 99th latency percentile of {@code type} is at most {@code max}. */
  public MetricsSnapshotAssert latencyP99AtMost(String type, Duration max) {
    return latencyAtMost(type, "p99", max);
  }

  private MetricsSnapshotAssert latencyAtMost(String type, String percentile, Duration max) {
    isNotNull();
    Objects.requireNonNull(max, "max");
    Distribution latency = actual.latency(type);
    if (latency.count() == 0) {
      fail("to have latency " + percentile + " of '" + type + "' at most " + millis(max.toNanos() / 1e6)
          + " but it has no spans of that type; its types are " + actual.types());
    }
    double have = percentile.equals("p95") ? latency.p95() : latency.p99();
    if (have > max.toNanos() / 1e6) {
      fail("to have latency " + percentile + " of '" + type + "' at most " + millis(max.toNanos() / 1e6) + " but it is "
          + millis(have));
    }
    return this;
  }

  private static String millis(double ms) {
    return String.format(Locale.ROOT, "%.1f ms", ms);
  }

  /** Passed through "%s" so a type name holding '%' is printed, not interpreted. */
  private void fail(String expectation) {
    failWithMessage("%s", "Expected metrics snapshot " + expectation + "\n" + actual.table());
  }
}
