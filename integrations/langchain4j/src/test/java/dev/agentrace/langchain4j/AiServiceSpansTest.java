package dev.agentrace.langchain4j;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.testing.AgentraceExtension;
import dev.agentrace.testing.Trace;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailException;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.service.AiServices;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A scripted model behind a real {@code AiServices} proxy with real {@code @Tool} methods. */
class AiServiceSpansTest {
  @RegisterExtension
  static final AgentraceExtension tracing = AgentraceExtension.builder().strictContext().build();

  interface Assistant {
    String answer(String question);
  }

  private Assistant assistant(AgentraceLangChain4j lc4j, OrderTools tools) {
    return lc4j.instrument(AiServices.builder(Assistant.class))
        .chatModel(new ScriptedChatModel(ScriptedChatModel::orderAgent, lc4j.chatModelListener()))
        .tools(tools)
        .build();
  }

  @Test
  void toolCallingRun_underCallersSpan_isAgentWithModelToolModelChildren() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    Assistant assistant = assistant(lc4j, new OrderTools());

    String answer;
    try (Span request = tracing.tracer().span("handle_request").start()) {
      answer = assistant.answer("Where is order A-1?");
    }

    org.assertj.core.api.Assertions.assertThat(answer).isEqualTo("A-1 shipped");
    Trace trace = tracing.trace();
    assertThat(trace).hasRoot("handle_request").hasNoErrors().hasSpanCount(5);
    assertThat(trace).span("answer")
        .isChildOf("handle_request")
        .hasKind(SpanKind.AGENT)
        .hasInput("\"Where is order A-1?\"")
        .hasOutput("\"A-1 shipped\"")
        .hasAttribute("langchain4j.ai_service", Assistant.class.getName())
        .hasChildren("chat scripted-1", "orderStatus", "chat scripted-1")
        .isOk();

    List<SpanData> llm = trace.findAll("chat scripted-1");
    assertThat(llm.get(0))
        .hasKind(SpanKind.LLM)
        .hasModel("scripted-1")
        .hasInputAt("/messages/0/role", "user")
        .hasInputAt("/messages/0/content", "Where is order A-1?")
        .hasInputAt("/tools/0/name", "orderStatus")
        .hasInputAt("/tools/0/parameters/properties/orderId/type", "string")
        .hasOutputAt("/tool_calls/0/name", "orderStatus")
        .hasOutputAt("/tool_calls/0/arguments/orderId", "A-1")
        .hasUsage(40, 9)
        .hasAttribute("gen_ai.response.model", "scripted-1-2026")
        .hasAttribute("gen_ai.response.finish_reasons", "tool_execution")
        .hasAttribute("gen_ai.request.temperature", 0.2)
        .hasAttribute("gen_ai.request.max_tokens", 256L)
        .isOk();
    assertThat(llm.get(1))
        .hasInputAt("/messages/1/role", "assistant")
        .hasInputAt("/messages/1/tool_calls/0/id", "call_1")
        .hasInputAt("/messages/2/role", "tool")
        .hasInputAt("/messages/2/tool_call_id", "call_1")
        .hasInputAt("/messages/2/content", "A-1 shipped")
        .hasOutputAt("/content", "A-1 shipped")
        .hasUsage(60, 7)
        .hasAttribute("gen_ai.response.finish_reasons", "stop");
    assertThat(trace).span("orderStatus")
        .hasKind(SpanKind.TOOL)
        .hasInputAt("/orderId", "A-1")
        .hasOutput("\"A-1 shipped\"")
        .hasAttribute("gen_ai.tool.call.id", "call_1")
        .isOk();
  }

  @Test
  void toolSpan_coversTheToolsOwnTime_betweenTheTwoModelCalls() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    assistant(lc4j, new OrderTools()).answer("Where is order A-1?");

    Trace trace = tracing.trace();
    List<SpanData> llm = trace.findAll("chat scripted-1");
    SpanData tool = trace.find("orderStatus").orElseThrow();
    org.assertj.core.api.Assertions.assertThat(tool.startEpochNanos()).isGreaterThanOrEqualTo(llm.get(0).endEpochNanos());
    org.assertj.core.api.Assertions.assertThat(tool.endEpochNanos()).isLessThanOrEqualTo(llm.get(1).startEpochNanos());
  }

  @Test
  void failingTool_isErrorWithTheExceptionsMessage_andTheRunGoesOn() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    String answer = assistant(lc4j, new OrderTools()).answer("Where is order X-9?");

    org.assertj.core.api.Assertions.assertThat(answer).isEqualTo("warehouse offline for X-9");
    Trace trace = tracing.trace();
    assertThat(trace).span("orderStatus")
        .isChildOf("answer")
        .isError()
        .hasErrorMessageContaining("warehouse offline for X-9")
        .hasInputAt("/orderId", "X-9");
    assertThat(trace).span("answer").isOk();
    assertThat(trace.findAll("chat scripted-1").get(1)).hasInputAt("/messages/2/is_error", true);
  }

  /** Blocks messages that ask for a password; every other message passes. */
  static final class NoPasswords implements InputGuardrail {
    @Override
    public InputGuardrailResult validate(UserMessage message) {
      return message.singleText().contains("password") ? failure("asks for a password") : success();
    }
  }

  @Test
  void inputGuardrail_passingAndBlocking_areGuardrailSpansWithTheirVerdict() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .chatModel(new ScriptedChatModel(ScriptedChatModel::orderAgent, lc4j.chatModelListener()))
        .tools(new OrderTools())
        .inputGuardrails(new NoPasswords())
        .build();

    assistant.answer("Where is order A-1?");
    assertThatThrownBy(() -> assistant.answer("Tell me the admin password"))
        .isInstanceOf(InputGuardrailException.class);

    List<Trace> traces = tracing.traces();
    org.assertj.core.api.Assertions.assertThat(traces).hasSize(2);
    assertThat(traces.get(0)).span("NoPasswords")
        .hasKind(SpanKind.GUARDRAIL)
        .isChildOf("answer")
        .hasInput("\"Where is order A-1?\"")
        .hasOutputAt("/verdict", "success")
        .hasAttribute("langchain4j.guardrail.verdict", "success")
        .hasAttribute("langchain4j.guardrail.direction", "input")
        .isOk();
    assertThat(traces.get(1)).hasSpanCount(2);
    assertThat(traces.get(1)).span("NoPasswords")
        .isChildOf("answer")
        .isError()
        .hasErrorMessageContaining("asks for a password")
        .hasOutputAt("/verdict", "failure")
        .hasOutputAt("/failures/0", "asks for a password");
    assertThat(traces.get(1)).span("answer").isError().hasErrorOfType(InputGuardrailException.class);
  }

  /** Passes every answer, so its span shows what an output guardrail checked. */
  static final class PoliteAnswers implements OutputGuardrail {
    @Override
    public OutputGuardrailResult validate(AiMessage response) {
      return response.text() != null && response.text().contains("rude") ? failure("rude answer") : success();
    }
  }

  @Test
  void outputGuardrail_isGuardrailSpanAfterTheLastModelCall_withTheAnswerItChecked() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .chatModel(new ScriptedChatModel(ScriptedChatModel::orderAgent, lc4j.chatModelListener()))
        .tools(new OrderTools())
        .outputGuardrails(new PoliteAnswers())
        .build();

    assistant.answer("Where is order A-1?");

    Trace trace = tracing.trace();
    assertThat(trace).span("answer")
        .hasChildren("chat scripted-1", "orderStatus", "chat scripted-1", "PoliteAnswers");
    assertThat(trace).span("PoliteAnswers").hasKind(SpanKind.GUARDRAIL)
        .hasInput("\"A-1 shipped\"")
        .hasAttribute("langchain4j.guardrail.direction", "output")
        .hasOutputAt("/verdict", "success")
        .isOk();
  }

  interface Dispatcher {
    String dispatch(String request);
  }

  /** A tool that is itself an agent: it asks the order assistant. */
  public static final class AskOrders {
    private final Assistant orders;

    AskOrders(Assistant orders) {
      this.orders = orders;
    }

    @dev.langchain4j.agent.tool.Tool("Asks the order desk")
    public String askOrderDesk(String question) {
      return orders.answer(question);
    }
  }

  @Test
  void aiServiceCalledFromATool_isAnAgentSpanUnderThatTool() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    Assistant orders = assistant(lc4j, new OrderTools());
    Dispatcher dispatcher = lc4j.instrument(AiServices.builder(Dispatcher.class))
        .chatModel(new ScriptedChatModel(r -> {
          var last = r.messages().get(r.messages().size() - 1);
          if (last instanceof UserMessage u) {
            return ScriptedChatModel.reply(AiMessage.from(dev.langchain4j.agent.tool.ToolExecutionRequest.builder()
                .id("d1").name("askOrderDesk").arguments("{\"question\":\"" + u.singleText() + "\"}").build()),
                dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION, 10, 5);
          }
          return ScriptedChatModel.reply(AiMessage.from("done"), dev.langchain4j.model.output.FinishReason.STOP, 10, 1);
        }, lc4j.chatModelListener()))
        .tools(new AskOrders(orders))
        .build();

    dispatcher.dispatch("Where is order A-1?");

    Trace trace = tracing.trace();
    assertThat(trace).hasRoot("dispatch").hasSpanCount(8).hasNoErrors();
    assertThat(trace).span("askOrderDesk").isChildOf("dispatch").hasChildren("answer");
    assertThat(trace).span("answer").hasChildren("chat scripted-1", "orderStatus", "chat scripted-1");
  }

  @Test
  void retriever_isRetrievalSpanUnderTheAgent_queryInSegmentsWithScoresOut() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    ContentRetriever policies = query -> List.of(
        Content.from(dev.langchain4j.data.segment.TextSegment.from("Orders ship within 2 days."),
            Map.of(ContentMetadata.SCORE, 0.91)));
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .chatModel(new ScriptedChatModel(ScriptedChatModel::orderAgent, lc4j.chatModelListener()))
        .tools(new OrderTools())
        .contentRetriever(policies.addListener(lc4j.contentRetrieverListener()))
        .build();

    assistant.answer("Where is order A-1?");

    Trace trace = tracing.trace();
    assertThat(trace).span("answer").hasChildren("retrieve", "chat scripted-1", "orderStatus", "chat scripted-1");
    assertThat(trace).span("retrieve")
        .hasKind(SpanKind.RETRIEVAL)
        .hasInput("\"Where is order A-1?\"")
        .hasOutputAt("/0/text", "Orders ship within 2 days.")
        .hasOutputAt("/0/score", 0.91)
        .hasAttribute("langchain4j.retrieval.count", 1L)
        .isOk();
    // The model saw the retrieved text: the span shows the augmented message it was sent.
    org.assertj.core.api.Assertions.assertThat(trace.findAll("chat scripted-1").get(0).input())
        .contains("Orders ship within 2 days.");
  }

  @Test
  void modelThatThrows_isErrorOnTheLlmAndAgentSpans_andTheExceptionReachesTheCaller() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .chatModel(new ScriptedChatModel(r -> {
          throw new IllegalStateException("model down");
        }, lc4j.chatModelListener()))
        .build();

    assertThatThrownBy(() -> assistant.answer("hi")).hasMessageContaining("model down");

    Trace trace = tracing.trace();
    assertThat(trace).span("chat scripted-1").isChildOf("answer").isError().hasErrorMessageContaining("model down");
    assertThat(trace).span("answer").isError().hasErrorMessageContaining("model down");
  }
}
