package dev.agentrace.langchain4j;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.guardrail.GuardrailResult;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.GuardrailExecutedEvent;
import dev.langchain4j.observability.api.event.ToolExecutedEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceRequestIssuedListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.observability.api.listener.InputGuardrailExecutedListener;
import dev.langchain4j.observability.api.listener.OutputGuardrailExecutedListener;
import dev.langchain4j.observability.api.listener.ToolExecutedEventListener;
import dev.langchain4j.service.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * AGENT spans (and GUARDRAIL spans, and TOOL spans when the tool hooks are absent) from LangChain4j's AI-service
 * events. The AGENT span starts on the thread that called the service, so it nests under the span current
 * there and becomes current for what that thread does next (retrieval, the first model call); it ends on
 * whichever thread completes the call.
 */
final class ServiceSpans {
  private final Tracer tracer;
  private final Invocations invocations;

  private ServiceSpans(Tracer tracer, Invocations invocations) {
    this.tracer = tracer;
    this.invocations = invocations;
  }

  static List<AiServiceListener<?>> listeners(Tracer tracer, Invocations invocations) {
    ServiceSpans s = new ServiceSpans(tracer, invocations);
    return List.of(
        (AiServiceStartedListener) s::started,
        (AiServiceRequestIssuedListener) e -> Safe.run("a model request event",
            () -> invocations.modelCallIssued(invocations.find(e.invocationContext()))),
        (AiServiceCompletedListener) s::completed,
        (AiServiceErrorListener) s::failed,
        (ToolExecutedEventListener) s::toolExecuted,
        (InputGuardrailExecutedListener) e -> s.guardrail(e, "input", () -> Messages.userText(e.request().userMessage())),
        (OutputGuardrailExecutedListener) e -> s.guardrail(e, "output", () -> outputText(e.request().responseFromLLM())));
  }

  private void started(AiServiceStartedEvent e) {
    Safe.run("an AI service start", () -> {
      InvocationContext ic = e.invocationContext();
      SpanBuilder b = tracer.span(ic.methodName())
          .kind(SpanKind.AGENT)
          .input(Messages.userText(e.userMessage()))
          .attribute("gen_ai.operation.name", "invoke_agent")
          .attribute("langchain4j.ai_service", ic.interfaceName());
      if (ic.chatMemoryId() != null && !"default".equals(String.valueOf(ic.chatMemoryId()))) {
        b.attribute("langchain4j.memory_id", String.valueOf(ic.chatMemoryId()));
      }
      e.systemMessage().ifPresent(sm -> b.attribute("langchain4j.system_message", sm.text()));
      invocations.started(ic.invocationId(), new Invocations.Invocation(b.start()));
    });
  }

  private void completed(AiServiceCompletedEvent e) {
    Safe.run("an AI service completion", () -> {
      Invocations.Invocation inv = invocations.finished(e.invocationContext().invocationId());
      if (inv == null) {
        return;
      }
      try {
        e.result().ifPresent(r -> inv.agent.output(result(r)));
        inv.agent.ok();
      } finally {
        inv.agent.end();
      }
    });
  }

  private void failed(AiServiceErrorEvent e) {
    Safe.run("an AI service error", () -> {
      Invocations.Invocation inv = invocations.finished(e.invocationContext().invocationId());
      if (inv != null) {
        inv.agent.error(e.error());
        inv.agent.end();
      }
    });
  }

  /**
   * A tool the hooks did not see (the application registered the listeners without {@code instrument}, or
   * replaced our hooks): a TOOL span made now, after the fact, with no timing of its own and no failure flag,
   * because {@link ToolExecutedEvent} carries neither.
   */
  private void toolExecuted(ToolExecutedEvent e) {
    Safe.run("a tool executed event", () -> {
      Invocations.Invocation inv = invocations.find(e.invocationContext());
      if (inv != null && inv.toolsTraced.remove(e.request())) {
        return;
      }
      Span span = Invocations.under(tracer, e.request().name(), inv)
          .kind(SpanKind.TOOL)
          .input(JsonValues.parseOrText(e.request().arguments()))
          .attribute("gen_ai.operation.name", "execute_tool")
          .attribute("agentrace.langchain4j.timing", "event_only")
          .start();
      if (e.request().id() != null) {
        span.attribute("gen_ai.tool.call.id", e.request().id());
      }
      span.output(e.resultText());
      span.end();
    });
  }

  private void guardrail(GuardrailExecutedEvent<?, ?, ?> e, String direction, Supplier<String> checked) {
    Safe.run("a guardrail event", () -> {
      Invocations.Invocation inv = invocations.find(e.invocationContext());
      GuardrailResult<?> result = e.result();
      String verdict = result == null || result.result() == null
          ? "unknown" : result.result().name().toLowerCase(Locale.ROOT);
      SpanBuilder b = Invocations.under(tracer, e.guardrailName(), inv)
          .kind(SpanKind.GUARDRAIL)
          .input(checked.get())
          .attribute("langchain4j.guardrail.direction", direction)
          .attribute("langchain4j.guardrail.verdict", verdict);
      if (e.duration() != null) {
        // The event comes after the guardrail ran; its measured time is this attribute, not the span's.
        b.attribute("langchain4j.guardrail.duration_ms", e.duration().toNanos() / 1e6);
      }
      Span span = b.start();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("verdict", verdict);
      List<String> failures = new ArrayList<>();
      if (result != null) {
        for (Object f : result.failures()) {
          if (f instanceof GuardrailResult.Failure failure) {
            failures.add(failure.message());
          }
        }
        if (result.hasRewrittenResult()) {
          out.put("rewritten", result.successfulText());
        }
      }
      if (!failures.isEmpty()) {
        out.put("failures", failures);
      }
      span.output(out);
      if (result != null && !result.isSuccess()) {
        span.error(direction + " guardrail " + verdict + (failures.isEmpty() ? "" : ": " + failures.get(0)));
      } else {
        span.ok();
      }
      span.end();
    });
  }

  private static String outputText(ChatResponse r) {
    return r == null || r.aiMessage() == null ? null : r.aiMessage().text();
  }

  /** What the service returned, as a payload: the text of a chat response, the content of a {@code Result}. */
  private static Object result(Object r) {
    if (r instanceof ChatResponse cr) {
      AiMessage m = cr.aiMessage();
      return m == null ? null : m.text();
    }
    if (r instanceof Result<?> res) {
      return res.content();
    }
    return r;
  }
}
