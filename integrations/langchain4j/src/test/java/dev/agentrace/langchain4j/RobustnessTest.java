package dev.agentrace.langchain4j;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.SpanKind;
import dev.agentrace.testing.AgentraceExtension;
import dev.agentrace.testing.Trace;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whatever LangChain4j or the model hands the listeners, they neither throw nor break the call. */
class RobustnessTest {
  @RegisterExtension
  static final AgentraceExtension tracing = AgentraceExtension.create();

  interface Assistant {
    String answer(String question);
  }

  /** An attributes map that fails on every use, standing in for anything LangChain4j might hand over. */
  private static final class HostileMap extends HashMap<Object, Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object put(Object key, Object value) {
      throw new IllegalStateException("put refused");
    }

    @Override
    public Object remove(Object key) {
      throw new IllegalStateException("remove refused");
    }
  }

  @Test
  void chatModelListener_givenAttributesMapsThatThrow_doesNotThrow() {
    ChatModelListener listener = AgentraceLangChain4j.create(tracing.tracer()).chatModelListener();
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi")).build();
    ChatResponse response = ChatResponse.builder().aiMessage(AiMessage.from("hello")).build();

    assertThatCode(() -> {
      listener.onRequest(new ChatModelRequestContext(request, null, Map.of()));
      listener.onRequest(new ChatModelRequestContext(request, null, new HostileMap()));
      listener.onResponse(new ChatModelResponseContext(response, request, null, new HostileMap()));
      listener.onError(new ChatModelErrorContext(new RuntimeException("x"), request, null, new HostileMap()));
    }).doesNotThrowAnyException();
    // The two spans whose map refused them were ended at once, not left open until shutdown.
    assertThat(tracing.spans()).hasSize(2).allSatisfy(s -> assertThat(s).hasKind(SpanKind.LLM));
  }

  @Test
  void responseWithNoMetadataAndBrokenToolArguments_isStillAnLlmSpan_argumentsKeptAsText() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    String deep = "[".repeat(5_000);
    ChatModel model = new ScriptedChatModel(r -> ChatResponse.builder()
        .aiMessage(AiMessage.from(
            ToolExecutionRequest.builder().id("c1").name("broken").arguments("{\"a\": tru").build(),
            ToolExecutionRequest.builder().id("c2").name("deep").arguments(deep).build()))
        .build(), lc4j.chatModelListener());

    ChatResponse response = model.chat(ChatRequest.builder().messages(UserMessage.from("go")).build());

    assertThat(response.aiMessage().toolExecutionRequests()).hasSize(2);
    assertThat(tracing.trace()).span("chat scripted-1").hasKind(SpanKind.LLM).isOk()
        .hasOutputAt("/tool_calls/0/arguments", "{\"a\": tru")
        .hasOutputAt("/tool_calls/1/arguments", deep);
  }

  @Test
  void aiServiceListenersWithoutTheHooks_traceToolsFromToolExecutedEvent_markedAsEventOnly() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(new ScriptedChatModel(ScriptedChatModel::orderAgent, lc4j.chatModelListener()))
        .tools(new OrderTools())
        .registerListeners(lc4j.aiServiceListeners())
        .build();

    assistant.answer("Where is order A-1?");

    Trace trace = tracing.trace();
    assertThat(trace).span("answer").hasChildren("chat scripted-1", "orderStatus", "chat scripted-1");
    assertThat(trace).span("orderStatus").hasKind(SpanKind.TOOL)
        .hasAttribute("agentrace.langchain4j.timing", "event_only")
        .hasInputAt("/orderId", "A-1")
        .hasOutput("\"A-1 shipped\"");
  }

  @Test
  void instrumentedBuilder_tracesEachToolOnce_thoughBothHooksAndToolExecutedEventFire() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .chatModel(new ScriptedChatModel(ScriptedChatModel::orderAgent, lc4j.chatModelListener()))
        .tools(new OrderTools())
        .build();

    assistant.answer("Where are orders A-1 and A-2?");

    Trace trace = tracing.trace();
    assertThat(trace.findAll("orderStatus")).hasSize(2)
        .allSatisfy(s -> assertThat(s.attributes()).doesNotContainKey("agentrace.langchain4j.timing"));
  }

  @Test
  void create_andInstrument_rejectNullWithAMessageSayingWhatToPass() {
    assertThatThrownBy(() -> AgentraceLangChain4j.create(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sdk.tracer()");
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    assertThatThrownBy(() -> lc4j.instrument(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AiServices.builder");
  }
}
