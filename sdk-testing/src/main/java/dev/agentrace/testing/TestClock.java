package dev.agentrace.testing;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that stands still until a test moves it, so that span timestamps and durations are
 * exact and the same on every run: a fake model call that does {@code clock.advance(Duration.ofMillis(30))}
 * produces a span of exactly 30 ms.
 *
 * <pre>{@code
 * TestClock clock = TestClock.create();          // 2025-01-01T00:00:00Z
 * AgentraceSdk sdk = AgentraceSdk.builder().clock(clock).build();
 * clock.advance(Duration.ofMillis(30));
 * }</pre>
 *
 * <p>Thread-safe: reads and moves are atomic, so spans on other threads see a consistent time.
 */
public final class TestClock implements Clock {
  /** Where {@link #create()} starts: 2025-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

  private final AtomicLong nowEpochNanos;

  private TestClock(long epochNanos) {
    this.nowEpochNanos = new AtomicLong(epochNanos);
  }

  /** A clock standing at {@link #DEFAULT_START}. */
  public static TestClock create() {
    return at(DEFAULT_START);
  }

  /**
   * A clock standing at {@code start}.
   *
   * @throws IllegalArgumentException if {@code start} does not fit in a long of nanoseconds since the epoch
   */
  public static TestClock at(Instant start) {
    return new TestClock(toEpochNanos(start));
  }

  @Override
  public long nowEpochNanos() {
    return nowEpochNanos.get();
  }

  /** The current time as an {@link Instant}. */
  public Instant now() {
    long n = nowEpochNanos.get();
    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }

  /**
   * Moves the clock forward by {@code amount} and returns this clock.
   *
   * @throws IllegalArgumentException if {@code amount} is negative: span durations must never be
   *     negative, so going back is only possible, deliberately, through {@link #set(Instant)}
   */
  public TestClock advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative, got " + amount);
    }
    nowEpochNanos.addAndGet(amount.toNanos());
    return this;
  }

  /** Moves the clock forward by {@code millis} milliseconds and returns this clock. */
  public TestClock advanceMillis(long millis) {
    return advance(Duration.ofMillis(millis));
  }

  /** Sets the clock to {@code instant}, forwards or back, and returns this clock. */
  public TestClock set(Instant instant) {
    nowEpochNanos.set(toEpochNanos(instant));
    return this;
  }

  private static long toEpochNanos(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("instant out of range for epoch nanoseconds: " + instant, e);
    }
  }

  @Override
  public String toString() {
    return "TestClock{" + now() + "}";
  }
}
