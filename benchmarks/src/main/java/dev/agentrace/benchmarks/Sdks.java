package dev.agentrace.benchmarks;

import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.Sampler;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The two SDKs under test, configured alike: each SDK's default batching over an exporter that discards
 * spans and counts them. Nothing else is tuned on either side, so the figures are what a user gets.
 */
public final class Sdks {
  private static final Duration FLUSH = Duration.ofSeconds(30);
  /**
   * OpenTelemetry's batch processor logs every drop through java.util.logging, thousands of lines a
   * second under load, which would slow its own benchmark and bury the results; the delivery counters
   * report drops instead. Held here because java.util.logging keeps loggers only weakly.
   */
  private static final java.util.logging.Logger OTEL_LOG = java.util.logging.Logger.getLogger("io.opentelemetry");

  private Sdks() {}

  /** Agentrace's default builder (batching pipeline, always-on sampling) over a counting exporter. */
  @State(Scope.Benchmark)
  public static class Agentrace {
    final CountingExporter exporter = new CountingExporter();
    AgentraceSdk sdk;
    Tracer tracer;

    Sampler sampler() {
      return Sampler.alwaysOn();
    }

    AgentraceSdk.Builder configure(AgentraceSdk.Builder b) {
      return b;
    }

    @Setup(Level.Trial)
    public void start() {
      sdk = configure(AgentraceSdk.builder()).sampler(sampler()).exporter(exporter).build();
      tracer = sdk.tracer();
    }

    @TearDown(Level.Trial)
    public void stop() {
      sdk.shutdown(FLUSH);
    }

    long flushAndCount() {
      sdk.flush(FLUSH);
      return exporter.count();
    }
  }

  /** The same with {@link Sampler#alwaysOff()}. */
  @State(Scope.Benchmark)
  public static class AgentraceUnsampled extends Agentrace {
    @Override
    Sampler sampler() {
      return Sampler.alwaysOff();
    }
  }

  /**
   * Not a default: the export worker's metrics and risk stages turned off, leaving the pipeline alone.
   * A diagnostic beside the default pairs, to show what the worker's per-span work costs in delivery (a
   * worker slower per span than a producer drops under saturation) and in the producer's own time (the
   * worker shares the machine and the spans' cache lines).
   */
  @State(Scope.Benchmark)
  public static class AgentraceNoWorkerStages extends Agentrace {
    @Override
    AgentraceSdk.Builder configure(AgentraceSdk.Builder b) {
      return b.metrics(false).riskScanning(false);
    }
  }

  /** {@link AgentraceDelivery} for {@link AgentraceNoWorkerStages}. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class AgentraceNoWorkerStagesDelivery {
    public long spans;
    public long exported;
    private boolean reporter;
    private long base;

    @Setup(Level.Iteration)
    public void begin(ThreadParams thread, AgentraceNoWorkerStages sdk) {
      spans = 0;
      exported = 0;
      reporter = thread.getThreadIndex() == 0;
      base = sdk.exporter.count();
    }

    @TearDown(Level.Iteration)
    public void end(AgentraceNoWorkerStages sdk) {
      if (reporter) {
        exported = sdk.flushAndCount() - base;
      }
    }
  }

  /** OpenTelemetry's SDK with a default {@link BatchSpanProcessor} over a counting exporter. */
  @State(Scope.Benchmark)
  public static class Otel {
    final OtelCountingExporter exporter = new OtelCountingExporter();
    SdkTracerProvider provider;
    io.opentelemetry.api.trace.Tracer tracer;

    io.opentelemetry.sdk.trace.samplers.Sampler sampler() {
      return io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn();
    }

    @Setup(Level.Trial)
    public void start() {
      OTEL_LOG.setLevel(java.util.logging.Level.OFF);
      provider = SdkTracerProvider.builder()
          .setSampler(sampler())
          .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
          .build();
      tracer = provider.get("dev.agentrace.benchmarks");
    }

    @TearDown(Level.Trial)
    public void stop() {
      provider.shutdown().join(FLUSH.toSeconds(), TimeUnit.SECONDS);
    }

    long flushAndCount() {
      provider.forceFlush().join(FLUSH.toSeconds(), TimeUnit.SECONDS);
      return exporter.count();
    }
  }

  /** The same with {@code Sampler.alwaysOff()}. */
  @State(Scope.Benchmark)
  public static class OtelUnsampled extends Otel {
    @Override
    io.opentelemetry.sdk.trace.samplers.Sampler sampler() {
      return io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff();
    }
  }

  /**
   * What reached the exporter, so that a benchmark cannot look fast by dropping spans: {@code spans}
   * counts the spans each benchmark thread ended in the iteration (warm-up and warm-down operations of
   * synchronised iterations included), {@code exported} the spans the exporter received, read after a
   * flush at the end of the iteration (all threads have stopped by then: JMH's pre-tear-down barrier) and
   * credited to thread 0 so that JMH's per-thread sums add up. {@code exported / spans} below 1 means
   * spans were dropped. (JMH reads counters only from fields declared on the annotated class, hence one
   * class per SDK.)
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class AgentraceDelivery {
    public long spans;
    public long exported;
    /**
     * CPU time the export worker thread used in the iteration (flush included), credited like {@code exported}:
     * divided by {@code exported} it is the worker's cost per span on one core, whatever the producers did.
     */
    public long workerCpuNanos;
    private boolean reporter;
    private long base;
    private long cpuBase;

    @Setup(Level.Iteration)
    public void begin(ThreadParams thread, Agentrace sdk) {
      spans = 0;
      exported = 0;
      workerCpuNanos = 0;
      reporter = thread.getThreadIndex() == 0;
      base = sdk.exporter.count();
      cpuBase = workerCpu();
    }

    @TearDown(Level.Iteration)
    public void end(Agentrace sdk) {
      if (reporter) {
        exported = sdk.flushAndCount() - base;
        workerCpuNanos = workerCpu() - cpuBase;
      }
    }
  }

  /**
   * CPU nanoseconds used so far by the threads named {@code agentrace-export} (one per SDK; a benchmark's fork
   * builds one SDK), or 0 where the JVM cannot measure thread CPU time.
   */
  static long workerCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    if (!mx.isThreadCpuTimeSupported()) {
      return 0;
    }
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("agentrace-export")) {
        sum += Math.max(0, mx.getThreadCpuTime(t.threadId()));
      }
    }
    return sum;
  }

  /** {@link AgentraceDelivery} for {@link Otel}. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class OtelDelivery {
    public long spans;
    public long exported;
    private boolean reporter;
    private long base;

    @Setup(Level.Iteration)
    public void begin(ThreadParams thread, Otel sdk) {
      spans = 0;
      exported = 0;
      reporter = thread.getThreadIndex() == 0;
      base = sdk.exporter.count();
    }

    @TearDown(Level.Iteration)
    public void end(Otel sdk) {
      if (reporter) {
        exported = sdk.flushAndCount() - base;
      }
    }
  }
}
