package dev.agentrace.core.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How each span type changed between a baseline and a candidate — two versions or two environments of an
 * agent, or any two {@link MetricsSnapshot}s, for example from two SDK instances in one process:
 *
 * <pre>{@code
 * DriftReport r = DriftReport.compare(v1.metrics().snapshot(), v2.metrics().snapshot(), DriftThresholds.defaults());
 * System.out.println(r);   // web_search   latency p95   200 ms → 900 ms   (×4.50)  FLAGGED ...
 * }</pre>
 *
 * <p>Each snapshot is read for its own agent identity ({@link MetricsSnapshot#type(String)}), so a baseline
 * of {@code support-bot 1.0} compares with a candidate of {@code support-bot 2.0} type by type. For each type
 * both have, the report lists latency p50/p95/p99, the error rate (when either side had errors), mean cost, the mean of each quality score both
 * have, and mean and p95 risk (when either side saw any) — each only when both sides recorded it — and flags those that
 * crossed the {@link DriftThresholds}. Types seen on one side only are listed apart.
 *
 * <p>Immutable and thread-safe.
 */
public final class DriftReport {
  private final String baseline;
  private final String candidate;
  private final Metrics.Window window;
  private final DriftThresholds thresholds;
  private final List<Change> changes;
  private final Set<String> onlyInBaseline;
  private final Set<String> onlyInCandidate;

  private DriftReport(MetricsSnapshot b, MetricsSnapshot c, DriftThresholds t) {
    this.baseline = b.agent() + " " + b.version() + " " + b.environment();
    this.candidate = c.agent() + " " + c.version() + " " + c.environment();
    this.window = c.window();
    this.thresholds = t;
    List<Change> all = new ArrayList<>();
    Set<String> onlyB = new TreeSet<>(b.types());
    Set<String> onlyC = new TreeSet<>(c.types());
    onlyB.removeAll(c.types());
    onlyC.removeAll(b.types());
    for (String type : b.types()) {
      if (c.types().contains(type)) {
        compareType(type, b.type(type), c.type(type), t, all);
      }
    }
    this.changes = List.copyOf(all);
    this.onlyInBaseline = Collections.unmodifiableSet(onlyB);
    this.onlyInCandidate = Collections.unmodifiableSet(onlyC);
  }

  /** Compares {@code candidate} with {@code baseline}, type by type, flagging what crosses {@code thresholds}. */
  public static DriftReport compare(MetricsSnapshot baseline, MetricsSnapshot candidate, DriftThresholds thresholds) {
    return new DriftReport(Objects.requireNonNull(baseline, "baseline"), Objects.requireNonNull(candidate, "candidate"),
        Objects.requireNonNull(thresholds, "thresholds"));
  }

  /** Same as {@code compare(baseline, candidate, DriftThresholds.defaults())}. */
  public static DriftReport compare(MetricsSnapshot baseline, MetricsSnapshot candidate) {
    return compare(baseline, candidate, DriftThresholds.defaults());
  }

  private static void compareType(String type, SpanMetrics b, SpanMetrics c, DriftThresholds t, List<Change> out) {
    boolean enough = b.count() >= t.minSamples() && c.count() >= t.minSamples();
    Distribution bl = b.latency();
    Distribution cl = c.latency();
    latency(type, "latency p50", bl.p50(), cl.p50(), enough, t, out);
    latency(type, "latency p95", bl.p95(), cl.p95(), enough, t, out);
    latency(type, "latency p99", bl.p99(), cl.p99(), enough, t, out);
    double be = b.errorRate();
    double ce = c.errorRate();
    if (be > 0 || ce > 0) {
      out.add(new Change(type, "error rate", Kind.RATE, be, ce, enough && ce - be >= t.errorRateIncrease()));
    }
    if (b.cost().count() > 0 && c.cost().count() > 0) {
      double bc = b.cost().mean();
      double cc = c.cost().mean();
      boolean costEnough = b.cost().count() >= t.minSamples() && c.cost().count() >= t.minSamples();
      out.add(new Change(type, "cost mean", Kind.USD, bc, cc,
          costEnough && cc > bc && cc >= bc * t.costRatio() && cc - bc >= t.minCostIncreaseUsd()));
    }
    for (String name : b.qualityNames()) {
      Distribution bq = b.quality(name);
      Distribution cq = c.quality(name);
      if (cq.count() > 0) {
        boolean qEnough = bq.count() >= t.minSamples() && cq.count() >= t.minSamples();
        out.add(new Change(type, "quality " + name + " mean", Kind.SCORE, bq.mean(), cq.mean(),
            qEnough && bq.mean() - cq.mean() >= t.qualityDrop()));
      }
    }
    Distribution br = b.risk();
    Distribution cr = c.risk();
    // Scanning is on by default, so most types record risk 0 on both sides: only report risk that exists.
    if (br.count() > 0 && cr.count() > 0 && (br.max() > 0 || cr.max() > 0)) {
      boolean rEnough = br.count() >= t.minSamples() && cr.count() >= t.minSamples();
      out.add(new Change(type, "risk mean", Kind.RISK, br.mean(), cr.mean(), rEnough && cr.mean() - br.mean() >= t.riskIncrease()));
      out.add(new Change(type, "risk p95", Kind.RISK, br.p95(), cr.p95(), rEnough && cr.p95() - br.p95() >= t.riskIncrease()));
    }
  }

  private static void latency(String type, String metric, double b, double c, boolean enough, DriftThresholds t,
      List<Change> out) {
    out.add(new Change(type, metric, Kind.MILLIS, b, c,
        enough && c >= b * t.latencyRatio() && c - b >= t.minLatencyIncreaseMillis() && c > b));
  }

  /** The baseline's agent identity: "agent version environment". */
  public String baseline() {
    return baseline;
  }

  /** The candidate's agent identity: "agent version environment". */
  public String candidate() {
    return candidate;
  }

  /** The thresholds applied. */
  public DriftThresholds thresholds() {
    return thresholds;
  }

  /** Every comparison made, by type (sorted) then measurement. */
  public List<Change> changes() {
    return changes;
  }

  /** The changes that crossed a threshold. */
  public List<Change> flagged() {
    List<Change> out = new ArrayList<>();
    for (Change c : changes) {
      if (c.flagged()) {
        out.add(c);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Whether anything crossed a threshold. */
  public boolean hasFlags() {
    for (Change c : changes) {
      if (c.flagged()) {
        return true;
      }
    }
    return false;
  }

  /** The change of one measurement of one type, or null if the report has none. */
  public Change change(String type, String metric) {
    for (Change c : changes) {
      if (c.type().equals(type) && c.metric().equals(metric)) {
        return c;
      }
    }
    return null;
  }

  /** Span types the baseline has and the candidate does not. */
  public Set<String> onlyInBaseline() {
    return onlyInBaseline;
  }

  /** Span types the candidate has and the baseline does not. */
  public Set<String> onlyInCandidate() {
    return onlyInCandidate;
  }

  /** A readable table: a header, one aligned line per change with FLAGGED where due, then one-sided types. */
  public String table() {
    int typeWidth = 4;
    int metricWidth = 6;
    for (Change c : changes) {
      typeWidth = Math.max(typeWidth, c.type().length());
      metricWidth = Math.max(metricWidth, c.metric().length());
    }
    StringBuilder out = new StringBuilder();
    int flags = flagged().size();
    out.append("Drift ").append(baseline).append(" → ").append(candidate).append(" (")
        .append(MetricsFormat.windowLabel(window)).append("): ")
        .append(flags == 0 ? "nothing flagged" : flags + " of " + changes.size() + " flagged").append('\n');
    String row = "  %-" + typeWidth + "s  %-" + metricWidth + "s  %12s → %-12s %-10s %s";
    for (Change c : changes) {
      out.append(String.format(Locale.ROOT, row, c.type(), c.metric(), c.kind.format(c.baseline()),
          c.kind.format(c.candidate()), c.movement(), c.flagged() ? "FLAGGED" : "").stripTrailing()).append('\n');
    }
    if (changes.isEmpty() && onlyInBaseline.isEmpty() && onlyInCandidate.isEmpty()) {
      out.append("  (no spans on either side)\n");
    }
    if (!onlyInBaseline.isEmpty()) {
      out.append("  only in baseline: ").append(String.join(", ", onlyInBaseline)).append('\n');
    }
    if (!onlyInCandidate.isEmpty()) {
      out.append("  only in candidate: ").append(String.join(", ", onlyInCandidate)).append('\n');
    }
    return out.toString();
  }

  /** Same as {@link #table()}. */
  @Override
  public String toString() {
    return table();
  }

  private enum Kind {
    MILLIS, USD, SCORE, RISK, RATE;

    String format(double v) {
      if (Double.isNaN(v)) {
        return "-";
      }
      return switch (this) {
        case MILLIS -> MetricsFormat.millis(v) + " ms";
        case USD -> String.format(Locale.ROOT, "$%.6f", v);
        case SCORE -> String.format(Locale.ROOT, "%.3f", v);
        case RISK -> String.format(Locale.ROOT, "%.1f", v);
        case RATE -> String.format(Locale.ROOT, "%.1f %%", v * 100);
      };
    }

    /** Latency and cost change by factors; scores, risk and error rates by differences. */
    boolean multiplicative() {
      return this == MILLIS || this == USD;
    }
  }

  /**
   * One measurement of one span type, baseline against candidate. {@link #toString()} reads like
   * {@code web_search latency p95 200 ms → 900 ms (×4.50) FLAGGED}. Immutable.
   */
  public static final class Change {
    private final String type;
    private final String metric;
    private final Kind kind;
    private final double baseline;
    private final double candidate;
    private final boolean flagged;

    private Change(String type, String metric, Kind kind, double baseline, double candidate, boolean flagged) {
      this.type = type;
      this.metric = metric;
      this.kind = kind;
      this.baseline = baseline;
      this.candidate = candidate;
      this.flagged = flagged;
    }

    /** The span type. */
    public String type() {
      return type;
    }

    /**
     * The measurement: {@code latency p50}, {@code latency p95}, {@code latency p99}, {@code error rate},
     * {@code cost mean}, {@code quality <name> mean}, {@code risk mean} or {@code risk p95}.
     */
    public String metric() {
      return metric;
    }

    /** The baseline value (ms, USD, score units, risk points, or a fraction for the error rate). */
    public double baseline() {
      return baseline;
    }

    /** The candidate value, in the same unit. */
    public double candidate() {
      return candidate;
    }

    /** {@code candidate / baseline}; infinite when the baseline is 0 and the candidate is not, NaN when both are 0. */
    public double ratio() {
      return candidate / baseline;
    }

    /** {@code candidate - baseline}. */
    public double delta() {
      return candidate - baseline;
    }

    /** Whether the change crossed its threshold. */
    public boolean flagged() {
      return flagged;
    }

    private String movement() {
      if (Double.isNaN(baseline) || Double.isNaN(candidate)) {
        return "";
      }
      if (kind.multiplicative()) {
        double r = ratio();
        return Double.isNaN(r) ? "(same)" : Double.isInfinite(r) ? "(from 0)" : String.format(Locale.ROOT, "(×%.2f)", r);
      }
      double d = delta();
      return switch (kind) {
        case RATE -> String.format(Locale.ROOT, "(%+.1f pts)", d * 100);
        case SCORE -> String.format(Locale.ROOT, "(%+.3f)", d);
        default -> String.format(Locale.ROOT, "(%+.1f)", d);
      };
    }

    @Override
    public String toString() {
      return type + " " + metric + " " + kind.format(baseline) + " → " + kind.format(candidate) + " " + movement()
          + (flagged ? " FLAGGED" : "");
    }
  }
}
