package dev.agentrace.examples.spring;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /tickets} {@code {"customer": "...", "question": "..."}} → {@code {"answer": "..."}}. */
@RestController
public class TicketController {
  private final SupportAgent agent;

  /** A controller over {@code agent}. */
  public TicketController(SupportAgent agent) {
    this.agent = agent;
  }

  /** A customer's ticket. */
  public record Ticket(String customer, String question) {}

  /** The agent's reply. */
  public record Reply(String answer) {}

  /** Answers the ticket. */
  @PostMapping("/tickets")
  public Reply answer(@RequestBody Ticket ticket) {
    return new Reply(agent.answer(ticket.customer(), ticket.question()));
  }
}
