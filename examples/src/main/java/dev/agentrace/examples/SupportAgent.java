package dev.agentrace.examples;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A small support agent instrumented the way the README shows: an AGENT span per ticket, LLM spans
 * for the plan and the answer, TOOL spans fanned out in parallel on an executor, a failing tool that
 * the agent survives, a model call retried after a rate limit, and a scripted judge's quality score.
 */
final class SupportAgent {
  record Ticket(String id, String customer, String text, String orderId) {}

  private final Tracer tracer;
  private final FakeModel model;
  private final FakeTools tools;
  private final double pace;

  SupportAgent(Tracer tracer, FakeModel model, FakeTools tools, double pace) {
    this.tracer = tracer;
    this.model = model;
    this.tools = tools;
    this.pace = pace;
  }

  String handle(Ticket ticket, ExecutorService toolPool) {
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).session(ticket.customer())
        .user(ticket.customer()).input(ticket).start()) {
      try {
        String plan = tracer.span("plan").kind(SpanKind.LLM).model(model.name())
            .input(messages("PLAN: " + ticket.text())).call(() -> chat("PLAN: " + ticket.text(), false));
        List<String> context = gather(ticket, plan, toolPool);
        String answer = answerWithRetry(ticket, context);
        // A real agent would ask an evaluator model or the customer; the script calls a hedged answer less helpful.
        run.score("helpful", answer.contains("cannot confirm") ? 0.4 : 0.9);
        run.output(Map.of("answer", answer, "context_items", context.size())).ok();
        return answer;
      } catch (RuntimeException e) {
        run.error(e);
        throw e;
      }
    }
  }

  /** Runs the plan's tools in parallel; each task runs as a child of the current span (wrapped pool). */
  private List<String> gather(Ticket ticket, String plan, ExecutorService pool) {
    List<Future<Object>> futures = new ArrayList<>();
    String query = ticket.text();
    futures.add(pool.submit(() -> tracer.span("kb_search").kind(SpanKind.RETRIEVAL).type("kb_search")
        .input(Map.of("query", query, "top_k", 2)).call(() -> tools.kbSearch(query))));
    if (ticket.orderId() != null) {
      futures.add(pool.submit(() -> tracer.span("order_lookup").kind(SpanKind.TOOL).type("order_lookup")
          .input(Map.of("order_id", ticket.orderId())).call(() -> tools.orderLookup(ticket.orderId()))));
    }
    if (plan.contains("web")) {
      futures.add(pool.submit(() -> tracer.span("web_search").kind(SpanKind.TOOL).type("web_search")
          .input(Map.of("query", "service status " + query)).call(() -> tools.webSearch("service status " + query))));
    }
    List<String> context = new ArrayList<>();
    for (Future<Object> f : futures) {
      try {
        context.add(String.valueOf(f.get()));
      } catch (ExecutionException e) {
        // The tool's span already recorded the error; the agent answers with what it has.
        context.add("unavailable: " + e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return context;
  }

  /** Retries a rate-limited model call with backoff; every attempt is its own LLM span. */
  private String answerWithRetry(Ticket ticket, List<String> context) {
    String prompt = "ANSWER: " + ticket.text() + " CONTEXT: " + context;
    for (int attempt = 1; ; attempt++) {
      try {
        return tracer.span("answer").kind(SpanKind.LLM).model(model.name()).attribute("attempt", attempt)
            .input(messages(prompt)).call(() -> chat(prompt, true));
      } catch (FakeModel.RateLimitedException e) {
        if (attempt == 3) {
          throw e;
        }
        FakeModel.sleep(200L * attempt, pace);
      }
    }
  }

  private String chat(String prompt, boolean mayRateLimit) {
    FakeModel.Reply r = model.chat(messages(prompt), mayRateLimit);
    tracer.currentSpan().usage(r.inputTokens(), r.outputTokens(), r.cachedTokens(), 0);
    return r.text();
  }

  private static List<Map<String, String>> messages(String prompt) {
    return List.of(
        Map.of("role", "system", "content", "You are a concise, friendly support agent for Example Inc."),
        Map.of("role", "user", "content", prompt));
  }
}
