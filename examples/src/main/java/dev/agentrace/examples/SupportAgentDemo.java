package dev.agentrace.examples;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo: a simulated support agent (scripted model and tools, no network) handles three tickets
 * while Agentrace traces every step; at the end each trace is printed as a tree.
 */
public final class SupportAgentDemo {
  private SupportAgentDemo() {}

  /** Runs the demo. */
  public static void main(String[] args) throws Exception {
    TraceTreeReport report = new TraceTreeReport();
    AgentraceSdk sdk = AgentraceSdk.builder()
        .agent("support-bot").version("1.4.2").environment("demo")
        .exporter(report)
        .build()
        .installAsGlobal();

    List<SupportAgent.Ticket> tickets = List.of(
        new SupportAgent.Ticket("T-1", "cust-42", "I want a refund for order A-1001", "A-1001"),
        new SupportAgent.Ticket("T-2", "cust-7", "Your service was down this morning, what happened?", null),
        new SupportAgent.Ticket("T-3", "cust-42", "How do I change my password?", null));

    SupportAgent agent = new SupportAgent(sdk.tracer(), new FakeModel("gpt-4o-mini", 1), new FakeTools(15));
    try (ExecutorService platformPool = sdk.tracer().wrap(Executors.newFixedThreadPool(3));
         ExecutorService virtualThreads = sdk.tracer().wrap(Executors.newVirtualThreadPerTaskExecutor())) {
      for (int i = 0; i < tickets.size(); i++) {
        SupportAgent.Ticket ticket = tickets.get(i);
        ExecutorService pool = i % 2 == 0 ? platformPool : virtualThreads;
        String answer = agent.handle(ticket, pool);
        System.out.println(ticket.id() + " (" + ticket.customer() + "): " + answer);
      }
    }

    sdk.flush(Duration.ofSeconds(5));
    System.out.println();
    report.print(System.out);
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(5));
    System.out.println("spans started " + stats.spansStarted() + ", exported " + stats.spansExported()
        + ", dropped " + stats.spansDropped());
  }
}
