package dev.agentrace.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two producer threads ending spans as fast as they can, each SDK at its default settings. The delivery
 * counters show what reached the exporter per span ended: OpenTelemetry's bounded queue (2048) drops
 * what its worker cannot take; Agentrace's must not drop at all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Same heap settings as SpanBenchmarks, for the same reason.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Threads(2)
public class ContendedBenchmarks {

  @Benchmark
  public void startEnd2Threads_agentrace(Sdks.Agentrace a, Sdks.AgentraceDelivery d) {
    a.tracer.span("step").start().end();
    d.spans++;
  }

  @Benchmark
  public void startEnd2Threads_otel(Sdks.Otel o, Sdks.OtelDelivery d) {
    o.tracer.spanBuilder("step").startSpan().end();
    d.spans++;
  }
}
