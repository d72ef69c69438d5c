package dev.agentrace.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Propagation;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.Sampler;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.data.SpanData;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingTest {

  @Test
  void alwaysOff_traceUnrecordedButContextPropagates() {
    TestSdk t = TestSdk.create(AgentraceSdk.builder().sampler(Sampler.alwaysOff()));
    Map<String, String> headers = new HashMap<>();
    try (Span root = t.tracer().span("root").start()) {
      assertThat(root.isRecording()).isFalse();
      assertThat(root.context().isValid()).isTrue();
      assertThat(root.context().isSampled()).isFalse();
      try (Span child = t.tracer().span("child").start()) {
        assertThat(child.isRecording()).isFalse();
        assertThat(child.context().traceId()).isEqualTo(root.context().traceId());
        Propagation.w3c().inject(child.context(), headers);
      }
    }
    assertThat(headers.get("traceparent")).endsWith("-00");
    assertThat(t.flushAndGet()).isEmpty();
    assertThat(t.sdk.stats().spansStarted()).isZero();
    t.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void ratio_decidesByTraceIdConsistently() {
    Sampler half = Sampler.ratio(0.5);
    int kept = 0;
    java.util.Random r = new java.util.Random(42);
    for (int i = 0; i < 20_000; i++) {
      long lo = r.nextLong();
      boolean first = half.shouldSample(0, lo, "x", SpanKind.AGENT);
      assertThat(half.shouldSample(7, lo, "other", SpanKind.TOOL)).isEqualTo(first);
      kept += first ? 1 : 0;
    }
    assertThat(kept).isBetween(9_500, 10_500);
    assertThat(Sampler.ratio(0)).isSameAs(Sampler.alwaysOff());
    assertThat(Sampler.ratio(1)).isSameAs(Sampler.alwaysOn());
  }

  @Test
  void ratio_outOfRange_rejectedNamingValue() {
    assertThatThrownBy(() -> Sampler.ratio(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> Sampler.ratio(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }

  @Test
  void remoteParent_sampledFlagFollowed_evenWhenSamplerSaysNo() {
    TestSdk t = TestSdk.create(AgentraceSdk.builder().sampler(Sampler.alwaysOff()));
    SpanContext sampled = Propagation.w3c().extract(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    SpanContext unsampled = Propagation.w3c().extract(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"));
    t.tracer().span("server").parent(sampled).start().end();
    t.tracer().span("dropped").parent(unsampled).start().end();
    SpanData d = t.span("server");
    assertThat(d.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(d.parentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(t.flushAndGet()).extracting(SpanData::name).containsExactly("server");
    t.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void invalidRemoteParent_startsNewTraceDecidedBySampler() {
    TestSdk t = TestSdk.create();
    SpanContext invalid = Propagation.w3c().extract(Map.of("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
    assertThat(invalid.isValid()).isFalse();
    t.tracer().span("fresh").parent(invalid).start().end();
    assertThat(t.span("fresh").parentSpanId()).isNull();
    t.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void traceparent_roundTripAcrossProcesses_staysOneTrace() {
    TestSdk client = TestSdk.create();
    TestSdk server = TestSdk.create();
    Map<String, String> headers = new HashMap<>();
    try (Span call = client.tracer().span("http_call").kind(SpanKind.TOOL).start()) {
      Propagation.w3c().inject(call.context(), headers);
    }
    server.tracer().span("handle").parent(Propagation.w3c().extract(headers)).start().end();
    assertThat(server.span("handle").traceId()).isEqualTo(client.span("http_call").traceId());
    assertThat(server.span("handle").parentSpanId()).isEqualTo(client.span("http_call").spanId());
    client.sdk.shutdown(TestSdk.WAIT);
    server.sdk.shutdown(TestSdk.WAIT);
  }
}
