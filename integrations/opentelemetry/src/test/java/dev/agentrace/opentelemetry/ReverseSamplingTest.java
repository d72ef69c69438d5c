package dev.agentrace.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.core.Sampler;
import dev.agentrace.testing.AgentraceExtension;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Agentrace's sampling decision reaches OpenTelemetry: a trace Agentrace dropped is not recorded there. */
class ReverseSamplingTest {
  @RegisterExtension
  final AgentraceExtension agentrace = AgentraceExtension.builder()
      .sampler(Sampler.alwaysOff())
      .configure(b -> b.contextBridge(AgentraceOpenTelemetry.contextBridge()))
      .build();

  @Test
  void otelChild_agentraceTraceUnsampled_isNotRecordedByParentBasedSampler() {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    try (SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()) {
      try (Span root = agentrace.tracer().span("dropped").start()) {
        io.opentelemetry.api.trace.Span http = provider.get("test").spanBuilder("GET").startSpan();
        assertThat(http.getSpanContext().getTraceId()).isEqualTo(root.context().traceId());
        assertThat(http.isRecording()).isFalse();
        http.end();
      }
    }
    assertThat(exported.getFinishedSpanItems()).isEmpty();
    assertThat(agentrace.spans()).isEmpty();
  }
}
