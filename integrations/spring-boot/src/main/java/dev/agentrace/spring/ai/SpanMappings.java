package dev.agentrace.spring.ai;

import java.util.ArrayList;
import java.util.List;
import org.springframework.util.ClassUtils;

/**
 * The mappings whose Spring AI classes are present: spring-ai-model (chat model, embedding model, tool
 * calls) always, since the auto-configuration requires it; spring-ai-client-chat (chat client, advisors)
 * and spring-ai-vector-store only when the application has them.
 */
final class SpanMappings {
  private SpanMappings() {}

  static List<SpanMapping> available(ClassLoader loader) {
    List<SpanMapping> mappings = new ArrayList<>();
    mappings.add(new ChatModelMapping());
    mappings.add(new ToolCallMapping());
    mappings.add(new EmbeddingMapping());
    if (ClassUtils.isPresent("org.springframework.ai.chat.client.observation.ChatClientObservationContext", loader)) {
      mappings.add(new ChatClientMapping());
      mappings.add(new AdvisorMapping());
    }
    if (ClassUtils.isPresent("org.springframework.ai.vectorstore.observation.VectorStoreObservationContext", loader)) {
      mappings.add(new VectorStoreMapping());
    }
    return List.copyOf(mappings);
  }
}
