package dev.agentrace.langchain4j;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.Tracer;
import dev.langchain4j.invocation.InvocationContext;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AI service calls in flight, by LangChain4j's invocation id, so that events arriving on any thread find
 * their AGENT span; and the hand-over from "the AI service is about to call the model" (fired on the thread
 * that calls it) to the chat model listener's {@code onRequest} (the same thread, a moment later), which is
 * the only way a model call learns which invocation it belongs to: {@code ChatModelRequestContext} carries
 * no invocation context.
 */
final class Invocations {
  /** One AI service call: its AGENT span and the tool requests the hooks have already traced. */
  static final class Invocation {
    final Span agent;
    /** Identity: the hooks and ToolExecutedEvent see the very same request object. */
    final Set<Object> toolsTraced = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));
    volatile boolean over;

    Invocation(Span agent) {
      this.agent = agent;
    }
  }

  private final Map<UUID, Invocation> open = new ConcurrentHashMap<>();
  /**
   * Static, so shared by every instance: an AI service traced by one instance whose model carries another
   * instance's listener still gets its model calls under its AGENT span.
   */
  private static final ThreadLocal<Invocation> NEXT_MODEL_CALL = new ThreadLocal<>();

  void started(UUID id, Invocation invocation) {
    if (id != null) {
      open.put(id, invocation);
    }
  }

  /** The call's entry, removed: the call is over. */
  Invocation finished(UUID id) {
    Invocation inv = id == null ? null : open.remove(id);
    if (inv != null) {
      inv.over = true;
      if (NEXT_MODEL_CALL.get() == inv) {
        NEXT_MODEL_CALL.remove();
      }
    }
    return inv;
  }

  Invocation find(InvocationContext context) {
    if (context == null || context.invocationId() == null) {
      return null;
    }
    return open.get(context.invocationId());
  }

  /** The model call this thread makes next belongs to {@code invocation}. */
  void modelCallIssued(Invocation invocation) {
    NEXT_MODEL_CALL.set(invocation);
  }

  /** The invocation announced for this thread's model call, consumed; null if none or already over. */
  Invocation takeModelCall() {
    Invocation inv = NEXT_MODEL_CALL.get();
    if (inv == null) {
      return null;
    }
    NEXT_MODEL_CALL.remove();
    return inv.over ? null : inv;
  }

  /**
   * A builder for a span under {@code parent}'s AGENT span when there is one; otherwise under whatever span
   * is current on this thread (the default).
   */
  static SpanBuilder under(Tracer tracer, String name, Invocation parent) {
    SpanBuilder b = tracer.span(name);
    if (parent != null) {
      b.parent(parent.agent.context());
    }
    return b;
  }
}
