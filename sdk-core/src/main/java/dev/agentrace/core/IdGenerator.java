package dev.agentrace.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates trace and span ids. Ids must never be 0 (0 means "no id" in W3C Trace Context).
 *
 * <p>Implementations must be thread-safe and cheap: one call per span, three per trace.
 */
public interface IdGenerator {

  /** A new non-zero span id. */
  long newSpanId();

  /** The upper half of a new trace id. */
  long newTraceIdHigh();

  /** The lower half of a new trace id; non-zero. */
  long newTraceIdLow();

  /**
   * The default: {@link ThreadLocalRandom}, which is fast, contention-free and good enough for ids (they
   * need to be unique, not unpredictable).
   */
  static IdGenerator random() {
    return RandomIds.INSTANCE;
  }

  /** Sequential ids starting at 1, for tests and reproducible demos. Thread-safe. */
  static IdGenerator sequential() {
    return new SequentialIds();
  }
}

final class RandomIds implements IdGenerator {
  static final RandomIds INSTANCE = new RandomIds();

  @Override
  public long newSpanId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return id;
  }

  @Override
  public long newTraceIdHigh() {
    return ThreadLocalRandom.current().nextLong();
  }

  @Override
  public long newTraceIdLow() {
    return newSpanId();
  }

  @Override
  public String toString() {
    return "IdGenerator.random()";
  }
}

final class SequentialIds implements IdGenerator {
  private final java.util.concurrent.atomic.AtomicLong spans = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong traces = new java.util.concurrent.atomic.AtomicLong();

  @Override
  public long newSpanId() {
    return spans.incrementAndGet();
  }

  @Override
  public long newTraceIdHigh() {
    return 0;
  }

  @Override
  public long newTraceIdLow() {
    return traces.incrementAndGet();
  }

  @Override
  public String toString() {
    return "IdGenerator.sequential()";
  }
}
