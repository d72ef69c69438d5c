package dev.agentrace.spring.ai;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import io.micrometer.observation.Observation;
import java.util.StringJoiner;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.memory.ChatMemory;

/**
 * A {@code ChatClient} call ({@code ChatClientObservationContext}) as an AGENT span: the prompt's messages in,
 * the completion out, the advisors it ran through as an attribute, the chat-memory conversation id as the
 * span's session.
 */
final class ChatClientMapping implements SpanMapping {

  @Override
  public boolean supports(Observation.Context context) {
    return context instanceof ChatClientObservationContext;
  }

  @Override
  public SpanBuilder describe(Tracer tracer, Observation.Context context, boolean content) {
    ChatClientObservationContext c = (ChatClientObservationContext) context;
    SpanBuilder b = tracer.span("chat_client").kind(SpanKind.AGENT).attribute("spring_ai.stream", c.isStream());
    StringJoiner advisors = new StringJoiner(",");
    for (Advisor a : c.getAdvisors()) {
      advisors.add(a.getName());
    }
    if (advisors.length() > 0) {
      b.attribute("spring_ai.advisors", advisors.toString());
    }
    ChatClientRequest request = c.getRequest();
    if (request != null) {
      Object conversation = request.context().get(ChatMemory.CONVERSATION_ID);
      if (conversation != null) {
        b.session(conversation.toString());
      }
      if (content) {
        b.input(Payload.messages(request.prompt()));
      }
    }
    return b;
  }

  @Override
  public void finish(Span span, Observation.Context context, boolean content) {
    ChatClientResponse response = ((ChatClientObservationContext) context).getResponse();
    if (content && response != null && response.chatResponse() != null) {
      span.output(Payload.completion(response.chatResponse()));
    }
  }
}
