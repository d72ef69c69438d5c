package dev.agentrace.core.metrics;

import java.util.Arrays;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The distribution of one measurement (latency, tokens, cost, a quality score, risk) over a set of spans:
 * count, exact mean/sum/min/max, and percentiles read from an HdrHistogram with 3 significant digits.
 *
 * <p><b>Units.</b> Latency is in milliseconds, cost in US dollars, tokens in tokens, quality scores in the
 * score's own units and risk as the 0–100 score; the accessor that returned the distribution says which.
 *
 * <p><b>Precision.</b> Values are recorded as integers of a fixed unit — latency in microseconds, cost in
 * nano-dollars (1e-9 USD), quality in thousandths, tokens and risk as is — into HdrHistogram buckets.
 * Since-start distributions use 3 significant digits: a value below 2048 units is kept exactly, a larger
 * one lands in a bucket no wider than 1/1024 of the value. A percentile reports the highest value of its
 * bucket (capped at the exact {@link #max()}), so it is never below the true nearest-rank percentile and
 * above it by less than 0.1 % (or one unit: 1 µs, 1e-9 USD, 0.001 of a score). Sliding-window
 * distributions ({@link Metrics.Window#LAST_MINUTE}, {@link Metrics.Window#LAST_5_MINUTES}) use 2
 * significant digits — exact below 256 units, buckets no wider than 1/128 of the value, so less than 0.8 %
 * above — which keeps their 30 ten-second slots per measurement small. {@link #count()}, {@link #sum()},
 * {@link #mean()}, {@link #min()} and {@link #max()} are always exact (sums of doubles).
 *
 * <p><b>Percentile definition.</b> Nearest rank: {@code percentile(p)} is the smallest recorded value with
 * at least {@code p} % of the values at or below it.
 *
 * <p><b>Empty.</b> A distribution with no values (an unknown span type, a type without cost) has
 * {@code count() == 0}, {@code sum() == 0} and {@link Double#NaN} for the mean, min, max and every
 * percentile — never 0, which would read as a real measurement.
 *
 * <p>Immutable and thread-safe.
 */
public final class Distribution {
  /** HdrHistogram precision of since-start recording. */
  static final int DIGITS = 3;
  /** HdrHistogram precision of sliding-window recording. */
  static final int WINDOW_DIGITS = 2;

  /**
   * Histograms used only for their bucket arithmetic (which value falls in which bucket). Those methods
   * read nothing but the immutable precision settings, so sharing them across threads is safe.
   */
  private static final Histogram SHAPE = new Histogram(DIGITS);
  private static final Histogram WINDOW_SHAPE = new Histogram(WINDOW_DIGITS);

  private static final long[] NONE = new long[0];

  /** How one kind of measurement is recorded: units per reported unit. */
  enum Unit {
    /** Latency: recorded in microseconds, reported in milliseconds. */
    MILLIS(1_000),
    /** Token counts. */
    TOKENS(1),
    /** Cost: recorded in nano-dollars, reported in US dollars. */
    USD(1_000_000_000),
    /** Quality scores: recorded in thousandths. */
    SCORE(1_000),
    /** Risk score 0–100. */
    RISK(1);

    final double perReported;

    Unit(double perReported) {
      this.perReported = perReported;
    }

    /** Recorded values are clamped here, half the long range, so adding two never overflows. */
    private static final long MAX_UNITS = Long.MAX_VALUE / 2;

    /** The recorded integer for a reported value; negative values record as 0. */
    long toUnits(double reported) {
      double u = Math.rint(reported * perReported);
      return u <= 0 ? 0 : u >= (double) MAX_UNITS ? MAX_UNITS : (long) u;
    }
  }

  private final Unit unit;
  private final Histogram shape;
  private final long[] buckets;
  private final long[] counts;
  private final long count;
  private final double sum;
  private final double min;
  private final double max;
  private final double p50;
  private final double p90;
  private final double p95;
  private final double p99;
  private final double p999;

  /**
   * @param shape the bucket layout the keys come from ({@link #SHAPE} or {@link #WINDOW_SHAPE})
   * @param buckets bucket keys (each a bucket's lowest equivalent value, in units), strictly ascending
   * @param counts the count in each bucket, all positive, summing to {@code count}
   */
  private Distribution(Unit unit, Histogram shape, long[] buckets, long[] counts, long count, double sum, double min,
      double max) {
    this.unit = unit;
    this.shape = shape;
    this.buckets = buckets;
    this.counts = counts;
    this.count = count;
    this.sum = count == 0 ? 0 : sum;
    this.min = count == 0 ? Double.NaN : min;
    this.max = count == 0 ? Double.NaN : max;
    this.p50 = valueAt(50);
    this.p90 = valueAt(90);
    this.p95 = valueAt(95);
    this.p99 = valueAt(99);
    this.p999 = valueAt(99.9);
  }

  static Distribution empty(Unit unit) {
    return new Distribution(unit, SHAPE, NONE, NONE, 0, 0, Double.NaN, Double.NaN);
  }

  /** The window bucket key of a recorded value: the lowest value its 2-digit bucket holds. */
  static long windowBucketOf(long units) {
    return WINDOW_SHAPE.lowestEquivalentValue(units);
  }

  /** The distribution of what a histogram recorded, with exact sum, min and max kept beside it. */
  static Distribution of(Unit unit, Histogram h, double sum, double min, double max) {
    long total = h.getTotalCount();
    if (total == 0) {
      return empty(unit);
    }
    long[] keys = new long[64];
    long[] cnts = new long[64];
    int n = 0;
    for (var v : h.recordedValues()) {
      if (n == keys.length) {
        keys = Arrays.copyOf(keys, n * 2);
        cnts = Arrays.copyOf(cnts, n * 2);
      }
      keys[n] = SHAPE.lowestEquivalentValue(v.getValueIteratedTo());
      cnts[n] = v.getCountAtValueIteratedTo();
      n++;
    }
    return new Distribution(unit, SHAPE, Arrays.copyOf(keys, n), Arrays.copyOf(cnts, n), total, sum, min, max);
  }

  /** The distribution of window buckets ({@link #windowBucketOf}), with exact sum, min and max kept beside them. */
  static Distribution ofWindow(Unit unit, BucketCounts b, double sum, double min, double max) {
    long[] keys = b.sortedKeys();
    if (keys.length == 0) {
      return empty(unit);
    }
    long[] cnts = new long[keys.length];
    long total = 0;
    for (int i = 0; i < keys.length; i++) {
      cnts[i] = b.get(keys[i]);
      total += cnts[i];
    }
    return new Distribution(unit, WINDOW_SHAPE, keys, cnts, total, sum, min, max);
  }

  /** Both distributions' values together; both must measure the same unit at the same precision. */
  static Distribution merge(Distribution a, Distribution b) {
    if (a.unit != b.unit) {
      throw new IllegalArgumentException("cannot merge " + a.unit + " with " + b.unit);
    }
    if (b.count == 0) {
      return a;
    }
    if (a.count == 0) {
      return b;
    }
    if (a.shape != b.shape) {
      throw new IllegalArgumentException("cannot merge a since-start distribution with a window distribution");
    }
    long[] keys = new long[a.buckets.length + b.buckets.length];
    long[] cnts = new long[keys.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.buckets.length || j < b.buckets.length) {
      long ka = i < a.buckets.length ? a.buckets[i] : Long.MAX_VALUE;
      long kb = j < b.buckets.length ? b.buckets[j] : Long.MAX_VALUE;
      if (ka == kb) {
        keys[n] = ka;
        cnts[n++] = a.counts[i++] + b.counts[j++];
      } else if (ka < kb) {
        keys[n] = ka;
        cnts[n++] = a.counts[i++];
      } else {
        keys[n] = kb;
        cnts[n++] = b.counts[j++];
      }
    }
    return new Distribution(a.unit, a.shape, Arrays.copyOf(keys, n), Arrays.copyOf(cnts, n), a.count + b.count,
        a.sum + b.sum, Math.min(a.min, b.min), Math.max(a.max, b.max));
  }

  private double valueAt(double percentile) {
    if (count == 0) {
      return Double.NaN;
    }
    // Nearest rank. 99.9 is not exact in binary, so 99.9 % of 1000 computes as 999.0000000000001; the
    // relative nudge keeps it at rank 999 instead of 1000.
    double x = percentile / 100.0 * count;
    long rank = Math.max(1, (long) Math.ceil(x - x * 1e-12));
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(shape.highestEquivalentValue(buckets[i]) / unit.perReported, max);
      }
    }
    return max;
  }

  /** Number of values recorded. */
  public long count() {
    return count;
  }

  /** Exact sum of the values (for cost: total spend); 0 when empty. */
  public double sum() {
    return sum;
  }

  /** Exact arithmetic mean; NaN when empty. */
  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  /** Exact smallest value; NaN when empty. */
  public double min() {
    return min;
  }

  /** Exact largest value; NaN when empty. */
  public double max() {
    return max;
  }

  /** Median (nearest rank); NaN when empty. */
  public double p50() {
    return p50;
  }

  /** 90th percentile; NaN when empty. */
  public double p90() {
    return p90;
  }

  /** 95th percentile; NaN when empty. */
  public double p95() {
    return p95;
  }

  /** 99th percentile; NaN when empty. */
  public double p99() {
    return p99;
  }

  /** 99.9th percentile; NaN when empty. */
  public double p999() {
    return p999;
  }

  /**
   * The given percentile (nearest rank); NaN when empty.
   *
   * @param percentile in (0, 100]
   * @throws IllegalArgumentException if {@code percentile} is outside (0, 100]
   */
  public double percentile(double percentile) {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
    }
    return valueAt(percentile);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Distribution d && unit == d.unit && shape == d.shape && count == d.count && Double.compare(sum, d.sum) == 0
        && Double.compare(min, d.min) == 0 && Double.compare(max, d.max) == 0 && Arrays.equals(buckets, d.buckets)
        && Arrays.equals(counts, d.counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(count) + Double.hashCode(sum)) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    if (count == 0) {
      return "Distribution{count=0}";
    }
    return String.format(Locale.ROOT, "Distribution{count=%d, mean=%.6g, p50=%.6g, p90=%.6g, p95=%.6g, p99=%.6g,"
        + " p99.9=%.6g, max=%.6g}", count, mean(), p50, p90, p95, p99, p999, max);
  }
}
