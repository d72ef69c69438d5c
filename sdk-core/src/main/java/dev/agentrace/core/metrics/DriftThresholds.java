package dev.agentrace.core.metrics;

import java.util.Locale;

/**
 * When a {@link DriftReport} flags a change between a baseline and a candidate. A change is flagged only
 * when both sides have at least {@link #minSamples()} values, so a handful of spans cannot raise an alarm.
 *
 * <ul>
 *   <li>Latency p50, p95, p99: candidate ≥ baseline × {@link #latencyRatio()} <em>and</em> at least
 *       {@link #minLatencyIncreaseMillis()} ms higher (so 0.2 ms → 0.4 ms is not news).
 *   <li>Mean cost per span: candidate ≥ baseline × {@link #costRatio()} and at least
 *       {@link #minCostIncreaseUsd()} higher.
 *   <li>Mean of each quality score: dropped by at least {@link #qualityDrop()} (in the score's units).
 *   <li>Mean and p95 risk score: risen by at least {@link #riskIncrease()} points (of 100).
 *   <li>Error rate: risen by at least {@link #errorRateIncrease()} (0.05 = 5 percentage points).
 * </ul>
 *
 * <p>Immutable and thread-safe; build with {@link #builder()} or take {@link #defaults()}.
 */
public final class DriftThresholds {
  private static final DriftThresholds DEFAULTS = builder().build();

  private final double latencyRatio;
  private final double minLatencyIncreaseMillis;
  private final double costRatio;
  private final double minCostIncreaseUsd;
  private final double qualityDrop;
  private final double riskIncrease;
  private final double errorRateIncrease;
  private final long minSamples;

  private DriftThresholds(Builder b) {
    this.latencyRatio = b.latencyRatio;
    this.minLatencyIncreaseMillis = b.minLatencyIncreaseMillis;
    this.costRatio = b.costRatio;
    this.minCostIncreaseUsd = b.minCostIncreaseUsd;
    this.qualityDrop = b.qualityDrop;
    this.riskIncrease = b.riskIncrease;
    this.errorRateIncrease = b.errorRateIncrease;
    this.minSamples = b.minSamples;
  }

  /**
   * Latency ratio 1.5 with at least +10 ms, cost ratio 1.25, quality drop 0.05, risk +10 points, error rate
   * +5 points, at least 5 values on each side.
   */
  public static DriftThresholds defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Latency ratio (candidate / baseline) at or above which p50, p95 or p99 is flagged. */
  public double latencyRatio() {
    return latencyRatio;
  }

  /** Smallest latency increase, in milliseconds, that is flagged. */
  public double minLatencyIncreaseMillis() {
    return minLatencyIncreaseMillis;
  }

  /** Mean cost ratio at or above which cost is flagged. */
  public double costRatio() {
    return costRatio;
  }

  /** Smallest mean cost increase, in US dollars, that is flagged. */
  public double minCostIncreaseUsd() {
    return minCostIncreaseUsd;
  }

  /** Drop of a quality score's mean at or above which it is flagged. */
  public double qualityDrop() {
    return qualityDrop;
  }

  /** Rise of the risk score (mean or p95) at or above which it is flagged. */
  public double riskIncrease() {
    return riskIncrease;
  }

  /** Rise of the error rate (a fraction) at or above which it is flagged. */
  public double errorRateIncrease() {
    return errorRateIncrease;
  }

  /** Values each side needs before anything is flagged. */
  public long minSamples() {
    return minSamples;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "DriftThresholds{latency ×%.2f and +%.1f ms, cost ×%.2f and +$%.6f, quality -%.3f,"
        + " risk +%.1f, error rate +%.3f, min samples %d}", latencyRatio, minLatencyIncreaseMillis, costRatio,
        minCostIncreaseUsd, qualityDrop, riskIncrease, errorRateIncrease, minSamples);
  }

  /** Builds {@link DriftThresholds}; setters throw {@link IllegalArgumentException} naming a bad value. Not thread-safe. */
  public static final class Builder {
    private double latencyRatio = 1.5;
    private double minLatencyIncreaseMillis = 10;
    private double costRatio = 1.25;
    private double minCostIncreaseUsd = 0;
    private double qualityDrop = 0.05;
    private double riskIncrease = 10;
    private double errorRateIncrease = 0.05;
    private long minSamples = 5;

    private Builder() {}

    /** Default 1.5; must be ≥ 1. */
    public Builder latencyRatio(double ratio) {
      this.latencyRatio = atLeastOne(ratio, "latencyRatio");
      return this;
    }

    /** Default 10 ms; must be ≥ 0. */
    public Builder minLatencyIncreaseMillis(double millis) {
      this.minLatencyIncreaseMillis = nonNegative(millis, "minLatencyIncreaseMillis");
      return this;
    }

    /** Default 1.25; must be ≥ 1. */
    public Builder costRatio(double ratio) {
      this.costRatio = atLeastOne(ratio, "costRatio");
      return this;
    }

    /** Default 0 USD; must be ≥ 0. */
    public Builder minCostIncreaseUsd(double usd) {
      this.minCostIncreaseUsd = nonNegative(usd, "minCostIncreaseUsd");
      return this;
    }

    /** Default 0.05; must be > 0. */
    public Builder qualityDrop(double drop) {
      this.qualityDrop = positive(drop, "qualityDrop");
      return this;
    }

    /** Default 10 points; must be > 0. */
    public Builder riskIncrease(double points) {
      this.riskIncrease = positive(points, "riskIncrease");
      return this;
    }

    /** Default 0.05 (5 percentage points); must be > 0. */
    public Builder errorRateIncrease(double fraction) {
      this.errorRateIncrease = positive(fraction, "errorRateIncrease");
      return this;
    }

    /** Default 5; must be ≥ 1. */
    public Builder minSamples(long samples) {
      if (samples < 1) {
        throw new IllegalArgumentException("minSamples must be >= 1, got " + samples);
      }
      this.minSamples = samples;
      return this;
    }

    /** The thresholds. */
    public DriftThresholds build() {
      return new DriftThresholds(this);
    }

    private static double atLeastOne(double v, String name) {
      if (!(v >= 1) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must be a finite number >= 1, got " + v);
      }
      return v;
    }

    private static double nonNegative(double v, String name) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
      }
      return v;
    }

    private static double positive(double v, String name) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
      }
      return v;
    }
  }
}
