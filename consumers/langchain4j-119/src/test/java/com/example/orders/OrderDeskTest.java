package com.example.orders;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;

import dev.agentrace.api.SpanKind;
import dev.agentrace.testing.AgentraceExtension;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderDeskTest {
  @RegisterExtension
  static final AgentraceExtension tracing = AgentraceExtension.create();

  /** Asks for the tool, then answers with its result. */
  private static ChatModel scripted(ChatModelListener listener) {
    return new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        AiMessage reply = last instanceof ToolExecutionResultMessage
            ? AiMessage.from(((ToolExecutionResultMessage) last).text())
            : AiMessage.from(ToolExecutionRequest.builder().id("c1").name("orderStatus")
                .arguments("{\"orderId\":\"A-1\"}").build());
        return ChatResponse.builder().aiMessage(reply).tokenUsage(new TokenUsage(20, 5)).build();
      }

      @Override
      public List<ChatModelListener> listeners() {
        return List.of(listener);
      }
    };
  }

  @Test
  void answer_isAgentSpanWithModelToolModel() {
    String answer = OrderDesk.create(tracing.tracer(), OrderDeskTest::scripted).answer("Where is A-1?");

    org.assertj.core.api.Assertions.assertThat(answer).isEqualTo("A-1 shipped");
    assertThat(tracing.trace()).hasRoot("answer").hasNoErrors().hasChildren("chat", "orderStatus", "chat");
    assertThat(tracing.trace()).span("orderStatus").hasKind(SpanKind.TOOL).hasInputAt("/orderId", "A-1")
        .hasOutput("\"A-1 shipped\"");
    assertThat(tracing.trace()).span("answer").hasKind(SpanKind.AGENT).hasOutput("\"A-1 shipped\"");
  }
}
