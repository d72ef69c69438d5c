package dev.agentrace.core.trace;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.ThrowingCallable;
import dev.agentrace.api.ThrowingRunnable;
import dev.agentrace.core.ContextBridge;
import dev.agentrace.core.IdGenerator;

/**
 * Collects a span's description, then starts it. Kept small and free of side effects until
 * {@link #start()} so that the JIT can scalar-replace it when the chain is inlined; the input is
 * captured at start (and only if the span records), not at {@link #input(Object)}.
 */
final class SdkSpanBuilder implements SpanBuilder {
  private static final int PARENT_CURRENT = 0;
  private static final int PARENT_EXPLICIT = 1;
  private static final int PARENT_NONE = 2;

  private final Tracing tracing;
  private final String name;
  private SpanKind kind = SpanKind.CUSTOM;
  private String type;
  private Object input;
  private boolean hasInput;
  private Attrs attributes;
  private String model;
  private SpanContext explicitParent;
  private int parentMode;
  private String sessionId;
  private String userId;
  private boolean used;

  SdkSpanBuilder(Tracing tracing, String name) {
    this.tracing = tracing;
    this.name = name;
  }

  @Override
  public SpanBuilder kind(SpanKind kind) {
    if (kind == null) {
      tracing.counters.instrumentationError("null-kind", "Span '" + name + "': kind(null); recorded as CUSTOM.");
      kind = SpanKind.CUSTOM;
    }
    this.kind = kind;
    return this;
  }

  @Override
  public SpanBuilder type(String type) {
    if (type == null || type.isBlank()) {
      tracing.counters.instrumentationError("blank-type", "Span '" + name + "': type is null or blank; the kind's default type is used.");
      this.type = null;
      return this;
    }
    this.type = tracing.limits.clip(type, name, "the type");
    return this;
  }

  @Override
  public SpanBuilder input(Object value) {
    this.input = value;
    this.hasInput = true;
    return this;
  }

  @Override
  public SpanBuilder attribute(String key, String value) {
    return putAttribute(key, value);
  }

  @Override
  public SpanBuilder attribute(String key, long value) {
    return putAttribute(key, value);
  }

  @Override
  public SpanBuilder attribute(String key, double value) {
    return putAttribute(key, value);
  }

  @Override
  public SpanBuilder attribute(String key, boolean value) {
    return putAttribute(key, value);
  }

  @Override
  public <T> SpanBuilder attribute(AttributeKey<T> key, T value) {
    String k = tracing.limits.keyName(key, name);
    return k == null ? this : putAttribute(k, value);
  }

  private SpanBuilder putAttribute(String key, Object value) {
    attributes = tracing.limits.putAttribute(attributes, name, key, value);
    return this;
  }

  @Override
  public SpanBuilder model(String model) {
    this.model = tracing.limits.clip(model, name, "the model");
    return this;
  }

  @Override
  public SpanBuilder parent(SpanContext parent) {
    if (parent == null) {
      tracing.counters.instrumentationError("null-parent", "Span '" + name + "': parent(null); the current span is used.");
      parentMode = PARENT_CURRENT;
      return this;
    }
    explicitParent = parent;
    parentMode = PARENT_EXPLICIT;
    return this;
  }

  @Override
  public SpanBuilder noParent() {
    parentMode = PARENT_NONE;
    explicitParent = null;
    return this;
  }

  @Override
  public SpanBuilder session(String sessionId) {
    this.sessionId = tracing.limits.clip(sessionId, name, "the session id");
    return this;
  }

  @Override
  public SpanBuilder user(String userId) {
    this.userId = tracing.limits.clip(userId, name, "the user id");
    return this;
  }

  @Override
  public Span start() {
    Object started = begin(true);
    // The unsampled handle is made here rather than in begin(): start() is small enough to inline into the
    // caller, so escape analysis removes the handle when the caller only ends it, and an unsampled span
    // allocates nothing.
    return started instanceof UnsampledFrame f ? new UnsampledSpan(f) : (Span) started;
  }

  /** {@code open} = push the span on this thread's open-scope stack (the try-with-resources form). */
  private Object begin(boolean open) {
    if (used) {
      tracing.counters.instrumentationError("builder-reuse", "Span '" + name + "': a SpanBuilder was started twice; each start() makes a new span.");
    }
    used = true;
    return begin(tracing, name, kind, type, hasInput, input, attributes, model, parentMode, explicitParent, sessionId, userId,
        open);
  }

  /**
   * Starts a span from the builder's values. Static and handed plain values so that the builder itself
   * never escapes: with {@code span(..)...start()} inlined, the JIT scalar-replaces it, and the span is the
   * only allocation on the caller's path. Returns a recording {@link SdkSpan}, an {@link UnsampledFrame} for
   * an unsampled root (pooled and linked for {@code start()}, unlinked for {@code run}/{@code call}), or the
   * shared unsampled child when the parent is unsampled.
   */
  private static Object begin(Tracing tracing, String name, SpanKind kind, String type, boolean hasInput, Object input,
      Attrs attributes, String model, int parentMode, SpanContext explicitParent, String sessionId, String userId,
      boolean open) {
    Scopes.ThreadState ts = Scopes.state();
    ScopeNode current = Scopes.current(ts);
    ScopeNode localParent = null;
    SpanContext remote = null;
    ContextBridge bridge = tracing.bridge;
    if (parentMode == PARENT_CURRENT) {
      localParent = current;
      if (bridge != null) {
        // A foreign span current inside ours (or with none of ours current) is the innermost: it is the parent.
        remote = Bridging.foreignParent(tracing, bridge, current);
        if (remote != null) {
          localParent = null;
        }
      }
    } else if (parentMode == PARENT_EXPLICIT && explicitParent.isValid()) {
      remote = explicitParent;
    }
    long hi;
    long lo;
    long parentId;
    boolean sampled;
    String traceState;
    String session = sessionId;
    String user = userId;
    if (localParent != null) {
      if (!(localParent instanceof SdkSpan parent)) {
        // The whole trace is unsampled: children cost nothing and carry the parent's context.
        return tracing.unsampledChild;
      }
      hi = parent.traceIdHigh;
      lo = parent.traceIdLow;
      parentId = parent.spanId;
      sampled = true;
      traceState = parent.traceState;
      if (session == null) {
        session = parent.sessionId();
      }
      if (user == null) {
        user = parent.userId();
      }
    } else if (remote != null) {
      hi = remote.traceIdHigh();
      lo = remote.traceIdLow();
      parentId = remote.spanIdLong();
      sampled = remote.isSampled();
      traceState = remote.traceState().isEmpty() ? null : remote.traceState();
    } else {
      IdGenerator ids = tracing.ids;
      hi = ids.newTraceIdHigh();
      lo = ids.newTraceIdLow();
      parentId = 0;
      traceState = null;
      sampled = tracing.sampler.shouldSample(hi, lo, name, kind);
    }
    int depth = current == null ? 0 : current.scopeDepth + 1;
    if (!sampled) {
      // No clock, no span object: an unsampled span is its ids in a frame, so that children know they are
      // unsampled and propagate its trace id. An open scope takes a frame from the thread's pool; a closed
      // scope (run/call) binds a frame of its own, which nothing else links to once the lambda returns.
      UnsampledFrame f;
      if (open) {
        f = ts.frame();
        f.use(tracing, name, ts.current);
      } else {
        f = new UnsampledFrame(null, null);
        f.use(tracing, name, null);
      }
      f.traceIdHigh = hi;
      f.traceIdLow = lo;
      f.spanId = tracing.ids.newSpanId();
      f.scopeDepth = depth;
      if (open) {
        ts.current = f;
        if (bridge != null) {
          Bridging.enter(tracing, bridge, f);
        }
      }
      return f;
    }
    SpanCounts.Cell counts = ts.cell(tracing.counts);
    String spanType = type != null ? type : kind.defaultType();
    SdkSpan span = new SdkSpan(tracing, name, kind, spanType, hi, lo, tracing.ids.newSpanId(), parentId, traceState,
        tracing.clock.nowEpochNanos(), open ? ts : null, counts, depth, model, session, user, attributes);
    if (hasInput) {
      span.input = tracing.limits.capture(name, input);
    }
    if (remote != null && remote.isRemote()) {
      span.remoteParent = true;
    }
    if (tracing.context.strict) {
      tracing.context.recordStartSite(span);
    }
    counts.started();
    if (tracing.wantsStarts()) {
      tracing.spanStarted(span);
    }
    if (open) {
      span.scopePrev = ts.current;
      ts.current = span;
      if (bridge != null) {
        Bridging.enter(tracing, bridge, span);
      }
    }
    return span;
  }

  @Override
  public <E extends Throwable> void run(ThrowingRunnable<E> step) throws E {
    if (step == null) {
      tracing.counters.instrumentationError("null-step", "Span '" + name + "': run/call(null); nothing to run.");
      return;
    }
    call(() -> {
      step.run();
      return null;
    });
  }

  @Override
  public <T, E extends Throwable> T call(ThrowingCallable<T, E> step) throws E {
    if (step == null) {
      tracing.counters.instrumentationError("null-step", "Span '" + name + "': run/call(null); nothing to run.");
      return null;
    }
    Object started = begin(false);
    ContextBridge bridge = tracing.bridge;
    if (bridge != null && started instanceof ScopeNode node) {
      return callBridged(bridge, node, step);
    }
    return callBound(started, step);
  }

  /** {@link #call} with the span current on the foreign side too, for the lambda's duration. */
  private <T, E extends Throwable> T callBridged(ContextBridge bridge, ScopeNode node, ThrowingCallable<T, E> step)
      throws E {
    ContextBridge.Scope foreign = Bridging.makeCurrent(tracing, bridge, node.context());
    try {
      return callBound(node, step);
    } finally {
      if (foreign != null) {
        Bridging.close(tracing, foreign);
      }
    }
  }

  private static <T, E extends Throwable> T callBound(Object started, ThrowingCallable<T, E> step) throws E {
    if (started instanceof UnsampledFrame frame) {
      return ScopedBinding.call(frame, step);
    }
    if (!(started instanceof SdkSpan span)) {
      return step.call();
    }
    T result;
    try {
      result = ScopedBinding.call(span, step);
    } catch (Throwable t) {
      span.error(t);
      span.end();
      throw t;
    }
    if (!span.hasOutput() && result != null) {
      span.output(result);
    }
    span.okIfUnset();
    span.end();
    return result;
  }
}
