package dev.agentrace.spring.ai;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import io.micrometer.observation.Observation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;

/**
 * An embedding call ({@code EmbeddingModelObservationContext}) as an EMBEDDING span: the texts in; out, the
 * number of vectors and their dimensions (the vectors themselves are noise in a trace); tokens.
 */
final class EmbeddingMapping implements SpanMapping {

  @Override
  public boolean supports(Observation.Context context) {
    return context instanceof EmbeddingModelObservationContext;
  }

  @Override
  public SpanBuilder describe(Tracer tracer, Observation.Context context, boolean content) {
    EmbeddingModelObservationContext c = (EmbeddingModelObservationContext) context;
    EmbeddingRequest request = c.getRequest();
    String model = request == null || request.getOptions() == null ? null : request.getOptions().getModel();
    SpanBuilder b = tracer.span(model == null ? "embeddings" : "embeddings " + model).kind(SpanKind.EMBEDDING);
    if (model != null) {
      b.model(model);
    }
    if (c.getOperationMetadata() != null && c.getOperationMetadata().provider() != null) {
      b.attribute("gen_ai.provider.name", c.getOperationMetadata().provider());
    }
    if (content && request != null) {
      b.input(request.getInstructions());
    }
    return b;
  }

  @Override
  public void finish(Span span, Observation.Context context, boolean content) {
    EmbeddingResponse response = ((EmbeddingModelObservationContext) context).getResponse();
    if (response == null) {
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("embeddings", response.getResults().size());
    if (!response.getResults().isEmpty() && response.getResults().get(0).getOutput() != null) {
      out.put("dimensions", response.getResults().get(0).getOutput().length);
    }
    span.output(out);
    if (response.getMetadata() != null && response.getMetadata().getUsage() != null) {
      Integer prompt = response.getMetadata().getUsage().getPromptTokens();
      if (prompt != null) {
        span.usage(prompt, 0);
      }
    }
  }
}
