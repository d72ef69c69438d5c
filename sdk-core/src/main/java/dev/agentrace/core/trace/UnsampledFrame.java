package dev.agentrace.core.trace;

import dev.agentrace.api.SpanContext;

/**
 * The open scope of an unsampled span started with {@code start()}: its ids and its place in the thread's
 * chain, and nothing else, so that children know they are unsampled and propagate its trace id. Frames are
 * pooled per thread (see {@link Scopes.ThreadState#frame}) and recycled once unlinked, so an unsampled span
 * allocates nothing. The caller holds an {@link UnsampledSpan} that names the frame together with the
 * generation it was issued for: recycling bumps the generation, so a handle kept past its span's end can
 * never end or read a later span's frame.
 */
final class UnsampledFrame extends ScopeNode {
  /** The thread state whose pool this frame belongs to; null for a detached copy (see {@link #detach}). */
  final Scopes.ThreadState owner;
  /** The next frame of the owner's pool (see {@link Scopes.ThreadState#frame}). */
  final UnsampledFrame poolNext;
  /** Owner-written: whether the frame holds a span (taken from the pool and not yet recycled). */
  boolean inUse;
  /**
   * The SDK and name of the span in the frame, for warnings about misuse. Left in place when the frame is
   * recycled (see {@link #use}): a free frame may keep the last SDK and name reachable until it is reused,
   * at most one per nesting level per thread.
   */
  Tracing tracing;
  String name;
  long traceIdHigh;
  long traceIdLow;
  long spanId;
  /** Owner-written; bumped on recycling. An int wraps only after 2^32 reuses of one frame. */
  int generation;
  /**
   * The generation an end() from another thread ended; the owner's lazy repair compares it with
   * {@link #generation}. Volatile so that the owner sees it. A late writer writes its own, older
   * generation, which can never match a recycled frame's.
   */
  volatile int endedGeneration = -1;

  UnsampledFrame(Scopes.ThreadState owner, UnsampledFrame poolNext) {
    this.owner = owner;
    this.poolNext = poolNext;
  }

  /**
   * Sets the references a new span puts in this frame, storing only what changed. Frames are old objects
   * by the time they are reused, and on JDK 25 G1's write barrier for a reference stored into an old
   * object costs a store-load fence; the SDK, the name and the enclosing span are usually the same as last
   * time, so comparing first saves most of those fences (in a JFR profile these stores were about a fifth
   * of an unsampled span's time).
   */
  void use(Tracing tracing, String name, ScopeNode prev) {
    if (this.tracing != tracing) {
      this.tracing = tracing;
    }
    if (this.name != name) {
      this.name = name;
    }
    if (scopePrev != prev) {
      scopePrev = prev;
    }
  }

  /** A copy that belongs to no pool, for a task that carries this context to another thread. */
  UnsampledFrame detach() {
    UnsampledFrame copy = new UnsampledFrame(null, null);
    copy.tracing = tracing;
    copy.name = name;
    copy.traceIdHigh = traceIdHigh;
    copy.traceIdLow = traceIdLow;
    copy.spanId = spanId;
    copy.scopeDepth = scopeDepth;
    return copy;
  }

  /** Ends the span of {@code issued} generation, if this frame still holds it. */
  void end(int issued) {
    Scopes.ThreadState s = owner;
    if (s == null) {
      return;
    }
    if (!s.isCurrentThread()) {
      // The owner may be recycling this frame right now; the generation written is the handle's own, so at
      // worst it marks nothing.
      endedGeneration = issued;
      return;
    }
    if (generation != issued) {
      return;
    }
    if (s.current == this) {
      s.current = scopePrev;
      leaveForeign();
      s.recycle(this);
    } else if (Scopes.pop(this)) {
      s.recycle(this);
    } else {
      // Not in the chain right now (a wrapped task replaced it); the owner skips it when the chain returns.
      endedGeneration = issued;
    }
  }

  @Override
  boolean hasEnded() {
    return endedGeneration == generation;
  }

  @Override
  SpanContext context() {
    return SpanContext.of(traceIdHigh, traceIdLow, spanId, false);
  }

  @Override
  String name() {
    return name;
  }

  @Override
  Tracing tracing() {
    return tracing;
  }
}
