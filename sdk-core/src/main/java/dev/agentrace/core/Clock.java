package dev.agentrace.core;

/**
 * The time source of span start and end times, in nanoseconds since the epoch. The default is anchored
 * to the wall clock once and advanced by {@link System#nanoTime()}, so durations are monotonic and
 * precise to the nanosecond while timestamps still line up with other systems' clocks.
 *
 * <p>Implementations must be thread-safe and cheap: they are read twice per span.
 */
@FunctionalInterface
public interface Clock {

  /** Now, in nanoseconds since the epoch. */
  long nowEpochNanos();

  /** The default clock: epoch-anchored, monotonic. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
