package dev.agentrace.langchain4j;

import dev.agentrace.api.Tracer;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreListener;
import java.util.List;

/**
 * Turns LangChain4j's listener events into Agentrace spans. Two lines instrument an agent:
 *
 * <pre>{@code
 * AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracer);
 * ChatModel model = OpenAiChatModel.builder()...listeners(List.of(lc4j.chatModelListener())).build();
 * Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class)).chatModel(model).tools(tools).build();
 * }</pre>
 *
 * <p>An AI service call is an AGENT span named after the service method; each model call an LLM span under
 * it; each tool execution a TOOL span; guardrails GUARDRAIL spans; retrievers and embedding-store searches
 * RETRIEVAL spans; embedding model calls EMBEDDING spans. The AGENT span nests under the span current where the
 * service was called, and the spans below it nest under it even when LangChain4j calls back on other threads
 * (streaming, tools run concurrently).
 *
 * <p>Thread-safe: one instance serves any number of models, AI services and threads. The listeners it hands
 * out never throw into LangChain4j: a failure inside them is logged once and the call goes on.
 */
public final class AgentraceLangChain4j {
  private final Tracer tracer;
  private final Invocations invocations;
  private final ChatModelSpans chatModelListener;
  private final List<AiServiceListener<?>> serviceListeners;
  private final ToolSpans toolSpans;

  private AgentraceLangChain4j(Tracer tracer) {
    this.tracer = tracer;
    this.invocations = new Invocations();
    this.chatModelListener = new ChatModelSpans(tracer, invocations);
    this.serviceListeners = ServiceSpans.listeners(tracer, invocations);
    this.toolSpans = new ToolSpans(tracer, invocations);
  }

  /**
   * The integration for {@code tracer}.
   *
   * @throws IllegalArgumentException if {@code tracer} is null (pass {@code Agentrace.tracer()} for the
   *     global one)
   */
  public static AgentraceLangChain4j create(Tracer tracer) {
    if (tracer == null) {
      throw new IllegalArgumentException(
          "tracer is null: pass the Tracer of your AgentraceSdk (sdk.tracer()) or Agentrace.tracer()");
    }
    return new AgentraceLangChain4j(tracer);
  }

  /**
   * The listener for a chat model builder's {@code listeners(..)}, streaming or not: one LLM span per model
   * call, under the AI service call that made it (or under the span current where the model was called).
   */
  public ChatModelListener chatModelListener() {
    return chatModelListener;
  }

  /**
   * Registers {@link #aiServiceListeners()} and the {@code beforeToolExecution}/{@code afterToolExecution} hooks
   * on {@code builder} and returns it. The hooks are what give each TOOL span its own start, end and failure;
   * they take the builder's single hook slots, so a hook the application sets after this call replaces ours
   * (tools are then traced from {@code ToolExecutedEvent}, without their own timing or failure status).
   *
   * @throws IllegalArgumentException if {@code builder} is null
   */
  public <T> AiServices<T> instrument(AiServices<T> builder) {
    if (builder == null) {
      throw new IllegalArgumentException("builder is null: pass AiServices.builder(YourService.class)");
    }
    builder.registerListeners(serviceListeners);
    builder.beforeToolExecution(toolSpans::before);
    builder.afterToolExecution(toolSpans::after);
    return builder;
  }

  /**
   * The AI-service listeners alone (started, completed, error, request issued, tool executed, input and output
   * guardrail executed), for {@code AiServices.registerListeners(..)} where {@link #instrument} cannot be used.
   * Without the tool hooks, tools are traced from {@code ToolExecutedEvent}, which has no start time and no
   * failure flag.
   */
  public List<AiServiceListener<?>> aiServiceListeners() {
    return serviceListeners;
  }

  /**
   * {@code model} with the time to first token measured: each streaming call's LLM span (from
   * {@link #chatModelListener()}, which {@code model} must have among its listeners) gets the attribute
   * {@code gen_ai.response.time_to_first_chunk_ms}, from the request to the first partial response, thinking or
   * tool-call fragment. Optional: {@code ChatModelListener} never sees partial responses, so this is the one
   * measure that needs the model wrapped. Everything else passes through unchanged.
   *
   * @throws IllegalArgumentException if {@code model} is null
   */
  public StreamingChatModel withTimeToFirstToken(StreamingChatModel model) {
    if (model == null) {
      throw new IllegalArgumentException("model is null: pass the StreamingChatModel built with chatModelListener()");
    }
    return new FirstToken.Model(model);
  }

  /** For {@code EmbeddingModel.addListener(..)}: one EMBEDDING span per embedding call. */
  public EmbeddingModelListener embeddingModelListener() {
    return new RetrievalSpans.Embeddings(tracer);
  }

  /** For {@code ContentRetriever.addListener(..)}: one RETRIEVAL span per retrieval, query in, contents out. */
  public ContentRetrieverListener contentRetrieverListener() {
    return new RetrievalSpans.Retriever(tracer, invocations);
  }

  /**
   * For {@code EmbeddingStore.addListener(..)}: one RETRIEVAL span per search, the request in and the matches
   * with their scores out. Adds and removals make no span.
   */
  public EmbeddingStoreListener embeddingStoreListener() {
    return new RetrievalSpans.Store(tracer);
  }

  @Override
  public String toString() {
    return "AgentraceLangChain4j[" + tracer + "]";
  }
}
