package dev.agentrace.api;

/**
 * Entry point to the propagators that carry a {@link SpanContext} across process boundaries, so that
 * work done by another service joins the same trace.
 *
 * <p>Thread-safe: every propagator it returns is a stateless singleton.
 */
public final class Propagation {
  private Propagation() {}

  /** The W3C Trace Context propagator ({@code traceparent} / {@code tracestate}); never null. */
  public static W3CPropagator w3c() {
    return W3CPropagator.INSTANCE;
  }
}
