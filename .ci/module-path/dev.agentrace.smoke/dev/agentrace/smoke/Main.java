package dev.agentrace.smoke;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import dev.agentrace.schema.ActivitySchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Traces one agent run on the module path, with a schema check and a JSONL file, and exits non-zero unless
 * every span reached the file and the tool span conforms. A split package or a class that only the class path can reach
 * fails here, at resolution or at the first call.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Path out = Files.createTempFile("agentrace-module-path", ".jsonl");
    ActivitySchema schema = ActivitySchema.fromJson(
        "{\"types\":{\"web_search\":{\"payload\":{\"type\":\"object\",\"required\":[\"query\"]}}}}");
    AgentraceSdk sdk = AgentraceSdk.builder().agent("module-path-smoke").shutdownHook(false)
        .activitySchema(schema).exporter(JsonlExporter.create(out)).build();
    Tracer tracer = sdk.tracer();
    try (Span run = tracer.span("handle").kind(SpanKind.AGENT).input("hello").start()) {
      List<String> hits = tracer.span("search").kind(SpanKind.TOOL).type("web_search")
          .input(Map.of("query", "weather")).call(() -> List.of("sunny"));
      run.output(hits.get(0));
    }
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(10));
    List<String> lines = Files.readAllLines(out);
    Files.delete(out);
    // Two live start events and two ended spans; the tool span was checked against the schema and conforms.
    boolean ok = stats.spansExported() == 2 && lines.size() == 4
        && lines.stream().anyMatch(l -> l.contains("\"name\":\"search\"") && l.contains("\"status\":\"CONFORMS\""));
    System.out.println((ok ? "module path OK: " : "module path FAILED: ") + stats + " " + lines.size() + " lines");
    if (!ok) {
      System.exit(1);
    }
  }
}
