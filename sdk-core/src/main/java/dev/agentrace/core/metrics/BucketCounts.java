package dev.agentrace.core.metrics;

import java.util.Arrays;

/**
 * Counts per histogram bucket, keyed by the bucket's lowest equivalent value ({@link Distribution#windowBucketOf}),
 * in an open-addressing table. Window slots use it instead of a dense HdrHistogram because a 10-second
 * slot sees few distinct buckets: its memory follows what it recorded, not the value range (a dense
 * 2-digit histogram spanning 1 µs to 1 minute is about 20 KB, times 30 slots). Not thread-safe.
 */
final class BucketCounts {
  // Keys are recorded values, never negative, so -1 marks an empty cell.
  private static final long EMPTY = -1;

  private long[] keys;
  private long[] counts;
  private int size;

  BucketCounts() {
    keys = new long[8];
    counts = new long[8];
    Arrays.fill(keys, EMPTY);
  }

  void add(long key, long n) {
    if (size * 2 >= keys.length) {
      rehash(keys.length * 2);
    }
    int mask = keys.length - 1;
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        counts[i] += n;
        return;
      }
      if (k == EMPTY) {
        keys[i] = key;
        counts[i] = n;
        size++;
        return;
      }
    }
  }

  long get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return counts[i];
      }
      if (k == EMPTY) {
        return 0;
      }
    }
  }

  /** Adds every count here to {@code target}. */
  void addTo(BucketCounts target) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        target.add(keys[i], counts[i]);
      }
    }
  }

  /** The keys in ascending order. */
  long[] sortedKeys() {
    long[] out = new long[size];
    int n = 0;
    for (long k : keys) {
      if (k != EMPTY) {
        out[n++] = k;
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** Empties the table; keeps its capacity unless it is far larger than what it held, so a slot reused
   * every interval does not reallocate, yet one burst does not pin a large table forever. */
  void clear() {
    if (keys.length > 64 && size < keys.length / 8) {
      keys = new long[Math.max(8, Integer.highestOneBit(size) * 4)];
      counts = new long[keys.length];
    }
    Arrays.fill(keys, EMPTY);
    size = 0;
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new long[capacity];
    counts = new long[capacity];
    Arrays.fill(keys, EMPTY);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        add(oldKeys[i], oldCounts[i]);
      }
    }
  }

  /**
   * Fibonacci hashing: the top bits of the product. Bucket keys are evenly spaced multiples of a power of
   * two; the product's low and middle bits repeat with short periods for such keys and clustered the table.
   */
  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(keys.length)));
  }
}
