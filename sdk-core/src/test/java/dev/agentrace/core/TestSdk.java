package dev.agentrace.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Builders for SDKs under test: no shutdown hook, a settable clock, a capturing exporter. */
final class TestSdk {
  static final Duration WAIT = Duration.ofSeconds(10);

  final AtomicLong now = new AtomicLong(1_700_000_000_000_000_000L);
  final CapturingExporter exporter;
  final AgentraceSdk sdk;

  private TestSdk(CapturingExporter exporter, AgentraceSdk.Builder builder) {
    this.exporter = exporter;
    this.sdk = builder.exporter(exporter).clock(now::get).shutdownHook(false).build();
  }

  static TestSdk create() {
    return new TestSdk(new CapturingExporter(), AgentraceSdk.builder().agent("test-agent").version("1.0").environment("test"));
  }

  static TestSdk create(AgentraceSdk.Builder builder) {
    return new TestSdk(new CapturingExporter(), builder);
  }

  static TestSdk withStarts() {
    return new TestSdk(new CapturingExporter(true), AgentraceSdk.builder().agent("test-agent"));
  }

  dev.agentrace.api.Tracer tracer() {
    return sdk.tracer();
  }

  void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  java.util.List<SpanData> flushAndGet() {
    if (!sdk.flush(WAIT)) {
      throw new AssertionError("flush timed out");
    }
    return exporter.spans();
  }

  SpanData span(String name) {
    flushAndGet();
    return exporter.span(name);
  }
}
