package dev.agentrace.examples.spring;

import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.stereotype.Service;

/**
 * Answers a ticket with Spring AI's {@code ChatClient} and the order tool. The one line of Agentrace code is
 * the ticket's own AGENT span; everything inside it (the chat client, its advisor, each model call and the
 * tool call) is traced by the starter from Spring AI's observations.
 */
@Service
public class SupportAgent {
  private final ChatClient chat;
  private final Tracer tracer;

  /** Built by Spring from the auto-configured {@code ChatClient.Builder} and {@code Tracer}. */
  public SupportAgent(ChatClient.Builder chat, OrderTools tools, Tracer tracer) {
    this.chat = chat
        .defaultSystem("You are the support agent of an online shop. Use the tools to look orders up.")
        .defaultTools(tools)
        .build();
    this.tracer = tracer;
  }

  /** The answer to {@code question}, from customer {@code customer}. */
  public String answer(String customer, String question) {
    return tracer.span("handle_ticket").kind(SpanKind.AGENT).user(customer).input(question)
        .call(() -> chat.prompt().user(question).call().content());
  }
}
