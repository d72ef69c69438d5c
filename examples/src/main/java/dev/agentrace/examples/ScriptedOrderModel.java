package dev.agentrace.examples;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A LangChain4j {@link ChatModel} that plays an order-desk model from a script, so the LangChain4j demo runs
 * offline: a message naming orders gets one tool call per order ({@code orderStatus}, or {@code refund} when
 * the customer asks for one), and once the tool results are in, an answer built from them. LangChain4j's
 * own {@code chat(..)} runs around it, listeners included, exactly as around a provider's client.
 */
final class ScriptedOrderModel implements ChatModel {
  private static final Pattern ORDER = Pattern.compile("[A-Z]-\\d{4}");

  private final List<ChatModelListener> listeners;
  private final double pace;

  ScriptedOrderModel(double pace, ChatModelListener... listeners) {
    this.pace = pace;
    this.listeners = List.of(listeners);
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    ChatMessage last = messages.get(messages.size() - 1);
    int promptTokens = 0;
    for (ChatMessage m : messages) {
      promptTokens += m.toString().length() / 4;
    }
    if (last instanceof UserMessage user) {
      FakeModel.sleep(420, pace);
      String text = user.singleText();
      String tool = text.toLowerCase(Locale.ROOT).contains("refund") ? "refund" : "orderStatus";
      List<ToolExecutionRequest> calls = new ArrayList<>();
      Matcher m = ORDER.matcher(text);
      while (m.find()) {
        calls.add(ToolExecutionRequest.builder()
            .id("call_" + m.group().toLowerCase(Locale.ROOT))
            .name(tool)
            .arguments("{\"orderId\":\"" + m.group() + "\"}")
            .build());
      }
      if (calls.isEmpty()) {
        return reply(AiMessage.from("Could you tell me your order number?"), FinishReason.STOP, promptTokens, 9);
      }
      return reply(AiMessage.from(calls), FinishReason.TOOL_EXECUTION, promptTokens, 18 * calls.size());
    }
    FakeModel.sleep(380, pace);
    List<String> results = new ArrayList<>();
    for (ChatMessage msg : messages) {
      if (msg instanceof ToolExecutionResultMessage r) {
        results.add(r.text());
      }
    }
    String answer = "Here is what I found: " + String.join("; ", results) + ".";
    return reply(AiMessage.from(answer), FinishReason.STOP, promptTokens, answer.length() / 4);
  }

  private static ChatResponse reply(AiMessage message, FinishReason finish, int in, int out) {
    return ChatResponse.builder()
        .aiMessage(message)
        .modelName("gpt-4o-mini-2024-07-18")
        .finishReason(finish)
        .tokenUsage(new TokenUsage(in, out))
        .build();
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return DefaultChatRequestParameters.builder().modelName("gpt-4o-mini").temperature(0.2).maxOutputTokens(400).build();
  }

  @Override
  public List<ChatModelListener> listeners() {
    return listeners;
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }
}
