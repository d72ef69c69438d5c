package dev.agentrace.core.trace;

import dev.agentrace.api.ThrowingCallable;

/**
 * Closed scopes ({@code run}/{@code call}) on Java 17-24: the span is pushed on the thread's open-scope
 * stack for the lambda's duration. On Java 25 the multi-release jar replaces this class with one that
 * binds a {@code ScopedValue} instead (src/main/java25).
 */
final class ScopedBinding {
  private ScopedBinding() {}

  /** Which mechanism this runtime uses: "thread-local" here, "scoped-value" in the Java 25 version. */
  static String mode() {
    return "thread-local";
  }

  /** The node bound by an enclosing closed scope, if the mechanism keeps one apart from the open stack. */
  static ScopeNode current() {
    return null;
  }

  /** Runs {@code step} with {@code node} (a recording span, or an unsampled span's frame) current. */
  static <T, E extends Throwable> T call(ScopeNode node, ThrowingCallable<T, E> step) throws E {
    Scopes.push(node);
    try {
      return step.call();
    } finally {
      Scopes.pop(node);
    }
  }
}
