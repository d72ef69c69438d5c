package dev.agentrace.langchain4j;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.testing.AgentraceExtension;
import dev.agentrace.testing.Trace;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j's real OpenAI client, pointed at a loopback server that answers like the OpenAI API: the spans
 * come from the code path users run, HTTP, JSON and server-sent events included.
 */
class OpenAiProviderTest {
  @RegisterExtension
  static final AgentraceExtension tracing = AgentraceExtension.builder().strictContext().build();

  interface Assistant {
    String answer(String question);

    TokenStream answerStreaming(String question);
  }

  private FakeOpenAi openAi;
  private AgentraceLangChain4j lc4j;

  @BeforeEach
  void start() throws Exception {
    openAi = new FakeOpenAi();
    lc4j = AgentraceLangChain4j.create(tracing.tracer());
  }

  @AfterEach
  void stop() {
    openAi.close();
  }

  private OpenAiChatModel chatModel() {
    return OpenAiChatModel.builder()
        .baseUrl(openAi.baseUrl())
        .apiKey("test-key")
        .modelName("gpt-4o-mini")
        .temperature(0.3)
        .maxTokens(200)
        .maxRetries(0)
        .listeners(List.of(lc4j.chatModelListener()))
        .build();
  }

  private OpenAiStreamingChatModel streamingModel() {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(openAi.baseUrl())
        .apiKey("test-key")
        .modelName("gpt-4o-mini")
        .listeners(List.of(lc4j.chatModelListener()))
        .build();
  }

  @Test
  void openAiChatModel_toolCallThenAnswer_isAgentWithLlmToolLlm_withProviderUsage() {
    openAi.enqueue(FakeOpenAi.toolCall("call_abc", "orderStatus", "{\"orderId\":\"A-1\"}"))
        .enqueue(FakeOpenAi.text("Order A-1 has shipped."));
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .chatModel(chatModel())
        .tools(new OrderTools())
        .build();

    String answer;
    try (Span request = tracing.tracer().span("handle_request").start()) {
      answer = assistant.answer("Where is order A-1?");
    }

    assertThat(answer).isEqualTo("Order A-1 has shipped.");
    assertThat(openAi.requests.get(1)).contains("A-1 shipped");
    Trace trace = tracing.trace();
    assertThat(trace).hasRoot("handle_request").hasNoErrors();
    assertThat(trace).span("answer").isChildOf("handle_request")
        .hasChildren("chat gpt-4o-mini", "orderStatus", "chat gpt-4o-mini");
    List<SpanData> llm = trace.findAll("chat gpt-4o-mini");
    assertThat(llm.get(0))
        .hasKind(SpanKind.LLM)
        .hasModel("gpt-4o-mini")
        .hasAttribute("gen_ai.response.model", FakeOpenAi.MODEL_VERSION)
        .hasAttribute("gen_ai.provider.name", "open_ai")
        .hasAttribute("gen_ai.request.temperature", 0.3)
        .hasAttribute("gen_ai.request.max_tokens", 200L)
        .hasAttribute("gen_ai.response.finish_reasons", "tool_execution")
        .hasInputAt("/messages/0/content", "Where is order A-1?")
        .hasInputAt("/tools/0/name", "orderStatus")
        .hasOutputAt("/tool_calls/0/id", "call_abc")
        .hasOutputAt("/tool_calls/0/arguments/orderId", "A-1")
        .hasUsage(81, 17);
    assertThat(llm.get(1))
        .hasOutputAt("/content", "Order A-1 has shipped.")
        .hasInputAt("/messages/2/content", "A-1 shipped")
        .hasUsage(120, 9);
    assertThat(llm.get(1).usage().cachedInputTokens()).isEqualTo(64);
    assertThat(trace).span("orderStatus").hasAttribute("gen_ai.tool.call.id", "call_abc").isOk();
  }

  @Test
  void rateLimited_429_isErrorOnLlmAndAgent_andTheCallerGetsLangChain4jsException() {
    openAi.enqueue(FakeOpenAi.rateLimited());
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class)).chatModel(chatModel()).build();

    assertThatThrownBy(() -> assistant.answer("hello"))
        .isInstanceOf(dev.langchain4j.exception.RateLimitException.class);

    Trace trace = tracing.trace();
    assertThat(trace).span("chat gpt-4o-mini").isChildOf("answer").isError()
        .hasErrorOfType(dev.langchain4j.exception.RateLimitException.class)
        .hasErrorMessageContaining("Rate limit reached");
    assertThat(trace).span("answer").isError();
  }

  @Test
  void tokenStream_withToolCall_nestsUnderTheCaller_andEndsWithTheAssembledReplyAndUsage() throws Exception {
    openAi.enqueue(FakeOpenAi.streamedToolCall("call_s1", "orderStatus", "{\"orderId\":", "\"A-7\"}"))
        .enqueue(FakeOpenAi.streamedText("Order A-7 ", "has ", "shipped."));
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .streamingChatModel(lc4j.withTimeToFirstToken(streamingModel()))
        .tools(new OrderTools())
        .build();

    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder streamed = new StringBuilder();
    try (Span request = tracing.tracer().span("handle_request").start()) {
      assistant.answerStreaming("Where is order A-7?")
          .onPartialResponse(streamed::append)
          .onCompleteResponse(done::complete)
          .onError(done::completeExceptionally)
          .start();
      done.get(30, TimeUnit.SECONDS);
    }

    assertThat(streamed.toString()).isEqualTo("Order A-7 has shipped.");
    tracing.awaitSpans(5, Duration.ofSeconds(10));
    Trace trace = tracing.trace();
    assertThat(trace).hasRoot("handle_request").hasSpanCount(5).hasNoErrors();
    assertThat(trace).span("answerStreaming").hasKind(SpanKind.AGENT).isChildOf("handle_request")
        .hasChildren("chat gpt-4o-mini", "orderStatus", "chat gpt-4o-mini")
        .hasOutput("\"Order A-7 has shipped.\"");
    List<SpanData> llm = trace.findAll("chat gpt-4o-mini");
    assertThat(llm.get(0)).hasOutputAt("/tool_calls/0/arguments/orderId", "A-7").hasUsage(90, 20)
        .hasAttribute("gen_ai.response.finish_reasons", "tool_execution");
    assertThat(llm.get(1)).hasOutput("{\"role\":\"assistant\",\"content\":\"Order A-7 has shipped.\"}")
        .hasUsage(140, 8).isOk();
    assertThat(trace).span("orderStatus").hasInputAt("/orderId", "A-7").hasOutput("\"A-7 shipped\"");
    for (SpanData call : llm) {
      assertThat((Double) call.attributes().get(FirstToken.ATTRIBUTE))
          .isGreaterThanOrEqualTo((double) FakeOpenAi.FIRST_CHUNK_DELAY_MS)
          .isLessThanOrEqualTo(call.durationNanos() / 1e6);
    }
    // LangChain4j completed the stream on its HTTP client's thread, not on the caller's.
    assertThat(llm.get(1).threadName()).isNotEqualTo(Thread.currentThread().getName());
  }

  @Test
  void streamingModelCalledDirectly_isLlmSpanUnderTheCallersSpan_evenOn429() throws Exception {
    openAi.enqueue(FakeOpenAi.streamedText("Hel", "lo")).enqueue(FakeOpenAi.rateLimited());
    StreamingChatModel model = streamingModel();

    try (Span request = tracing.tracer().span("handle_request").start()) {
      CompletableFuture<ChatResponse> ok = new CompletableFuture<>();
      model.chat("hi", handler(ok));
      assertThat(ok.get(30, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Hello");
      CompletableFuture<ChatResponse> failed = new CompletableFuture<>();
      model.chat("again", handler(failed));
      assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(
          dev.langchain4j.exception.RateLimitException.class);
    }

    tracing.awaitSpans(3, Duration.ofSeconds(10));
    Trace trace = tracing.trace();
    assertThat(trace).hasRoot("handle_request").hasChildren("chat gpt-4o-mini", "chat gpt-4o-mini");
    List<SpanData> llm = trace.findAll("chat gpt-4o-mini");
    assertThat(llm.get(0)).hasOutputAt("/content", "Hello").hasUsage(140, 8).isOk();
    assertThat(llm.get(0).attributes()).doesNotContainKey(FirstToken.ATTRIBUTE); // not wrapped: not measured
    assertThat(llm.get(1)).hasInputAt("/messages/0/content", "again").isError()
        .hasErrorMessageContaining("Rate limit reached");
  }

  @Test
  void tokenStream_rateLimited_isErrorOnLlmAndAgent_endedOnTheProvidersThread() throws Exception {
    openAi.enqueue(FakeOpenAi.rateLimited());
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .streamingChatModel(streamingModel())
        .build();

    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    assistant.answerStreaming("hello").onPartialResponse(t -> { }).onCompleteResponse(done::complete)
        .onError(done::completeExceptionally).start();
    assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(dev.langchain4j.exception.RateLimitException.class);

    tracing.awaitSpans(2, Duration.ofSeconds(10));
    Trace trace = tracing.trace();
    assertThat(trace).hasRoot("answerStreaming").hasSpanCount(2);
    assertThat(trace).span("chat gpt-4o-mini").isChildOf("answerStreaming").isError()
        .hasErrorMessageContaining("Rate limit reached");
    assertThat(trace).span("answerStreaming").isError()
        .hasErrorOfType(dev.langchain4j.exception.RateLimitException.class);
  }

  private static StreamingChatResponseHandler handler(CompletableFuture<ChatResponse> future) {
    return new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partialResponse) {}

      @Override
      public void onCompleteResponse(ChatResponse completeResponse) {
        future.complete(completeResponse);
      }

      @Override
      public void onError(Throwable error) {
        future.completeExceptionally(error);
      }
    };
  }
}
