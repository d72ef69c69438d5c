package dev.agentrace.langchain4j;

import dev.agentrace.api.Span;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Time to first token for streaming model calls. {@link ChatModelListener} never sees partial responses, so a
 * decorator around the {@link StreamingChatModel} wraps each call's handler: the call's {@link Probe} is
 * handed to the listener's {@code onRequest} through a thread-local (LangChain4j calls it on the calling
 * thread, inside {@code chat}), and the first partial response, thinking or tool-call fragment, on whatever
 * thread it arrives, sets the attribute on the still-open LLM span.
 */
final class FirstToken {
  static final String ATTRIBUTE = "gen_ai.response.time_to_first_chunk_ms";
  private static final ThreadLocal<Probe> PENDING = new ThreadLocal<>();

  private FirstToken() {}

  /** One streaming call: its span (once the listener started it) and whether a token came yet. */
  static final class Probe {
    private volatile Span span;
    private volatile long startNanos;
    private final AtomicBoolean seen = new AtomicBoolean();

    void firstChunk() {
      Span s = span;
      if (s != null && seen.compareAndSet(false, true)) {
        s.attribute(ATTRIBUTE, (System.nanoTime() - startNanos) / 1e6);
      }
    }
  }

  /** Called by the listener's {@code onRequest}: the span belongs to the streaming call on this thread, if any. */
  static void attach(Span span) {
    Probe p = PENDING.get();
    if (p != null) {
      PENDING.remove();
      p.startNanos = System.nanoTime();
      p.span = span;
    }
  }

  /** The decorator {@code AgentraceLangChain4j.withTimeToFirstToken(..)} returns. */
  static final class Model implements StreamingChatModel {
    private final StreamingChatModel delegate;

    Model(StreamingChatModel delegate) {
      this.delegate = delegate;
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
      Probe probe = new Probe();
      PENDING.set(probe);
      try {
        delegate.chat(request, new Handler(handler, probe));
      } finally {
        PENDING.remove();
      }
    }

    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
      Probe probe = new Probe();
      PENDING.set(probe);
      try {
        delegate.chat(request, options, new Handler(handler, probe));
      } finally {
        PENDING.remove();
      }
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
      delegate.doChat(request, handler);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return delegate.defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
      return delegate.listeners();
    }

    @Override
    public ModelProvider provider() {
      return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
      return delegate.supportedCapabilities();
    }

    @Override
    public String toString() {
      return "FirstTokenTiming[" + delegate + "]";
    }
  }

  /** Passes every callback through unchanged; the first fragment of any kind stops the clock. */
  private static final class Handler implements StreamingChatResponseHandler {
    private final StreamingChatResponseHandler user;
    private final Probe probe;

    Handler(StreamingChatResponseHandler user, Probe probe) {
      this.user = user;
      this.probe = probe;
    }

    private void first() {
      Safe.run("the first token", probe::firstChunk);
    }

    @Override
    public void onPartialResponse(String partialResponse) {
      first();
      user.onPartialResponse(partialResponse);
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
      first();
      user.onPartialResponse(partialResponse, context);
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
      first();
      user.onPartialThinking(partialThinking);
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
      first();
      user.onPartialThinking(partialThinking, context);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
      first();
      user.onPartialToolCall(partialToolCall);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
      first();
      user.onPartialToolCall(partialToolCall, context);
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
      user.onCompleteToolCall(completeToolCall);
    }

    @Override
    public void onUnmappedRawEvent(Object rawEvent) {
      user.onUnmappedRawEvent(rawEvent);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      user.onCompleteResponse(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
      user.onError(error);
    }
  }
}
