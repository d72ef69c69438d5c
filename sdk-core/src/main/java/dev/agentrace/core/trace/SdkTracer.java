package dev.agentrace.core.trace;

import dev.agentrace.api.Agentrace;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.ContextBridge;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** The SDK's tracer: spans of one {@link AgentraceSdk}. */
final class SdkTracer implements Tracer {
  private final Tracing tracing;

  SdkTracer(Tracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public SpanBuilder span(String name) {
    // isBlank() scans the name; a name that starts with a non-space character is not blank.
    if (name == null || name.isEmpty() || (Character.isWhitespace(name.charAt(0)) && name.isBlank())) {
      tracing.counters.instrumentationError("span-name", "Tracer.span(" + (name == null ? "null" : "\"" + name + "\"")
          + "): a span needs a name; recorded as 'unnamed'.");
      name = "unnamed";
    }
    return new SdkSpanBuilder(tracing, tracing.limits.clip(name, null, "the span name"));
  }

  @Override
  public Span currentSpan() {
    ScopeNode current = Scopes.current();
    if (current == null) {
      return Agentrace.noop().currentSpan();
    }
    return current instanceof UnsampledFrame f ? new UnsampledSpan(f) : (SdkSpan) current;
  }

  @Override
  public Runnable wrap(Runnable task) {
    if (task == null || task instanceof ContextRunnable || task instanceof BridgedRunnable) {
      return task;
    }
    ContextBridge bridge = tracing.bridge;
    if (bridge != null) {
      return new BridgedRunnable(Scopes.capture(), tracing, Bridging.capture(tracing, bridge), task);
    }
    return new ContextRunnable(Scopes.capture(), task);
  }

  @Override
  public <T> Callable<T> wrap(Callable<T> task) {
    if (task == null || task instanceof ContextCallable || task instanceof BridgedCallable) {
      return task;
    }
    ContextBridge bridge = tracing.bridge;
    if (bridge != null) {
      return new BridgedCallable<>(Scopes.capture(), tracing, Bridging.capture(tracing, bridge), task);
    }
    return new ContextCallable<>(Scopes.capture(), task);
  }

  @Override
  public Executor wrap(Executor executor) {
    if (executor instanceof ExecutorService service) {
      return wrap(service);
    }
    if (executor == null || executor instanceof ContextExecutor) {
      return executor;
    }
    return new ContextExecutor(executor, this);
  }

  @Override
  public ExecutorService wrap(ExecutorService executor) {
    if (executor == null || executor instanceof ContextExecutorService) {
      return executor;
    }
    return new ContextExecutorService(executor, this);
  }

  @Override
  public String toString() {
    return "Tracer{agent=" + tracing.agent + "}";
  }

  /**
   * Runs a task with the span captured at wrap time as the thread's current span, then restores what
   * the thread had. A pooled thread therefore never leaks one task's context into the next.
   */
  private record ContextRunnable(ScopeNode captured, Runnable task) implements Runnable {
    @Override
    public void run() {
      Scopes.Saved previous = Scopes.swap(captured);
      try {
        task.run();
      } finally {
        Scopes.restore(captured, previous);
      }
    }
  }

  private record ContextCallable<T>(ScopeNode captured, Callable<T> task) implements Callable<T> {
    @Override
    public T call() throws Exception {
      Scopes.Saved previous = Scopes.swap(captured);
      try {
        return task.call();
      } finally {
        Scopes.restore(captured, previous);
      }
    }
  }

  /**
   * {@link ContextRunnable} with a context bridge: the foreign context captured at wrap time is current on
   * the foreign side for the task, and is restored after the Agentrace context, in the reverse order.
   */
  private record BridgedRunnable(ScopeNode captured, Tracing tracing, Object foreign, Runnable task)
      implements Runnable {
    @Override
    public void run() {
      Scopes.Saved previous = Scopes.swap(captured);
      ContextBridge.Scope foreignScope = Bridging.attach(tracing, tracing.bridge, foreign);
      try {
        task.run();
      } finally {
        Scopes.restore(captured, previous);
        if (foreignScope != null) {
          Bridging.close(tracing, foreignScope);
        }
      }
    }
  }

  private record BridgedCallable<T>(ScopeNode captured, Tracing tracing, Object foreign, Callable<T> task)
      implements Callable<T> {
    @Override
    public T call() throws Exception {
      Scopes.Saved previous = Scopes.swap(captured);
      ContextBridge.Scope foreignScope = Bridging.attach(tracing, tracing.bridge, foreign);
      try {
        return task.call();
      } finally {
        Scopes.restore(captured, previous);
        if (foreignScope != null) {
          Bridging.close(tracing, foreignScope);
        }
      }
    }
  }

  private record ContextExecutor(Executor delegate, SdkTracer tracer) implements Executor {
    @Override
    public void execute(Runnable command) {
      delegate.execute(tracer.wrap(command));
    }
  }

  private static final class ContextExecutorService extends AbstractExecutorService {
    private final ExecutorService delegate;
    private final SdkTracer tracer;

    ContextExecutorService(ExecutorService delegate, SdkTracer tracer) {
      this.delegate = delegate;
      this.tracer = tracer;
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(tracer.wrap(command));
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
      return "ContextExecutorService{" + delegate + "}";
    }
  }
}
