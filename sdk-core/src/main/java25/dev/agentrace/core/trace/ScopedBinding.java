package dev.agentrace.core.trace;

import dev.agentrace.api.ThrowingCallable;

/**
 * Closed scopes ({@code run}/{@code call}) on Java 25+: the span (or an unsampled span's frame) is bound to a {@link ScopedValue} for the
 * lambda's duration. No ThreadLocal is written, and threads forked inside the scope by structured
 * concurrency inherit the binding, so they see their parent span.
 */
final class ScopedBinding {
  private static final ScopedValue<ScopeNode> CURRENT = ScopedValue.newInstance();

  private ScopedBinding() {}

  static String mode() {
    return "scoped-value";
  }

  static ScopeNode current() {
    // orElse(null) is rejected by the JDK; isBound() then get() hits the scoped-value cache twice.
    return CURRENT.isBound() ? CURRENT.get() : null;
  }

  static <T, E extends Throwable> T call(ScopeNode node, ThrowingCallable<T, E> step) throws E {
    try {
      return ScopedValue.where(CURRENT, node).call(step::call);
    } finally {
      // Spans the lambda opened with start() and left open must not stay current after it (see Scopes.pop).
      Scopes.leaveBound(node);
    }
  }
}
