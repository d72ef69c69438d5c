package dev.agentrace.core;

import dev.agentrace.core.data.SpanData;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Builders for SDKs under test: no shutdown hook, a settable clock, a capturing exporter. */
public final class TestSdk {
  public static final Duration WAIT = Duration.ofSeconds(10);

  public final AtomicLong now = new AtomicLong(1_700_000_000_000_000_000L);
  public final CapturingExporter exporter;
  public final AgentraceSdk sdk;

  private TestSdk(CapturingExporter exporter, AgentraceSdk.Builder builder) {
    this.exporter = exporter;
    this.sdk = builder.exporter(exporter).clock(now::get).shutdownHook(false).build();
  }

  public static TestSdk create() {
    return new TestSdk(new CapturingExporter(), AgentraceSdk.builder().agent("test-agent").version("1.0").environment("test"));
  }

  public static TestSdk create(AgentraceSdk.Builder builder) {
    return new TestSdk(new CapturingExporter(), builder);
  }

  public static TestSdk withStarts() {
    return new TestSdk(new CapturingExporter(true), AgentraceSdk.builder().agent("test-agent"));
  }

  public dev.agentrace.api.Tracer tracer() {
    return sdk.tracer();
  }

  public void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  public java.util.List<SpanData> flushAndGet() {
    if (!sdk.flush(WAIT)) {
      throw new AssertionError("flush timed out");
    }
    return exporter.spans();
  }

  public SpanData span(String name) {
    flushAndGet();
    return exporter.span(name);
  }
}
