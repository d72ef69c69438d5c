package dev.agentrace.testing;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.metrics.DriftReport;
import dev.agentrace.core.metrics.MetricsSnapshot;
import java.util.List;

/**
 * Entry point of the span, trace, metrics and drift assertions. Import statically next to AssertJ's own
 * {@code assertThat}: these overloads are more specific, so both can be imported at once.
 *
 * <pre>{@code
 * import static dev.agentrace.testing.AgentraceAssertions.assertThat;
 *
 * assertThat(tracing.span("web_search")).hasKind(SpanKind.TOOL).hasInputAt("/query", "refund").isOk();
 * assertThat(tracing.trace()).hasRoot("handle_ticket").hasChildren("plan", "web_search");
 * }</pre>
 *
 * <p>Stateless and thread-safe; each assertion object it returns is for one thread.
 */
public final class AgentraceAssertions {
  private AgentraceAssertions() {}

  /** Assertions on one span. */
  public static SpanDataAssert assertThat(SpanData span) {
    return new SpanDataAssert(span, null);
  }

  /** Assertions on a list of spans. */
  public static SpanListAssert assertThat(List<? extends SpanData> spans) {
    return new SpanListAssert(spans);
  }

  /** Assertions on a trace as a tree. */
  public static TraceAssert assertThat(Trace trace) {
    return new TraceAssert(trace);
  }

  /** Assertions on a metrics snapshot: span counts and latency percentiles per type. */
  public static MetricsSnapshotAssert assertThat(MetricsSnapshot snapshot) {
    return new MetricsSnapshotAssert(snapshot);
  }

  /** Assertions on a drift report: what it flags. */
  public static DriftReportAssert assertThat(DriftReport report) {
    return new DriftReportAssert(report);
  }
}
