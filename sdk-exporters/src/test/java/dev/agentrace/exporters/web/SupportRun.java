package dev.agentrace.exporters.web;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import java.util.List;
import java.util.Map;

/** One support-agent run, the same in every web test: a question, two model calls, a tool that works, one that fails. */
final class SupportRun {
  private SupportRun() {}

  /** Records the run and returns its trace id; {@code paced} spaces the steps a few milliseconds apart. */
  static String record(Tracer tracer, boolean paced) throws InterruptedException {
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).input("Where is my order 1234?").start()) {
      try (Span plan = tracer.span("plan").kind(SpanKind.LLM).model("gpt-4o").input(List.of(
          Map.of("role", "system", "content", "You are a support agent."),
          Map.of("role", "user", "content", "Where is my order 1234?"))).start()) {
        pause(paced, 12);
        plan.output("Let me look that up.").usage(120, 30);
        plan.score("helpful", 0.8);
      }
      try (Span tool = tracer.span("order_lookup").kind(SpanKind.TOOL).type("order_lookup").input(Map.of("order", "1234"))
          .start()) {
        pause(paced, 20);
        tool.output(Map.of("status", "shipped"));
      }
      try (Span refund = tracer.span("refund").kind(SpanKind.TOOL).type("refund").input(Map.of("order", "1234")).start()) {
        pause(paced, 5);
        refund.error(new IllegalStateException("refunds are closed today"));
      }
      try (Span answer = tracer.span("answer").kind(SpanKind.LLM).model("gpt-4o").input(List.of(
          Map.of("role", "user", "content", "Where is my order 1234?"),
          Map.of("role", "tool", "content", "{\"status\":\"shipped\"}"))).start()) {
        pause(paced, 15);
        answer.output("Your order 1234 has shipped.").usage(200, 40);
      }
      run.output("Your order 1234 has shipped.");
      return run.context().traceId();
    }
  }

  private static void pause(boolean paced, long millis) throws InterruptedException {
    if (paced) {
      Thread.sleep(millis);
    }
  }
}
