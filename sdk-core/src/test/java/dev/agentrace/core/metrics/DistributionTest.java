package dev.agentrace.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DistributionTest {

  private static Distribution of(Distribution.Unit unit, double... values) {
    Histogram h = new Histogram(Distribution.DIGITS);
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      h.recordValue(unit.toUnits(v));
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return Distribution.of(unit, h, sum, min, max);
  }

  @Test
  void merge_twoDistributions_equalsRecordingAllValuesInOne() {
    Distribution a = of(Distribution.Unit.MILLIS, 1, 5, 250, 4000);
    Distribution b = of(Distribution.Unit.MILLIS, 5, 7.5, 90_000);

    Distribution merged = Distribution.merge(a, b);

    assertThat(merged).isEqualTo(of(Distribution.Unit.MILLIS, 1, 5, 250, 4000, 5, 7.5, 90_000));
    assertThat(merged.count()).isEqualTo(7);
    assertThat(merged.p50()).isBetween(7.5, 7.5 * 1.001); // 7500 µs sits in a 4 µs bucket
    assertThat(merged.max()).isEqualTo(90_000);
  }

  @Test
  void merge_withEmpty_returnsTheOther() {
    Distribution a = of(Distribution.Unit.USD, 0.5);

    assertThat(Distribution.merge(a, Distribution.empty(Distribution.Unit.USD))).isSameAs(a);
    assertThat(Distribution.merge(Distribution.empty(Distribution.Unit.USD), a)).isSameAs(a);
  }

  @Test
  void merge_differentUnits_refused() {
    assertThatThrownBy(() -> Distribution.merge(of(Distribution.Unit.USD, 1), of(Distribution.Unit.MILLIS, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentile_outOfRange_throwsNamingIt() {
    Distribution d = of(Distribution.Unit.TOKENS, 1, 2, 3);

    assertThatThrownBy(() -> d.percentile(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.0");
    assertThatThrownBy(() -> d.percentile(100.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100.5");
    assertThat(d.percentile(100)).isEqualTo(3);
  }

  @Test
  void percentile_smallIntegers_exact() {
    Distribution d = of(Distribution.Unit.RISK, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90);

    assertThat(d.p50()).isEqualTo(40);
    assertThat(d.p90()).isEqualTo(80);
    assertThat(d.p95()).isEqualTo(90);
    assertThat(d.percentile(10)).isEqualTo(0);
  }

  @Test
  void percentile_largeValue_reportsBucketTopWithinOneThousandth() {
    Distribution d = of(Distribution.Unit.TOKENS, 123_457, 1_000_000);

    assertThat(d.p50()).isBetween(123_457.0, 123_457 * 1.001);
    assertThat(d.p50()).isGreaterThan(123_457.0); // a real bucket, not the exact value
  }

  @Test
  void empty_statisticsAreNaN_countAndSumZero() {
    Distribution d = Distribution.empty(Distribution.Unit.MILLIS);

    assertThat(d.count()).isZero();
    assertThat(d.sum()).isZero();
    assertThat(d.mean()).isNaN();
    assertThat(d.min()).isNaN();
    assertThat(d.p999()).isNaN();
    assertThat(d.percentile(50)).isNaN();
    assertThat(d).hasToString("Distribution{count=0}");
  }

  @Test
  void bucketCounts_manyKeys_growAndSortAndClear() {
    BucketCounts b = new BucketCounts();
    for (long k = 1000; k > 0; k--) {
      b.add(k * 7, 1);
      b.add(k * 7, 2);
    }

    assertThat(b.sortedKeys()).hasSize(1000).startsWith(7, 14).endsWith(7000);
    assertThat(b.get(700)).isEqualTo(3);
    assertThat(b.get(701)).isZero();
    b.clear();
    assertThat(b.sortedKeys()).isEmpty();
    b.add(5, 1);
    assertThat(b.get(5)).isEqualTo(1);
  }
}
