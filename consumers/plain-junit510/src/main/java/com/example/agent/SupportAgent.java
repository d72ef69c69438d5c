package com.example.agent;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import java.util.List;

/** The agent under test: a run (root span) with one tool call. */
public final class SupportAgent {
  private final Tracer tracer;

  public SupportAgent(Tracer tracer) {
    this.tracer = tracer;
  }

  public String handle(String ticket) {
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).type("handle_ticket").input(ticket).start()) {
      List<String> hits = tracer.span("web_search").kind(SpanKind.TOOL).type("web_search").input(ticket)
          .call(() -> List.of("Refunds take 5 days"));
      String answer = "Answer: " + hits.get(0);
      run.output(answer).ok();
      return answer;
    }
  }
}
