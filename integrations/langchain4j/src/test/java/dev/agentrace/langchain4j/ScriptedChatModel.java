package dev.agentrace.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain {@link ChatModel} whose replies are a function of the request: LangChain4j's own {@code chat(..)}
 * default method runs around it (listeners included), exactly as around a provider's {@code doChat}.
 */
final class ScriptedChatModel implements ChatModel {
  static final String MODEL = "scripted-1";
  private static final Pattern ORDER_ID = Pattern.compile("[A-Z]-\\d+");

  private final Function<ChatRequest, ChatResponse> script;
  private final List<ChatModelListener> listeners;

  ScriptedChatModel(Function<ChatRequest, ChatResponse> script, ChatModelListener... listeners) {
    this.script = script;
    this.listeners = List.of(listeners);
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    return script.apply(request);
  }

  @Override
  public List<ChatModelListener> listeners() {
    return listeners;
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return DefaultChatRequestParameters.builder().modelName(MODEL).temperature(0.2).maxOutputTokens(256).build();
  }

  /**
   * The order agent: a user message naming orders asks for {@code orderStatus} once per order id it names
   * (several ids, several tool calls in one reply); once every tool result is in, it answers with them.
   */
  static ChatResponse orderAgent(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    ChatMessage last = messages.get(messages.size() - 1);
    if (last instanceof UserMessage user) {
      List<ToolExecutionRequest> calls = new ArrayList<>();
      Matcher m = ORDER_ID.matcher(user.singleText());
      while (m.find()) {
        calls.add(ToolExecutionRequest.builder()
            .id("call_" + (calls.size() + 1))
            .name("orderStatus")
            .arguments("{\"orderId\":\"" + m.group() + "\"}")
            .build());
      }
      if (calls.isEmpty()) {
        return reply(AiMessage.from("Which order?"), FinishReason.STOP, 12, 3);
      }
      return reply(AiMessage.from(calls), FinishReason.TOOL_EXECUTION, 40, 9);
    }
    StringBuilder answer = new StringBuilder();
    for (ChatMessage msg : messages) {
      if (msg instanceof ToolExecutionResultMessage result) {
        answer.append(answer.length() == 0 ? "" : "; ").append(result.text());
      }
    }
    return reply(AiMessage.from(answer.toString()), FinishReason.STOP, 60, 7);
  }

  static ChatResponse reply(AiMessage message, FinishReason finish, int in, int out) {
    return ChatResponse.builder()
        .aiMessage(message)
        .modelName(MODEL + "-2026")
        .id("resp-" + in)
        .finishReason(finish)
        .tokenUsage(new TokenUsage(in, out))
        .build();
  }
}
