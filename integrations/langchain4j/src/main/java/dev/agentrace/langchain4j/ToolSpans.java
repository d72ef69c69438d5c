package dev.agentrace.langchain4j;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * TOOL spans from the AI service builder's {@code beforeToolExecution}/{@code afterToolExecution} hooks, which
 * LangChain4j calls on the thread that runs the tool (an executor thread when tools run concurrently) right
 * before and after it: the span has the tool's own start and end, and the failure flag that
 * {@code ToolExecutedEvent} lacks. Its parent is the invocation's AGENT span, found by invocation id, so a
 * tool on a pool thread still nests where it belongs.
 */
final class ToolSpans {
  private final Tracer tracer;
  private final Invocations invocations;
  /** Open tool spans by request, by identity: before and after receive the very same request object. */
  private final Map<ToolExecutionRequest, Span> open = Collections.synchronizedMap(new IdentityHashMap<>());

  ToolSpans(Tracer tracer, Invocations invocations) {
    this.tracer = tracer;
    this.invocations = invocations;
  }

  void before(BeforeToolExecution b) {
    Safe.run("a tool start", () -> {
      ToolExecutionRequest req = b.request();
      Invocations.Invocation inv = invocations.find(b.invocationContext());
      Span span = Invocations.under(tracer, req.name(), inv)
          .kind(SpanKind.TOOL)
          .input(JsonValues.parseOrText(req.arguments()))
          .attribute("gen_ai.operation.name", "execute_tool")
          .start();
      if (req.id() != null) {
        span.attribute("gen_ai.tool.call.id", req.id());
      }
      open.put(req, span);
    });
  }

  void after(ToolExecution t) {
    Safe.run("a tool end", () -> {
      Span span = open.remove(t.request());
      if (span == null) {
        return;
      }
      try {
        Invocations.Invocation inv = invocations.find(t.invocationContext());
        if (inv != null) {
          inv.toolsTraced.add(t.request());
        }
        span.output(t.result());
        if (t.hasFailed()) {
          // LangChain4j hands the model the error handler's text (by default the exception's message) and
          // keeps the exception itself; that text is what the span can say.
          span.error(t.result() == null ? "tool failed" : t.result());
        } else {
          span.ok();
        }
      } finally {
        span.end();
      }
    });
  }
}
