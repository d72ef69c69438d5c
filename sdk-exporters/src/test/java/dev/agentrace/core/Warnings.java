package dev.agentrace.core;

/**
 * Lets exporter tests re-arm the SDK's once-per-JVM warnings. A test that checks what the SDK logs (for
 * example, that a failing exporter's credentials never reach the log) must see the warning itself; without
 * this, an earlier test class in the same JVM may already have spent it, and the check would pass on an
 * empty log. Lives in the core's package (the class path allows it) because the reset is package-private.
 */
public final class Warnings {
  private Warnings() {}

  /** Forgets which warnings were logged, so the next occurrence of each is logged again. */
  public static void reset() {
    Warn.reset();
  }
}
