package dev.agentrace.langchain4j;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.SpanKind;
import dev.agentrace.testing.AgentraceExtension;
import dev.agentrace.testing.Trace;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real RAG pipeline: embedding model, in-memory embedding store and EmbeddingStoreContentRetriever. */
class RetrievalSpansTest {
  @RegisterExtension
  static final AgentraceExtension tracing = AgentraceExtension.builder().strictContext().build();

  interface Assistant {
    String answer(String question);
  }

  /** Letter counts as a 26-dimension vector: texts sharing words score close; deterministic and offline. */
  static final class LetterEmbeddings implements EmbeddingModel {
    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      List<Embedding> out = new ArrayList<>();
      int tokens = 0;
      for (TextSegment s : segments) {
        float[] v = new float[26];
        for (char c : s.text().toLowerCase(Locale.ROOT).toCharArray()) {
          if (c >= 'a' && c <= 'z') {
            v[c - 'a']++;
          }
        }
        out.add(Embedding.from(v));
        tokens += s.text().split("\\s+").length;
      }
      return Response.from(out, new TokenUsage(tokens));
    }

    @Override
    public String modelName() {
      return "letters-26";
    }
  }

  private static EmbeddingStore<TextSegment> policies() {
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    LetterEmbeddings raw = new LetterEmbeddings();
    for (String text : List.of("Orders ship within two days.", "Refunds take five business days.",
        "Our office cat is named Biscuit.")) {
      TextSegment segment = TextSegment.from(text);
      store.add(raw.embed(segment).content(), segment);
    }
    return store;
  }

  @Test
  void ragPipeline_isRetrievalWithEmbeddingAndStoreSearchBeneath_underTheAgent() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    ContentRetriever retriever = EmbeddingStoreContentRetriever.builder()
        .embeddingStore(policies().addListener(lc4j.embeddingStoreListener()))
        .embeddingModel(new LetterEmbeddings().addListener(lc4j.embeddingModelListener()))
        .maxResults(2)
        .build()
        .addListener(lc4j.contentRetrieverListener());
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .chatModel(new ScriptedChatModel(ScriptedChatModel::orderAgent, lc4j.chatModelListener()))
        .tools(new OrderTools())
        .contentRetriever(retriever)
        .build();

    assistant.answer("When does order A-1 ship?");

    Trace trace = tracing.trace();
    assertThat(trace).hasRoot("answer").hasNoErrors().hasSpanCount(7);
    assertThat(trace).span("retrieve").isChildOf("answer").hasKind(SpanKind.RETRIEVAL)
        .hasChildren("embed letters-26", "embedding_store.search")
        .hasInput("\"When does order A-1 ship?\"")
        .hasOutputAt("/0/text", "Orders ship within two days.")
        .hasAttribute("langchain4j.retrieval.count", 2L);
    assertThat(trace).span("embed letters-26").hasKind(SpanKind.EMBEDDING).hasModel("letters-26")
        .hasInputAt("/0", "When does order A-1 ship?")
        .hasOutputAt("/count", 1)
        .hasOutputAt("/dimension", 26)
        .hasUsage(5, 0);
    assertThat(trace).span("embedding_store.search").hasKind(SpanKind.RETRIEVAL)
        .hasInputAt("/max_results", 2)
        .hasOutputAt("/0/text", "Orders ship within two days.")
        .hasOutputAt("/1/text", "Refunds take five business days.");
    String out = trace.find("embedding_store.search").orElseThrow().output();
    assertThat(out).contains("\"score\":0.");
  }

  @Test
  void failingRetriever_isRetrievalError_andTheExceptionReachesTheCaller() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    ContentRetriever broken = query -> {
      throw new IllegalStateException("index unavailable");
    };
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .chatModel(new ScriptedChatModel(ScriptedChatModel::orderAgent, lc4j.chatModelListener()))
        .contentRetriever(broken.addListener(lc4j.contentRetrieverListener()))
        .build();

    assertThatThrownBy(() -> assistant.answer("Where is A-1?")).hasMessageContaining("index unavailable");

    Trace trace = tracing.trace();
    assertThat(trace).span("retrieve").isChildOf("answer").isError().hasErrorMessageContaining("index unavailable");
    assertThat(trace).span("answer").isError();
  }
}
