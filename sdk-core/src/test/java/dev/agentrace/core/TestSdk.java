package dev.agentrace.core;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.internal.WorkerSpan;
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

  /** The export worker's view of a span this SDK started (the span itself, as the pipeline hands it to stages). */
  public static WorkerSpan worker(dev.agentrace.api.Span span) {
    return (WorkerSpan) span;
  }

  /** The live start event the pipeline would hand to stages for {@code span}. */
  public static WorkerSpan startEvent(dev.agentrace.api.Span span) {
    return new StartedSpanView((SdkSpan) span);
  }

  /** Ends {@code span} at {@code epochNanos} instead of now. */
  public static void endAt(dev.agentrace.api.Span span, long epochNanos) {
    ((SdkSpan) span).endAt(epochNanos);
  }

  /**
   * Sets exactly this JSON text as {@code span}'s recorded input and output, bypassing payload capture: pins
   * what the worker sees, whatever rendering capture would apply.
   */
  public static void recordRaw(dev.agentrace.api.Span span, String inputJson, String outputJson) {
    SdkSpan s = (SdkSpan) span;
    s.input = inputJson;
    s.output = outputJson;
  }
}
