package com.example.support;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import java.util.List;

/** A support agent: each ticket is a run (the root span) that searches a knowledge base (a child span). */
public final class SupportAgent {
  /** One knowledge-base article the search found. */
  public record Hit(String text) {}

  /** The knowledge-base search, the agent's tool. */
  public interface Search {
    List<Hit> find(String query);
  }

  private final Tracer tracer;
  private final Search search;

  public SupportAgent(Tracer tracer, Search search) {
    this.tracer = tracer;
    this.search = search;
  }

  // doc:agent
  public String handle(String ticket) {
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).input(ticket).start()) {
      try {
        List<Hit> hits = tracer.span("web_search").kind(SpanKind.TOOL).input(ticket)
            .call(() -> search.find(ticket));     // output, status and errors recorded for you
        String answer = answer(hits);
        run.output(answer).ok();                  // closing alone would leave the status UNSET
        return answer;
      } catch (RuntimeException e) {
        run.error(e);                             // try-with-resources cannot see the exception
        throw e;
      }
    }
  }
  // doc:end

  private static String answer(List<Hit> hits) {
    return hits.isEmpty() ? "Sorry, I found nothing." : hits.get(0).text();
  }
}
