package dev.agentrace.benchmarks;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.sampling.TailSamplingPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What tail sampling holds and spends, measured rather than estimated. Memory: opens {@code --traces} agent runs
 * whose roots stay open, each with an LLM call (the 5-message chat as input, a reply, token usage) and a tool
 * call ended under it, so the worker holds two spans per run; the heap retained after GC (the lowest of
 * several readings) with tail sampling on, minus the same run with it off (the spans are exported and
 * become garbage), divided by the spans held, is the memory per buffered span. CPU: the export worker
 * thread's CPU time per span over complete runs (3 spans each), on and off, the worker's cost per span
 * without the producer's; the difference is what tail sampling adds. Then the wall time per span end to end
 * (as {@code TailSamplingBenchmarks.pipeline}), off and on alternately in one JVM.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.agentrace.benchmarks.TailMemory [--traces 20000] [--runs 200000]
 * </pre>
 */
public final class TailMemory {
  private TailMemory() {}

  public static void main(String[] args) throws Exception {
    int traces = 20_000;
    int runs = 200_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--traces" -> traces = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: TailMemory [--traces N] [--runs N]");
      }
    }
    long off = retained(traces, false);
    long on = retained(traces, true);
    long spans = 2L * traces;
    System.out.printf(Locale.ROOT, "memory: %,d open runs, %,d spans held; retained after GC off %,d B, on %,d B"
        + " => %,d B per buffered span%n", traces, spans, off, on, (on - off) / spans);
    // CPU: warm both up once, then alternate off and on five times and take each side's median.
    workerCpu(runs / 4, false);
    workerCpu(runs / 4, true);
    double[] offs = new double[5];
    double[] ons = new double[5];
    for (int i = 0; i < offs.length; i++) {
      offs[i] = workerCpu(runs, false);
      ons[i] = workerCpu(runs, true);
    }
    java.util.Arrays.sort(offs);
    java.util.Arrays.sort(ons);
    double cpuOff = offs[2];
    double cpuOn = ons[2];
    System.out.printf(Locale.ROOT, "worker CPU per span (%,d runs of 3 spans, median of 5): off %.0f ns (%.0f-%.0f),"
        + " on %.0f ns (%.0f-%.0f) => tail sampling adds %.0f ns per span%n", runs, cpuOff, offs[0], offs[4], cpuOn,
        ons[0], ons[4], cpuOn - cpuOff);
    // Wall time end to end, as JMH's TailSamplingBenchmarks.pipeline, but off and on alternately in one JVM,
    // so both sides meet the same machine: on a busy one, separate JMH runs differ by more than tail sampling.
    for (int i = 0; i < 3; i++) {
      wallPerSpan(300, false);
      wallPerSpan(300, true);
    }
    double[] wallOff = new double[4];
    double[] wallOn = new double[4];
    for (int i = 0; i < wallOff.length; i++) {
      wallOff[i] = wallPerSpan(600, false);
      wallOn[i] = wallPerSpan(600, true);
    }
    java.util.Arrays.sort(wallOff);
    java.util.Arrays.sort(wallOn);
    System.out.printf(Locale.ROOT, "end to end per span (171 runs then flush, x600, 4 alternations): off %.0f-%.0f ns,"
        + " on %.0f-%.0f ns%n", wallOff[0], wallOff[3], wallOn[0], wallOn[3]);
  }

  /** Wall nanoseconds per span for {@code flushes} rounds of 171 runs and a flush. */
  private static double wallPerSpan(int flushes, boolean tail) {
    AgentraceSdk sdk = sdk(tail);
    Tracer tracer = sdk.tracer();
    long start = System.nanoTime();
    for (int k = 0; k < flushes; k++) {
      for (int j = 0; j < TailSamplingBenchmarks.TRACES; j++) {
        TailSamplingBenchmarks.trace(tracer, k * TailSamplingBenchmarks.TRACES + j);
      }
      sdk.flush(Duration.ofSeconds(60));
    }
    double perSpan = (double) (System.nanoTime() - start) / ((long) flushes * TailSamplingBenchmarks.SPANS);
    sdk.shutdown(Duration.ofSeconds(60));
    return perSpan;
  }

  private static AgentraceSdk sdk(boolean tail) {
    AgentraceSdk.Builder b = AgentraceSdk.builder().shutdownHook(false).exporter(new CountingExporter());
    if (tail) {
      b.tailSampling(TailSamplingPolicy.builder().keepErrors().ratio(0.1).maxTraces(Integer.MAX_VALUE)
          .maxBytes(Long.MAX_VALUE).decisionTimeout(Duration.ofHours(1)).build());
    }
    return b.build();
  }

  /** Heap retained after GC with {@code traces} open runs of 2 ended children each. */
  private static long retained(int traces, boolean tail) throws InterruptedException {
    AgentraceSdk sdk = sdk(tail);
    Tracer tracer = sdk.tracer();
    long before = usedAfterGc();
    List<Span> roots = new ArrayList<>(traces);
    for (int i = 0; i < traces; i++) {
      Span root = tracer.span("handle_ticket").kind(SpanKind.AGENT).noParent().input("Where is my order #A-1042?").start();
      roots.add(root);
      Span llm = tracer.span("plan").kind(SpanKind.LLM).model("gpt-4o").parent(root.context())
          .input(SpanBenchmarks.CHAT).start();
      llm.output(Map.of("role", "assistant", "content", "Let me check the carrier.")).usage(412, 38).end();
      tracer.span("lookup_order").kind(SpanKind.TOOL).parent(root.context()).input(Map.of("order", "A-1042"))
          .start().end();
    }
    sdk.flush(Duration.ofSeconds(60));
    long after = usedAfterGc();
    for (Span r : roots) {
      r.end();
    }
    SdkStats s = sdk.shutdown(Duration.ofSeconds(60));
    if (s.spansExported() + s.spansDropped() != s.spansStarted()) {
      throw new IllegalStateException("accounting off: " + s);
    }
    return after - before;
  }

  /** The export worker's CPU nanoseconds per span over {@code runs} complete runs. */
  private static double workerCpu(int runs, boolean tail) {
    AgentraceSdk sdk = sdk(tail);
    Tracer tracer = sdk.tracer();
    TailSamplingBenchmarks.trace(tracer, 0);
    sdk.flush(Duration.ofSeconds(60));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long worker = workerThreadId(threads);
    long cpu0 = threads.getThreadCpuTime(worker);
    for (int i = 0; i < runs; i++) {
      TailSamplingBenchmarks.trace(tracer, i);
      if ((i & 1023) == 1023) {
        // Keeps the queue from overflowing on a machine with fewer free cores than threads.
        sdk.flush(Duration.ofSeconds(60));
      }
    }
    sdk.flush(Duration.ofSeconds(60));
    long cpu = threads.getThreadCpuTime(worker) - cpu0;
    SdkStats s = sdk.shutdown(Duration.ofSeconds(60));
    long processed = 3L * runs;
    if (s.spansDropped() - s.dropped(dev.agentrace.core.export.DropReason.TAIL_SAMPLED) != 0) {
      System.out.println("  (note: spans lost before the worker: " + s.droppedByReason() + ")");
    }
    return (double) cpu / processed;
  }

  private static long workerThreadId(ThreadMXBean threads) {
    long found = -1;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().equals("agentrace-export")) {
        found = t.getThreadId();
      }
    }
    if (found < 0) {
      throw new IllegalStateException("no agentrace-export thread");
    }
    return found;
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
