package dev.agentrace.api;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The global entry point. {@link #tracer()} is a no-op until an SDK installs itself (in the SDK:
 * {@code sdk.installAsGlobal()}), and follows whichever tracer is installed at the time of each call, so
 * it is safe to keep in a static field created before the SDK.
 *
 * <p>Thread-safe.
 */
public final class Agentrace {
  private static volatile Tracer delegate = NoopTracer.INSTANCE;
  private static final Tracer GLOBAL = new GlobalTracer();

  private Agentrace() {}

  /** The global tracer; never null. */
  public static Tracer tracer() {
    return GLOBAL;
  }

  /** A tracer that records nothing and allocates nothing. */
  public static Tracer noop() {
    return NoopTracer.INSTANCE;
  }

  /**
   * Installs {@code tracer} as the global tracer and returns the one it replaces. SDKs call this; code
   * under instrumentation never needs to.
   */
  public static Tracer install(Tracer tracer) {
    Objects.requireNonNull(tracer, "tracer");
    if (tracer == GLOBAL) {
      throw new IllegalArgumentException("cannot install the global tracer into itself");
    }
    synchronized (Agentrace.class) {
      Tracer previous = delegate;
      delegate = tracer;
      return previous;
    }
  }

  /** Removes {@code tracer} if it is the installed one, restoring the no-op; returns whether it was. */
  public static boolean uninstall(Tracer tracer) {
    synchronized (Agentrace.class) {
      if (delegate == tracer) {
        delegate = NoopTracer.INSTANCE;
        return true;
      }
      return false;
    }
  }

  private static final class GlobalTracer implements Tracer {
    @Override
    public SpanBuilder span(String name) {
      return delegate.span(name);
    }

    @Override
    public Span currentSpan() {
      return delegate.currentSpan();
    }

    @Override
    public Executor wrap(Executor executor) {
      return delegate.wrap(executor);
    }

    @Override
    public ExecutorService wrap(ExecutorService executor) {
      return delegate.wrap(executor);
    }

    @Override
    public Runnable wrap(Runnable task) {
      return delegate.wrap(task);
    }

    @Override
    public <T> Callable<T> wrap(Callable<T> task) {
      return delegate.wrap(task);
    }

    @Override
    public String toString() {
      return "Agentrace.tracer() -> " + delegate;
    }
  }
}
