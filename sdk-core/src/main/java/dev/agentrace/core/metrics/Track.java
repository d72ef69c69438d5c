package dev.agentrace.core.metrics;

import org.HdrHistogram.Histogram;

/**
 * One measurement of one metrics key: a dense 3-digit HdrHistogram since start, plus sparse per-slot counts
 * of 2-digit buckets for the sliding windows. Guarded by the owning {@link KeyStats}' monitor.
 *
 * <p>Why windows are coarser: 30 slots per measurement multiply whatever a slot costs. At 3 digits a busy
 * slot holds up to 1024 distinct buckets per doubling of the value range; at 2 digits 128, which keeps the
 * slots small enough to stay in cache while the worker records (and within 1 % for a live view).
 */
final class Track {
  private final Distribution.Unit unit;
  // Auto-resizing: the counts array grows to the largest value recorded (about 8 KB per doubling above
  // 2048 units), so a track costs what its range needs rather than a preset worst case.
  private final Histogram total = new Histogram(Distribution.DIGITS);
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private Slot[] slots;

  Track(Distribution.Unit unit) {
    this.unit = unit;
  }

  /** Records {@code value} (in reported units) since start and, if {@code slot >= 0}, in that window slot. */
  void record(double value, int slot) {
    long units = unit.toUnits(value);
    total.recordValue(units);
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (slot >= 0) {
      if (slots == null) {
        slots = new Slot[KeyStats.SLOTS];
      }
      Slot s = slots[slot];
      if (s == null) {
        s = slots[slot] = new Slot();
      }
      s.add(Distribution.windowBucketOf(units), value);
    }
  }

  void clearSlot(int slot) {
    if (slots != null && slots[slot] != null) {
      slots[slot].clear();
    }
  }

  Distribution sinceStart() {
    return Distribution.of(unit, total, sum, min, max);
  }

  /** The values of the slots marked in {@code include}. */
  Distribution window(boolean[] include) {
    if (slots == null) {
      return Distribution.empty(unit);
    }
    BucketCounts acc = new BucketCounts();
    double wSum = 0;
    double wMin = Double.POSITIVE_INFINITY;
    double wMax = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < slots.length; i++) {
      Slot s = slots[i];
      if (include[i] && s != null && s.count > 0) {
        s.buckets.addTo(acc);
        wSum += s.sum;
        wMin = Math.min(wMin, s.min);
        wMax = Math.max(wMax, s.max);
      }
    }
    return Distribution.ofWindow(unit, acc, wSum, wMin, wMax);
  }

  private static final class Slot {
    final BucketCounts buckets = new BucketCounts();
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    void add(long bucket, double value) {
      buckets.add(bucket, 1);
      count++;
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }

    void clear() {
      buckets.clear();
      count = 0;
      sum = 0;
      min = Double.POSITIVE_INFINITY;
      max = Double.NEGATIVE_INFINITY;
    }
  }
}
