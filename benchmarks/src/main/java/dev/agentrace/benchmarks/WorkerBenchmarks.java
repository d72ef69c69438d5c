package dev.agentrace.benchmarks;

import dev.agentrace.core.ActivitySchema;
import dev.agentrace.core.Conformance;
import dev.agentrace.core.ConformanceStatus;
import dev.agentrace.core.internal.Payloads;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the export worker spends per span, off the agent's threads: the work DESIGN.md moves there so the
 * caller pays only the span object, two clock reads and a queue offer. One benchmark per worker stage as
 * it lands (schema conformance here; percentile recording, OTLP and JSONL encoding join them).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class WorkerBenchmarks {

  @State(Scope.Benchmark)
  public static class Schema {
    ActivitySchema schema;
    /** The chat request of {@link SpanBenchmarks#CHAT} as the SDK captures it, and a typical reply. */
    String chatPayload;
    String chatResult;
    String searchPayload;
    String searchResult;

    @Setup(Level.Trial)
    public void load() {
      // The support agent's schema from sdk-core's tests: nested $defs, enums, patterns, formats.
      schema = ActivitySchema.fromResource("dev/agentrace/benchmarks/support-bot.schema.json");
      chatPayload = Payloads.toJson(SpanBenchmarks.CHAT, 64 * 1024);
      chatResult = Payloads.toJson(Map.of("role", "assistant", "content", "Your order A-1042 arrives on June 12."), 64 * 1024);
      searchPayload = Payloads.toJson(Map.of("query", "acme order tracking", "max_results", 5), 64 * 1024);
      searchResult = Payloads.toJson(List.of(Map.of("url", "https://acme.example/track"), Map.of("url", "https://acme.example/faq")), 64 * 1024);
      for (Conformance c : List.of(chatCheck(), searchCheck())) {
        if (c.status() != ConformanceStatus.CONFORMS) {
          throw new IllegalStateException("benchmark payload does not conform: " + c);
        }
      }
    }

    Conformance chatCheck() {
      return schema.check("llm", chatPayload, chatResult);
    }

    Conformance searchCheck() {
      return schema.check("web_search", searchPayload, searchResult);
    }
  }

  /** Conformance of an LLM span: a 5-message conversation in, the assistant message out. */
  @Benchmark
  public Conformance schemaCheckChat(Schema s) {
    return s.chatCheck();
  }

  /** Conformance of a tool span: a small argument object in, a list of two results out. */
  @Benchmark
  public Conformance schemaCheckSearch(Schema s) {
    return s.searchCheck();
  }
}
