package dev.agentrace.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.testing.AgentraceExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AgentraceOpenTelemetry#exporter} over the OpenTelemetry SDK's own in-memory exporter. */
class OtelExporterTest {
  final InMemorySpanExporter exported = InMemorySpanExporter.create();

  @RegisterExtension
  final AgentraceExtension agentrace = AgentraceExtension.builder()
      .agent("bot").version("2.0").environment("prod")
      .exporter(() -> AgentraceOpenTelemetry.exporter(exported))
      .build();

  private io.opentelemetry.sdk.trace.data.SpanData exported(String name) {
    assertThat(agentrace.sdk().flush(Duration.ofSeconds(10))).isTrue();
    return exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void export_llmSpan_carriesIdsKindResourceAttributesAndStatus() {
    Tracer tracer = agentrace.tracer();
    try (Span run = tracer.span("run").kind(SpanKind.AGENT).start()) {
      try (Span llm = tracer.span("chat").kind(SpanKind.LLM).model("gpt-4o").input("hi").start()) {
        llm.usage(7, 3).output("hello").ok();
      }
    }
    SpanData ours = agentrace.span("chat");
    io.opentelemetry.sdk.trace.data.SpanData otel = exported("chat");
    assertThat(otel.getTraceId()).isEqualTo(ours.traceId());
    assertThat(otel.getSpanId()).isEqualTo(ours.spanId());
    assertThat(otel.getParentSpanId()).isEqualTo(agentrace.span("run").spanId());
    assertThat(otel.getSpanContext().isSampled()).isTrue();
    assertThat(otel.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CLIENT);
    assertThat(otel.getStartEpochNanos()).isEqualTo(ours.startEpochNanos());
    assertThat(otel.getEndEpochNanos()).isEqualTo(ours.endEpochNanos());
    assertThat(otel.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(otel.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(otel.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(7L);
    assertThat(otel.getAttributes().get(AttributeKey.stringKey("input.value"))).isEqualTo("\"hi\"");
    assertThat(otel.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("bot");
    assertThat(otel.getResource().getAttribute(AttributeKey.stringKey("service.version"))).isEqualTo("2.0");
    assertThat(otel.getResource().getAttribute(AttributeKey.stringKey("deployment.environment.name"))).isEqualTo("prod");
    assertThat(otel.getInstrumentationScopeInfo().getName()).isEqualTo("dev.agentrace");
    assertThat(exported("run").getParentSpanContext().isValid()).isFalse();
    assertThat(exported("run").getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.INTERNAL);
  }

  @Test
  void export_failedToolWithEvent_errorStatusAndEventAttributes() {
    try (Span tool = agentrace.tracer().span("search").kind(SpanKind.TOOL).start()) {
      tool.event("retry", Map.of("attempt", 2L, "reason", "timeout"));
      tool.error(new IllegalStateException("index down"));
    }
    io.opentelemetry.sdk.trace.data.SpanData otel = exported("search");
    assertThat(otel.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(otel.getStatus().getDescription()).contains("index down");
    assertThat(otel.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("search");
    List<EventData> events = otel.getEvents();
    assertThat(events).extracting(EventData::getName).containsExactly("retry", "exception");
    assertThat(events.get(0).getEpochNanos()).isEqualTo(agentrace.span("search").events().get(0).epochNanos());
    assertThat(events.get(0).getAttributes().get(AttributeKey.longKey("attempt"))).isEqualTo(2L);
    assertThat(events.get(1).getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(otel.getTotalRecordedEvents()).isEqualTo(2);
    assertThat(otel.getTotalAttributeCount()).isEqualTo(otel.getAttributes().size());
  }

  @Test
  void export_otelExporterFails_reportsFailureToThePipeline() {
    ExportResult result = AgentraceOpenTelemetry.exporter(new FailingExporter()).export(List.of(spanToExport()));
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.reason()).contains("failed export");
  }

  @Test
  void exporter_null_throwsNamingTheArgument() {
    assertThatThrownBy(() -> AgentraceOpenTelemetry.exporter(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("exporter");
  }

  private SpanData spanToExport() {
    agentrace.tracer().span("one").start().end();
    return agentrace.span("one");
  }

  /** An OpenTelemetry exporter whose every export fails, as one whose collector is down does. */
  private static final class FailingExporter implements io.opentelemetry.sdk.trace.export.SpanExporter {
    @Override
    public CompletableResultCode export(Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
      return CompletableResultCode.ofFailure();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
