package dev.agentrace.langchain4j;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.listener.EmbeddingModelErrorContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.listener.EmbeddingModelRequestContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelResponseContext;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverErrorContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverRequestContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverResponseContext;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreErrorContext;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreListener;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreRequestContext;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreResponseContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RETRIEVAL spans from content retrievers and embedding-store searches, EMBEDDING spans from embedding models.
 * Each listener's request and response share an attributes map, which carries the span between them. The
 * parent is the AI service call when the query says which one it belongs to (a retriever's query carries the
 * invocation context), otherwise the span current on the calling thread.
 */
final class RetrievalSpans {
  private static final Object SPAN_KEY = new Object() {
    @Override
    public String toString() {
      return "agentrace.span";
    }
  };

  private RetrievalSpans() {}

  private static void end(Map<Object, Object> attributes, java.util.function.Consumer<Span> finish) {
    if (attributes != null && attributes.remove(SPAN_KEY) instanceof Span span) {
      try {
        finish.accept(span);
      } finally {
        span.end();
      }
    }
  }

  private static Map<String, Object> segment(TextSegment s, Double score) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", s == null ? null : s.text());
    if (score != null) {
      m.put("score", score);
    }
    if (s != null && s.metadata() != null && !s.metadata().toMap().isEmpty()) {
      m.put("metadata", s.metadata().toMap());
    }
    return m;
  }

  /** {@link ContentRetrieverListener}: the query in, the retrieved segments with their scores out. */
  static final class Retriever implements ContentRetrieverListener {
    private final Tracer tracer;
    private final Invocations invocations;

    Retriever(Tracer tracer, Invocations invocations) {
      this.tracer = tracer;
      this.invocations = invocations;
    }

    @Override
    public void onRequest(ContentRetrieverRequestContext ctx) {
      Safe.run("a retrieval request", () -> {
        Query q = ctx.query();
        Invocations.Invocation inv = q == null || q.metadata() == null
            ? null : invocations.find(q.metadata().invocationContext());
        SpanBuilder b = Invocations.under(tracer, "retrieve", inv)
            .kind(SpanKind.RETRIEVAL)
            .input(q == null ? null : q.text())
            .attribute("gen_ai.operation.name", "retrieval");
        if (ctx.contentRetriever() != null) {
          b.attribute("langchain4j.retriever", ctx.contentRetriever().getClass().getName());
        }
        Safe.park(ctx.attributes(), SPAN_KEY, b.start());
      });
    }

    @Override
    public void onResponse(ContentRetrieverResponseContext ctx) {
      Safe.run("a retrieval response", () -> end(ctx.attributes(), span -> {
        List<Object> out = new ArrayList<>();
        if (ctx.contents() != null) {
          for (Content c : ctx.contents()) {
            Object score = c.metadata() == null ? null : c.metadata().get(ContentMetadata.SCORE);
            out.add(segment(c.textSegment(), score instanceof Number n ? n.doubleValue() : null));
          }
        }
        span.output(out).attribute("langchain4j.retrieval.count", out.size()).ok();
      }));
    }

    @Override
    public void onError(ContentRetrieverErrorContext ctx) {
      Safe.run("a retrieval error", () -> end(ctx.attributes(), span -> span.error(ctx.error())));
    }
  }

  /** {@link EmbeddingStoreListener}: searches only; adds and removals make no span. */
  static final class Store implements EmbeddingStoreListener {
    private final Tracer tracer;

    Store(Tracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public void onRequest(EmbeddingStoreRequestContext<?> ctx) {
      Safe.run("an embedding store request", () -> {
        if (!(ctx instanceof EmbeddingStoreRequestContext.Search<?> search)) {
          return;
        }
        EmbeddingSearchRequest r = search.searchRequest();
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("query", r.query());
        in.put("max_results", r.maxResults());
        in.put("min_score", r.minScore());
        if (r.filter() != null) {
          in.put("filter", String.valueOf(r.filter()));
        }
        SpanBuilder b = tracer.span("embedding_store.search")
            .kind(SpanKind.RETRIEVAL)
            .input(in)
            .attribute("gen_ai.operation.name", "retrieval");
        if (ctx.embeddingStore() != null) {
          b.attribute("langchain4j.embedding_store", ctx.embeddingStore().getClass().getName());
        }
        Safe.park(ctx.attributes(), SPAN_KEY, b.start());
      });
    }

    @Override
    public void onResponse(EmbeddingStoreResponseContext<?> ctx) {
      Safe.run("an embedding store response", () -> end(ctx.attributes(), span -> {
        List<Object> out = new ArrayList<>();
        if (ctx instanceof EmbeddingStoreResponseContext.Search<?> search && search.searchResult() != null) {
          for (EmbeddingMatch<?> m : search.searchResult().matches()) {
            Map<String, Object> match = m.embedded() instanceof TextSegment s
                ? segment(s, m.score()) : new LinkedHashMap<>(Map.of("embedded", String.valueOf(m.embedded())));
            match.put("score", m.score());
            match.put("id", m.embeddingId());
            out.add(match);
          }
        }
        span.output(out).attribute("langchain4j.retrieval.count", out.size()).ok();
      }));
    }

    @Override
    public void onError(EmbeddingStoreErrorContext<?> ctx) {
      Safe.run("an embedding store error", () -> end(ctx.attributes(), span -> span.error(ctx.error())));
    }
  }

  /** {@link EmbeddingModelListener}: the texts in, the number and size of the vectors out, with token usage. */
  static final class Embeddings implements EmbeddingModelListener {
    private final Tracer tracer;

    Embeddings(Tracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public void onRequest(EmbeddingModelRequestContext ctx) {
      Safe.run("an embedding request", () -> {
        List<String> texts = new ArrayList<>();
        if (ctx.textSegments() != null) {
          for (TextSegment s : ctx.textSegments()) {
            texts.add(s == null ? null : s.text());
          }
        }
        String model = ctx.embeddingModel() == null ? null : ctx.embeddingModel().modelName();
        SpanBuilder b = tracer.span(model == null ? "embed" : "embed " + model)
            .kind(SpanKind.EMBEDDING)
            .input(texts)
            .attribute("gen_ai.operation.name", "embeddings");
        if (model != null) {
          b.model(model);
        }
        Safe.park(ctx.attributes(), SPAN_KEY, b.start());
      });
    }

    @Override
    public void onResponse(EmbeddingModelResponseContext ctx) {
      Safe.run("an embedding response", () -> end(ctx.attributes(), span -> {
        Response<List<Embedding>> r = ctx.response();
        Map<String, Object> out = new LinkedHashMap<>();
        if (r != null && r.content() != null) {
          out.put("count", r.content().size());
          if (!r.content().isEmpty() && r.content().get(0) != null) {
            out.put("dimension", r.content().get(0).dimension());
          }
          ChatModelSpans.usage(span, r.tokenUsage());
        }
        span.output(out).ok();
      }));
    }

    @Override
    public void onError(EmbeddingModelErrorContext ctx) {
      Safe.run("an embedding error", () -> end(ctx.attributes(), span -> span.error(ctx.error())));
    }
  }
}
