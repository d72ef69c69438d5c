package dev.agentrace.exporters;

import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.IdGenerator;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.export.SpanExporter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real SDK for exporter tests: the exporters under test behind the real batching pipeline, a clock the
 * test moves by hand and sequential ids, so what reaches an exporter is exactly what an agent produces,
 * yet reproducible to the nanosecond.
 */
public final class TestSdk implements AutoCloseable {
  /** 2023-11-14T22:13:20Z, the clock's start. */
  public static final long T0 = 1_700_000_000_000_000_000L;
  public static final Duration WAIT = Duration.ofSeconds(10);

  public final AtomicLong now = new AtomicLong(T0);
  public final AgentraceSdk sdk;

  private TestSdk(SpanExporter... exporters) {
    AgentraceSdk.Builder b = AgentraceSdk.builder()
        .agent("support-bot").version("1.4.2").environment("staging")
        .clock(now::get)
        .idGenerator(IdGenerator.sequential())
        .batchDelay(Duration.ofMillis(20))
        .shutdownHook(false);
    for (SpanExporter e : exporters) {
      b.exporter(e);
    }
    this.sdk = b.build();
  }

  public static TestSdk with(SpanExporter... exporters) {
    return new TestSdk(exporters);
  }

  public Tracer tracer() {
    return sdk.tracer();
  }

  public void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  /** Flushes every exporter, failing the test if that does not finish in time. */
  public void flush() {
    if (!sdk.flush(WAIT)) {
      throw new AssertionError("flush did not finish within " + WAIT);
    }
  }

  public SdkStats stats() {
    return sdk.stats();
  }

  @Override
  public void close() {
    sdk.shutdown(WAIT);
  }
}
