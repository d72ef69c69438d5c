package dev.agentrace.spring.ai;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.testing.InMemorySpanExporter;
import dev.agentrace.testing.Trace;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real {@code ChatClient} over Spring AI's real OpenAI client, pointed at {@link FakeOpenAi}: the spans the
 * starter makes of Spring AI's observations, their nesting and what they carry.
 */
@SpringBootTest(properties = "spring.application.name=support-bot")
class SpringAiTracingTest {
  static final FakeOpenAi OPENAI = start();

  @Autowired
  ChatClient.Builder chat;
  @Autowired
  Tracer tracer;
  @Autowired
  AgentraceSdk sdk;
  @Autowired
  InMemorySpanExporter exporter;
  @Autowired
  EmbeddingModel embeddings;
  @Autowired
  ObservationRegistry observations;

  @DynamicPropertySource
  static void openAi(DynamicPropertyRegistry registry) {
    openAi(OPENAI, registry);
  }

  static void openAi(FakeOpenAi openAi, DynamicPropertyRegistry registry) {
    registry.add("spring.ai.openai.base-url", openAi::baseUrl);
    registry.add("spring.ai.openai.api-key", () -> "test-key");
    registry.add("spring.ai.openai.chat.options.model", () -> FakeOpenAi.MODEL);
    registry.add("spring.ai.retry.max-attempts", () -> "1");
  }

  @BeforeEach
  void clear() {
    sdk.flush(Duration.ofSeconds(5));
    exporter.reset();
  }

  @AfterAll
  static void stop() {
    OPENAI.close();
  }

  @Test
  void chatClientCall_withTool_nestsAdvisorsModelCallsAndToolUnderTheCurrentSpan() {
    String answer;
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).start()) {
      answer = chat.build().prompt()
          .system("You are a support agent.")
          .user("Where is order 42?")
          .tools(new SupportTools())
          .call().content();
    }
    assertThat(answer).isEqualTo(FakeOpenAi.ANSWER);
    sdk.flush(Duration.ofSeconds(5));
    Trace trace = Trace.of(exporter.spans());
    String tree = trace.toTreeString();

    assertThat(trace).as(tree).hasRoot("handle_ticket").hasNoErrors();
    assertThat(trace).span("chat_client").as(tree).isChildOf("handle_ticket").hasKind(SpanKind.AGENT)
        .hasInputAt("/1/role", "user").hasInputAt("/1/content", "Where is order 42?")
        .hasOutputAt("/content", FakeOpenAi.ANSWER);
    List<dev.agentrace.core.data.SpanData> models = trace.findAll("chat " + FakeOpenAi.MODEL);
    assertThat(models).as(tree).hasSize(2);
    assertThat(models.get(0)).hasKind(SpanKind.LLM).hasModel(FakeOpenAi.MODEL).hasUsage(52, 9)
        .hasInputAt("/0/content", "You are a support agent.")
        .hasOutputAt("/tool_calls/0/name", "orderStatus")
        .hasOutputAt("/tool_calls/0/arguments/orderId", "42")
        .hasAttribute("gen_ai.response.finish_reasons", "TOOL_CALLS");
    assertThat(models.get(1)).hasUsage(71, 12).hasOutputAt("/content", FakeOpenAi.ANSWER)
        .hasInputAt("/3/role", "tool").hasInputAt("/3/tool_responses/0/result", "Order 42 shipped on 2026-12-03");
    assertThat(trace).span("orderStatus").as(tree).hasKind(SpanKind.TOOL).hasType("orderStatus")
        .hasInputAt("/orderId", "42").hasOutput("\"Order 42 shipped on 2026-12-03\"")
        .hasAttribute("gen_ai.tool.name", "orderStatus");
    // Model calls and the tool run inside the advisor that calls the model, in the order they happened.
    assertThat(trace).span("chat_client").hasChildren("advisor call");
    assertThat(trace).span("advisor call").hasKind(SpanKind.CHAIN).hasType("advisor")
        .hasChildren("chat " + FakeOpenAi.MODEL, "orderStatus", "chat " + FakeOpenAi.MODEL);
    dev.agentrace.core.data.SpanData toolSpan = trace.find("orderStatus").orElseThrow();
    assertThat(trace.parent(toolSpan)).isEqualTo(trace.parent(models.get(0)));
    assertThat(toolSpan.startEpochNanos()).isGreaterThanOrEqualTo(models.get(0).endEpochNanos());
    assertThat(models.get(1).startEpochNanos()).isGreaterThanOrEqualTo(toolSpan.endEpochNanos());
  }

  @Test
  void chatClientCall_toolOpensItsOwnSpan_itNestsUnderTheToolSpan() {
    String answer = chat.build().prompt().user("Where is order 42?").tools(new TracedTools(tracer)).call().content();

    assertThat(answer).isEqualTo(FakeOpenAi.ANSWER);
    sdk.flush(Duration.ofSeconds(5));
    Trace trace = Trace.of(exporter.spans());
    assertThat(trace).as(trace.toTreeString()).hasRoot("chat_client");
    assertThat(trace).span("orders_db").isChildOf("orderStatus").hasKind(SpanKind.RETRIEVAL);
  }

  @Test
  void chatClientStream_underTheCurrentSpan_nestsAndLeavesTheThreadsContextAsItWas() {
    String answer;
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).start()) {
      answer = String.join("", chat.build().prompt().user("Is order 42 on its way?").stream().content()
          .collectList().block(Duration.ofSeconds(10)));
      // Spring AI ends the stream's observations just after the last element reaches the subscriber, on the
      // stream's thread. Until then they are the current spans of this thread (see docs/integrations/spring.md,
      // "Streaming"); once they have ended, the ticket's span is current again.
      sdk.flush(Duration.ofSeconds(5));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!tracer.currentSpan().context().equals(run.context()) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(tracer.currentSpan().context()).isEqualTo(run.context());
    }
    assertThat(answer).isEqualTo("Order 42 shipped.");
    sdk.flush(Duration.ofSeconds(5));
    Trace trace = Trace.of(exporter.spans());
    String tree = trace.toTreeString();
    assertThat(trace).as(tree).hasRoot("handle_ticket").hasNoErrors();
    assertThat(trace).span("chat_client").as(tree).isChildOf("handle_ticket").hasAttribute("spring_ai.stream", true)
        .hasInputAt("/0/content", "Is order 42 on its way?");
    assertThat(trace.find("chat " + FakeOpenAi.MODEL)).as(tree).isPresent();
    assertThat(ancestors(trace, trace.find("chat " + FakeOpenAi.MODEL).orElseThrow())).contains("chat_client");
  }

  @Test
  void chatClientCall_providerRefuses_modelAndClientSpansAreErrors() {
    try {
      chat.build().prompt().user("FAIL this one").call().content();
    } catch (RuntimeException expected) {
      // Spring AI raises the 400 to the caller; the spans must still record it.
    }
    sdk.flush(Duration.ofSeconds(5));
    Trace trace = Trace.of(exporter.spans());
    assertThat(trace).span("chat_client").as(trace.toTreeString()).isError();
    assertThat(trace).span("chat " + FakeOpenAi.MODEL).isError().hasErrorMessageContaining("refused");
  }

  @Test
  void similaritySearch_simpleVectorStore_isRetrievalWithEmbeddingAndMatches() {
    SimpleVectorStore store = SimpleVectorStore.builder(embeddings).observationRegistry(observations).build();
    store.add(List.of(new Document("d1", "Orders ship in two days.", java.util.Map.of()),
        new Document("d2", "Refunds take a week to reach your card, sometimes longer.", java.util.Map.of())));
    sdk.flush(Duration.ofSeconds(5));
    exporter.reset();

    List<Document> hits = store.similaritySearch(SearchRequest.builder().query("When does my order ship?").topK(1).build());

    assertThat(hits).hasSize(1);
    sdk.flush(Duration.ofSeconds(5));
    Trace trace = Trace.of(exporter.spans());
    String tree = trace.toTreeString();
    assertThat(trace).as(tree).hasRoot("vector_store query");
    assertThat(trace).span("vector_store query").hasKind(SpanKind.RETRIEVAL)
        .hasInputAt("/query", "When does my order ship?").hasInputAt("/top_k", 1)
        .hasOutputAt("/0/id", hits.get(0).getId()).hasAttribute("db.system.name", "simple");
    assertThat(trace).span("embeddings text-embedding-ada-002").as(tree).isChildOf("vector_store query")
        .hasKind(SpanKind.EMBEDDING).hasInputAt("/0", "When does my order ship?").hasOutputAt("/embeddings", 1);
  }

  private static List<String> ancestors(Trace trace, dev.agentrace.core.data.SpanData span) {
    List<String> names = new java.util.ArrayList<>();
    for (var p = trace.parent(span); p.isPresent(); p = trace.parent(p.get())) {
      names.add(p.get().name());
    }
    return names;
  }

  static FakeOpenAi start() {
    try {
      return new FakeOpenAi();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The support agent's one tool. */
  static final class SupportTools {
    @Tool(description = "Looks up the shipping status of an order")
    String orderStatus(@ToolParam(description = "the order number") String orderId) {
      return "Order " + orderId + " shipped on 2026-12-03";
    }
  }

  /** The same tool, opening a span of its own while it runs. */
  static final class TracedTools {
    private final Tracer tracer;

    TracedTools(Tracer tracer) {
      this.tracer = tracer;
    }

    @Tool(description = "Looks up the shipping status of an order")
    String orderStatus(@ToolParam(description = "the order number") String orderId) {
      return tracer.span("orders_db").kind(SpanKind.RETRIEVAL).input(orderId)
          .call(() -> "Order " + orderId + " shipped on 2026-12-03");
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    InMemorySpanExporter exporter() {
      return InMemorySpanExporter.create();
    }
  }
}
