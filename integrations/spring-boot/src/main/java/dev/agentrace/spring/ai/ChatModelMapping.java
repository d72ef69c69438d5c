package dev.agentrace.spring.ai;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import io.micrometer.observation.Observation;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A chat model call ({@code ChatModelObservationContext}) as an LLM span: messages in, completion out, this
 * call's tokens (see {@link UsageSeen}), finish reasons and the response's model.
 */
final class ChatModelMapping implements SpanMapping {

  @Override
  public boolean supports(Observation.Context context) {
    return context instanceof ChatModelObservationContext;
  }

  @Override
  public SpanBuilder describe(Tracer tracer, Observation.Context context, boolean content) {
    ChatModelObservationContext c = (ChatModelObservationContext) context;
    Prompt prompt = c.getRequest();
    String model = prompt == null || prompt.getOptions() == null ? null : prompt.getOptions().getModel();
    String provider = c.getOperationMetadata() == null ? null : c.getOperationMetadata().provider();
    SpanBuilder b = tracer.span(model == null ? "chat" : "chat " + model).kind(SpanKind.LLM);
    if (model != null) {
      b.model(model);
    }
    if (provider != null) {
      b.attribute("gen_ai.provider.name", provider);
    }
    if (content) {
      b.input(Payload.messages(prompt));
    }
    return b;
  }

  @Override
  public void finish(Span span, Observation.Context context, boolean content) {
    ChatResponse response = ((ChatModelObservationContext) context).getResponse();
    if (response == null) {
      return;
    }
    if (content) {
      span.output(Payload.completion(response));
    }
    String reasons = Payload.finishReasons(response);
    if (reasons != null) {
      span.attribute("gen_ai.response.finish_reasons", reasons);
    }
    if (response.getMetadata() != null) {
      String model = response.getMetadata().getModel();
      if (model != null && !model.isEmpty()) {
        span.attribute("gen_ai.response.model", model);
      }
      Usage usage = response.getMetadata().getUsage();
      if (usage != null && (usage.getPromptTokens() != null || usage.getCompletionTokens() != null)) {
        long[] own = UsageSeen.ownUsage(context, usage);
        span.usage(own[0], own[1]);
      }
    }
  }
}
