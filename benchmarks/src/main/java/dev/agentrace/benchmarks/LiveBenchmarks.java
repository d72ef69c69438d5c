package dev.agentrace.benchmarks;

import dev.agentrace.api.Span;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How soon a live exporter (the console, the live web view) sees a step start: the time from {@code start()}
 * on the agent's thread until the exporter's {@code export} call holds the start event, sampled per start
 * (JMH's sample mode gives the percentiles). The SDK is at its defaults (200 ms batch delay) with a live
 * exporter beside an ordinary batching one, as a user with the console and an OTLP backend has; the batching
 * exporter must still get batches by size or age, which the trial's end checks.
 *
 * <p>{@code liveStart_idle} pauses a millisecond before each start, so the worker has gone to sleep and must
 * be woken, as between an agent's steps; {@code liveStart_busy} starts the next step as soon as the last one
 * was seen.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class LiveBenchmarks {

  /** A live exporter that only counts the start events it was handed. */
  static final class LiveCounter implements SpanExporter {
    final AtomicLong starts = new AtomicLong();

    @Override
    public ExportResult export(List<SpanData> batch) {
      long n = 0;
      for (SpanData s : batch) {
        if (!s.ended()) {
          n++;
        }
      }
      if (n > 0) {
        starts.addAndGet(n);
      }
      return ExportResult.success();
    }

    @Override
    public boolean exportsStarts() {
      return true;
    }
  }

  /** An ordinary exporter (a network backend's stand-in) that counts its batches and spans. */
  static final class BatchCounter implements SpanExporter {
    final AtomicLong batches = new AtomicLong();
    final AtomicLong spans = new AtomicLong();

    @Override
    public ExportResult export(List<SpanData> batch) {
      batches.incrementAndGet();
      spans.addAndGet(batch.size());
      return ExportResult.success();
    }
  }

  @State(Scope.Benchmark)
  public static class Live {
    final LiveCounter live = new LiveCounter();
    final BatchCounter network = new BatchCounter();
    AgentraceSdk sdk;
    Tracer tracer;
    long started;
    long trialStart;

    @Setup(Level.Trial)
    public void start() {
      sdk = AgentraceSdk.builder().exporter(network).exporter(live).build();
      tracer = sdk.tracer();
      trialStart = System.nanoTime();
    }

    @TearDown(Level.Trial)
    public void stop() {
      double seconds = (System.nanoTime() - trialStart) / 1e9;
      sdk.shutdown(Duration.ofSeconds(30));
      long batches = network.batches.get();
      long spans = network.spans.get();
      System.out.printf("%nbatching exporter: %d spans in %d batches over %.1f s (%.1f batches/s)%n", spans, batches,
          seconds, batches / seconds);
      // The live path must not turn the other exporters' batches into one per step: at the 200 ms batch delay
      // they get about five a second (more only when 512 spans fill one first).
      if (batches > Math.max(10, 2 * (seconds * 5 + spans / 512.0))) {
        throw new IllegalStateException("the batching exporter got " + batches + " batches for " + spans
            + " spans in " + seconds + " s: the live path cut its batches short");
      }
    }

    /** Waits until the live exporter has seen the start just made. */
    void awaitSeen() {
      long want = ++started;
      while (live.starts.get() < want) {
        Thread.onSpinWait();
      }
    }
  }

  /** Between steps: the worker has emptied the queue and parked by the time the next step starts. */
  @State(Scope.Thread)
  public static class Pause {
    @Setup(Level.Invocation)
    public void idle() {
      LockSupport.parkNanos(1_000_000);
    }
  }

  @Benchmark
  public void liveStart_idle(Live l, Pause p) {
    Span s = l.tracer.span("step").start();
    l.awaitSeen();
    s.end();
  }

  @Benchmark
  public void liveStart_busy(Live l) {
    Span s = l.tracer.span("step").start();
    l.awaitSeen();
    s.end();
  }
}
