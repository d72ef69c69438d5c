package dev.agentrace.benchmarks;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.sampling.TailSamplingPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tail sampling costs the export worker. {@code pipeline} records 171 agent-shaped traces (513 spans: an
 * agent run, an LLM call with the 5-message chat as input, a tool call) and flushes, so one operation is one
 * span through the whole pipeline, producer and worker; the worker, which runs every stage on every span, is
 * the slower side, so the time per span is the worker's, and {@code tail=on} minus {@code tail=off} is what
 * holding and deciding traces adds to it. {@code decide} is the policy's decision alone, on one 3-span trace.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TailSamplingBenchmarks -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class TailSamplingBenchmarks {
  static final int TRACES = 171;
  static final int SPANS = 3 * TRACES;

  /** The policy a team would start with: failures, slow or expensive runs, low faithfulness, 10 % of the rest. */
  static TailSamplingPolicy policy() {
    return TailSamplingPolicy.builder()
        .keepErrors()
        .keepSlowerThan(Duration.ofSeconds(30))
        .keepCostAbove(1.00)
        .keepScoreBelow("faithfulness", 0.5)
        .ratio(0.1)
        .build();
  }

  /** One agent run as the benchmarks record it: 3 spans. */
  static void trace(Tracer tracer, int i) {
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).session("session-" + (i & 63))
        .input("Where is my order #A-1042?").start()) {
      try (Span llm = tracer.span("plan").kind(SpanKind.LLM).model("gpt-4o").input(SpanBenchmarks.CHAT).start()) {
        llm.output(Map.of("role", "assistant", "content", "Let me check the carrier.")).usage(412, 38);
      }
      tracer.span("lookup_order").kind(SpanKind.TOOL).input(Map.of("order", "A-1042"))
          .call(() -> Map.of("status", "in_transit", "eta", "2025-06-12"));
      run.output("Your order arrives on June 12.");
    }
  }

  @State(Scope.Benchmark)
  public static class Pipeline {
    @Param({"off", "on"})
    public String tail;
    final CountingExporter exporter = new CountingExporter();
    AgentraceSdk sdk;
    Tracer tracer;
    int next;

    @Setup(Level.Trial)
    public void start() {
      AgentraceSdk.Builder b = AgentraceSdk.builder().shutdownHook(false).exporter(exporter);
      if ("on".equals(tail)) {
        b.tailSampling(policy());
      }
      sdk = b.build();
      tracer = sdk.tracer();
    }

    @TearDown(Level.Trial)
    public void stop() {
      sdk.shutdown(Duration.ofSeconds(30));
    }
  }

  /** 3 frozen spans of one trace, as the worker hands them to the policy. */
  @State(Scope.Benchmark)
  public static class OneTrace {
    List<SpanData> spans;
    TailSamplingPolicy policy;

    @Setup(Level.Trial)
    public void record() {
      List<SpanData> captured = Collections.synchronizedList(new ArrayList<>());
      AgentraceSdk sdk = AgentraceSdk.builder().shutdownHook(false).exporter(batch -> {
        captured.addAll(batch);
        return ExportResult.success();
      }).build();
      trace(sdk.tracer(), 0);
      sdk.shutdown(Duration.ofSeconds(30));
      spans = List.copyOf(captured);
      policy = policy();
    }
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public long pipeline(Pipeline p) {
    for (int i = 0; i < TRACES; i++) {
      trace(p.tracer, p.next++);
    }
    p.sdk.flush(Duration.ofSeconds(30));
    return p.exporter.count();
  }

  @Benchmark
  public boolean decide(OneTrace t) {
    return t.policy.keeps(t.spans);
  }
}
