package dev.agentrace.core.trace;

import dev.agentrace.api.SpanContext;

/**
 * What a span inside an unsampled trace becomes: one shared object per SDK, so it allocates nothing and
 * touches no scope. Its context is the enclosing span's, which carries the same trace id and the
 * not-sampled flag to anything it propagates to.
 */
final class UnsampledChildSpan extends NonRecordingSpan {
  static final UnsampledChildSpan INSTANCE = new UnsampledChildSpan();

  private UnsampledChildSpan() {}

  @Override
  public SpanContext context() {
    ScopeNode current = Scopes.current();
    return current == null ? SpanContext.invalid() : current.context();
  }

  @Override
  public void end() {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "UnsampledSpan";
  }
}
