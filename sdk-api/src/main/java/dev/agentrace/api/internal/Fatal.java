package dev.agentrace.api.internal;

/**
 * The SDK's one rule for what it lets through when it contains a failure of user code (a carrier, a
 * payload's {@code toString()}, a processor, an exporter): everything is contained except the errors of a
 * failing JVM. Internal: not API, may change without notice.
 */
public final class Fatal {
  private Fatal() {}

  /**
   * Rethrows {@code t} if it means the JVM itself is failing: a {@link VirtualMachineError} such as
   * {@link OutOfMemoryError}. A {@link StackOverflowError} is contained: it is the likely outcome of a
   * pathological value (a self-referencing payload, a recursive {@code toString()}), and by the time it is
   * caught the stack has unwound. Returns normally for anything else.
   */
  public static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError virtualMachineError && !(t instanceof StackOverflowError)) {
      throw virtualMachineError;
    }
  }
}
