package dev.agentrace.spring.ai;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * A vector-store operation ({@code VectorStoreObservationContext}): a query as a RETRIEVAL span (the query,
 * top-k, threshold and filter in; the matching documents with id, text and score out); add and delete as
 * CUSTOM spans of type {@code vector_store}. The store and collection are attributes.
 */
final class VectorStoreMapping implements SpanMapping {

  @Override
  public boolean supports(Observation.Context context) {
    return context instanceof VectorStoreObservationContext;
  }

  @Override
  public SpanBuilder describe(Tracer tracer, Observation.Context context, boolean content) {
    VectorStoreObservationContext c = (VectorStoreObservationContext) context;
    String operation = c.getOperationName() == null ? "operation" : c.getOperationName();
    boolean query = VectorStoreObservationContext.Operation.QUERY.value().equals(operation);
    SpanBuilder b = tracer.span("vector_store " + operation)
        .kind(query ? SpanKind.RETRIEVAL : SpanKind.CUSTOM)
        .type(query ? "retrieval" : "vector_store")
        .attribute("db.operation.name", operation);
    if (c.getDatabaseSystem() != null) {
      b.attribute("db.system.name", c.getDatabaseSystem());
    }
    if (c.getCollectionName() != null) {
      b.attribute("db.collection.name", c.getCollectionName());
    }
    SearchRequest request = c.getQueryRequest();
    if (content && request != null) {
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("query", request.getQuery());
      in.put("top_k", request.getTopK());
      in.put("similarity_threshold", request.getSimilarityThreshold());
      if (request.getFilterExpression() != null) {
        in.put("filter", request.getFilterExpression().toString());
      }
      b.input(in);
    }
    return b;
  }

  @Override
  public void finish(Span span, Observation.Context context, boolean content) {
    List<Document> documents = ((VectorStoreObservationContext) context).getQueryResponse();
    if (documents == null) {
      return;
    }
    span.attribute("agentrace.retrieval.documents", (long) documents.size());
    if (!content) {
      return;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Document d : documents) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("id", d.getId());
      doc.put("text", d.getText());
      doc.put("score", d.getScore());
      out.add(doc);
    }
    span.output(out);
  }
}
