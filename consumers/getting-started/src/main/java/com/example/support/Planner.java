package com.example.support;

import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import java.util.List;
import java.util.Map;

/** A model call as an LLM span: the model, the messages in, the reply out, the token usage. */
public final class Planner {
  /** What the chat model returned. */
  public record Reply(String text, long inputTokens, long outputTokens) {}

  /** The chat model's client. */
  public interface ChatClient {
    Reply chat(List<Map<String, String>> messages);
  }

  private final Tracer tracer;
  private final ChatClient client;

  public Planner(Tracer tracer, ChatClient client) {
    this.tracer = tracer;
    this.client = client;
  }

  public String plan(String ticket) {
    List<Map<String, String>> messages = List.of(
        Map.of("role", "system", "content", "Plan the reply to a support ticket."),
        Map.of("role", "user", "content", ticket));
    return tracer.span("plan").kind(SpanKind.LLM).model("gpt-4o").input(messages).call(() -> {
      Reply r = client.chat(messages);
      tracer.currentSpan().usage(r.inputTokens(), r.outputTokens());
      return r.text();
    });
  }
}
