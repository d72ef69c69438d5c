package dev.agentrace.core;

import dev.agentrace.api.SpanKind;

/**
 * Decides whether a new trace is recorded. The SDK asks the sampler only for root spans (no parent, or an
 * invalid one); a span with a parent, local or remote, follows its parent's decision, so a trace is
 * always kept or dropped whole. An unsampled span still carries its context to children and to other
 * processes, and costs next to nothing.
 *
 * <p>Implementations must be thread-safe, fast and allocation-free: they run on every root span start.
 */
@FunctionalInterface
public interface Sampler {

  /** Whether to record the trace that this root span starts. */
  boolean shouldSample(long traceIdHigh, long traceIdLow, String name, SpanKind kind);

  /** Records every trace (the default). */
  static Sampler alwaysOn() {
    return Samplers.ALWAYS_ON;
  }

  /** Records no trace. */
  static Sampler alwaysOff() {
    return Samplers.ALWAYS_OFF;
  }

  /**
   * Records a {@code ratio} share of traces, decided by the trace id (so every process that sees the same
   * trace id with the same ratio decides alike).
   *
   * @throws IllegalArgumentException unless {@code 0 <= ratio <= 1}
   */
  static Sampler ratio(double ratio) {
    return Samplers.ratio(ratio);
  }
}
