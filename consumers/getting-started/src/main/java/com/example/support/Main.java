package com.example.support;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.exporters.console.ConsoleExporter;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import java.time.Duration;
import java.util.List;

/** Creates the SDK once, handles one ticket, and shuts the SDK down. Argument: the OTLP endpoint. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    String endpoint = args.length > 0 ? args[0] : "http://localhost:4318";
    AgentraceSdk sdk = AgentraceSdk.builder()
        .agent("support-bot").version("1.4.2").environment("staging")   // stamped on every span
        .exporter(OtlpHttpExporter.builder().endpoint(endpoint).build())
        .exporter(ConsoleExporter.create())                             // the run, live, on stdout
        .build()
        .installAsGlobal();            // optional: Agentrace.tracer() now records into this SDK
    SupportAgent agent = new SupportAgent(sdk.tracer(), query -> List.of(new SupportAgent.Hit("Refunds take 5 days")));
    System.out.println(agent.handle("refund please"));
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(5));   // flushes what is queued
    System.out.println(stats);
  }
}
