package dev.agentrace.examples;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.metrics.DriftReport;
import dev.agentrace.core.metrics.MetricsSnapshot;
import dev.agentrace.exporters.console.ConsoleExporter;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import dev.agentrace.schema.ActivitySchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo: a simulated support agent (scripted model and tools, no network) handles three tickets
 * while Agentrace traces every step. The console shows each run unfolding live; every span is also
 * written to {@code agentrace-traces.jsonl}, and with {@code --otlp <url>} sent to an OTLP endpoint.
 */
public final class SupportAgentDemo {
  private SupportAgentDemo() {}

  /** Runs the demo; {@code --otlp <url>} adds an OTLP/HTTP exporter, {@code --jsonl <path>} moves the file. */
  public static void main(String[] args) throws Exception {
    String otlp = null;
    Path jsonl = Path.of("agentrace-traces.jsonl");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--otlp" -> otlp = value(args, ++i, "--otlp");
        case "--jsonl" -> jsonl = Path.of(value(args, ++i, "--jsonl"));
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; use --otlp <url> or --jsonl <path>");
      }
    }
    AgentraceSdk.Builder builder = AgentraceSdk.builder()
        .agent("support-bot").version("1.4.2").environment("demo")
        .activitySchema(ActivitySchema.fromResource("support-bot.schema.json"))
        .exporter(ConsoleExporter.create())
        .exporter(JsonlExporter.create(jsonl));
    if (otlp != null) {
      builder.exporter(OtlpHttpExporter.builder().endpoint(otlp).build());
    }
    AgentraceSdk sdk = builder.build().installAsGlobal();

    List<SupportAgent.Ticket> tickets = List.of(
        new SupportAgent.Ticket("T-1", "cust-42", "I want a refund for order A-1001", "A-1001"),
        new SupportAgent.Ticket("T-2", "cust-7", "Your service was down this morning, what happened?", null),
        new SupportAgent.Ticket("T-3", "cust-42", "How do I change my password?", null));

    SupportAgent agent = new SupportAgent(sdk.tracer(), new FakeModel("gpt-4o-mini", 1), new FakeTools(15));
    try (ExecutorService platformPool = sdk.tracer().wrap(Executors.newFixedThreadPool(3));
         ExecutorService virtualThreads = sdk.tracer().wrap(Executors.newVirtualThreadPerTaskExecutor())) {
      for (int i = 0; i < tickets.size(); i++) {
        // Alternate the tool fan-out between a platform pool and virtual threads: both carry the span.
        agent.handle(tickets.get(i), i % 2 == 0 ? platformPool : virtualThreads);
        sdk.flush(Duration.ofSeconds(5));
      }
    }

    SdkStats stats = sdk.shutdown(Duration.ofSeconds(5));
    System.out.println();
    System.out.println("spans started " + stats.spansStarted() + ", exported " + stats.spansExported()
        + ", dropped " + stats.spansDropped() + "; JSONL written to " + jsonl.toAbsolutePath());

    // Drift: the same agent, two versions, each handling a batch of tickets; 1.5.0 ships a slower web search.
    System.out.println();
    System.out.println("Replaying " + 6 * tickets.size() + " tickets on support-bot 1.4.2 and on 1.5.0 (whose web_search is slower)...");
    MetricsSnapshot baseline = replay("1.4.2", 15, tickets);
    MetricsSnapshot candidate = replay("1.5.0", 70, tickets);
    System.out.println();
    System.out.println(baseline.table());
    System.out.println(DriftReport.compare(baseline, candidate).table());
  }

  /** Runs {@code tickets} six times through a quiet SDK of {@code version} and returns its percentiles. */
  private static MetricsSnapshot replay(String version, long webSearchMillis, List<SupportAgent.Ticket> tickets) {
    AgentraceSdk sdk = AgentraceSdk.builder().agent("support-bot").version(version).environment("demo").build();
    SupportAgent agent = new SupportAgent(sdk.tracer(), new FakeModel("gpt-4o-mini", 0), new FakeTools(webSearchMillis));
    try (ExecutorService pool = sdk.tracer().wrap(Executors.newFixedThreadPool(3))) {
      for (int round = 0; round < 6; round++) {
        for (SupportAgent.Ticket ticket : tickets) {
          agent.handle(ticket, pool);
        }
      }
    }
    sdk.flush(Duration.ofSeconds(5));
    MetricsSnapshot snapshot = sdk.metrics().snapshot();
    sdk.shutdown(Duration.ofSeconds(5));
    return snapshot;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
