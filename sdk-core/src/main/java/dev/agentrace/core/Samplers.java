package dev.agentrace.core;

import dev.agentrace.api.SpanKind;

final class Samplers {
  static final Sampler ALWAYS_ON = new Named("alwaysOn", true);
  static final Sampler ALWAYS_OFF = new Named("alwaysOff", false);

  private Samplers() {}

  static Sampler ratio(double ratio) {
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException("sampling ratio must be within [0, 1], got " + ratio);
    }
    if (ratio == 0.0) {
      return ALWAYS_OFF;
    }
    if (ratio == 1.0) {
      return ALWAYS_ON;
    }
    return new Ratio(ratio);
  }

  private record Named(String name, boolean decision) implements Sampler {
    @Override
    public boolean shouldSample(long traceIdHigh, long traceIdLow, String spanName, SpanKind kind) {
      return decision;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Compares the lower 63 bits of the trace id with {@code ratio * 2^63}; W3C ids are random in their
   * lower half, and using only the id keeps the decision consistent across processes.
   */
  private static final class Ratio implements Sampler {
    private final double ratio;
    private final long bound;

    Ratio(double ratio) {
      this.ratio = ratio;
      this.bound = (long) (ratio * Long.MAX_VALUE);
    }

    @Override
    public boolean shouldSample(long traceIdHigh, long traceIdLow, String name, SpanKind kind) {
      return (traceIdLow & Long.MAX_VALUE) < bound;
    }

    @Override
    public String toString() {
      return "ratio(" + ratio + ")";
    }
  }
}
