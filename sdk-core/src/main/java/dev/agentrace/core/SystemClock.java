package dev.agentrace.core;

import java.time.Instant;

/** Epoch anchor taken once per JVM; then pure nanoTime arithmetic, which cannot go backwards. */
final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private final long anchorEpochNanos;
  private final long anchorNanoTime;

  private SystemClock() {
    Instant now = Instant.now();
    this.anchorNanoTime = System.nanoTime();
    this.anchorEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public long nowEpochNanos() {
    return anchorEpochNanos + (System.nanoTime() - anchorNanoTime);
  }

  @Override
  public String toString() {
    return "Clock.system()";
  }
}
