package dev.agentrace.api;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/** The tracer, builder and span that do nothing; singletons, so no call allocates. */
final class NoopTracer implements Tracer {
  static final NoopTracer INSTANCE = new NoopTracer();

  private NoopTracer() {}

  @Override
  public SpanBuilder span(String name) {
    return NoopSpanBuilder.INSTANCE;
  }

  @Override
  public Span currentSpan() {
    return NoopSpan.INSTANCE;
  }

  @Override
  public Executor wrap(Executor executor) {
    return executor;
  }

  @Override
  public ExecutorService wrap(ExecutorService executor) {
    return executor;
  }

  @Override
  public Runnable wrap(Runnable task) {
    return task;
  }

  @Override
  public <T> Callable<T> wrap(Callable<T> task) {
    return task;
  }

  @Override
  public String toString() {
    return "NoopTracer";
  }

  static final class NoopSpanBuilder implements SpanBuilder {
    static final NoopSpanBuilder INSTANCE = new NoopSpanBuilder();

    private NoopSpanBuilder() {}

    @Override
    public SpanBuilder kind(SpanKind kind) {
      return this;
    }

    @Override
    public SpanBuilder type(String type) {
      return this;
    }

    @Override
    public SpanBuilder input(Object value) {
      return this;
    }

    @Override
    public SpanBuilder attribute(String key, String value) {
      return this;
    }

    @Override
    public SpanBuilder attribute(String key, long value) {
      return this;
    }

    @Override
    public SpanBuilder attribute(String key, double value) {
      return this;
    }

    @Override
    public SpanBuilder attribute(String key, boolean value) {
      return this;
    }

    @Override
    public <T> SpanBuilder attribute(AttributeKey<T> key, T value) {
      return this;
    }

    @Override
    public SpanBuilder model(String model) {
      return this;
    }

    @Override
    public SpanBuilder parent(SpanContext parent) {
      return this;
    }

    @Override
    public SpanBuilder noParent() {
      return this;
    }

    @Override
    public SpanBuilder session(String sessionId) {
      return this;
    }

    @Override
    public SpanBuilder user(String userId) {
      return this;
    }

    @Override
    public Span start() {
      return NoopSpan.INSTANCE;
    }

    @Override
    public <E extends Throwable> void run(ThrowingRunnable<E> step) throws E {
      if (step != null) {
        step.run();
      }
    }

    @Override
    public <T, E extends Throwable> T call(ThrowingCallable<T, E> step) throws E {
      return step == null ? null : step.call();
    }
  }
}
