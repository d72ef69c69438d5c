package dev.agentrace.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import dev.agentrace.testing.AgentraceExtension;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same spans through Agentrace's own OTLP exporter and through {@link AgentraceOpenTelemetry#exporter}
 * wrapping OpenTelemetry's OTLP/HTTP exporter arrive at one receiver identical in everything the mapping
 * decides: ids, parent, name, kind, times, attributes, events, status and resource (bar the telemetry.sdk.*
 * entries each SDK adds about itself).
 */
class OtlpParityTest {
  static final OtlpReceiver receiver = newReceiver();

  @RegisterExtension
  final AgentraceExtension agentrace = AgentraceExtension.builder()
      .agent("parity-bot").version("1.2.3").environment("test")
      .exporter(() -> OtlpHttpExporter.builder().endpoint(receiver.url() + "/ours/v1/traces").build())
      .exporter(() -> AgentraceOpenTelemetry.exporter(
          OtlpHttpSpanExporter.builder().setEndpoint(receiver.url() + "/otel/v1/traces").build()))
      .build();

  private static OtlpReceiver newReceiver() {
    try {
      return new OtlpReceiver();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @Test
  void sameSpans_ourOtlpExporterAndOtelOtlpExporter_carryTheSameMapping() throws Exception {
    Tracer tracer = agentrace.tracer();
    try (Span run = tracer.span("answer").kind(SpanKind.AGENT).session("s-1").user("u-7").input(Map.of("q", "hi")).start()) {
      try (Span llm = tracer.span("chat").kind(SpanKind.LLM).model("gpt-4o-mini").attribute("temperature", 0.2).start()) {
        llm.usage(10, 4, 2, 1).output("hello").score("helpfulness", 0.9).ok();
        llm.event("first_token", Map.of("ms", 120L, "streamed", true));
      }
      tracer.span("lookup").kind(SpanKind.TOOL).attribute("tags", "a").run(() -> {
        throw new IllegalArgumentException("bad query");
      });
    } catch (IllegalArgumentException expected) {
      // The tool's failure is recorded on its span; the test only needs the spans.
    }
    assertThat(agentrace.spans()).hasSize(3);
    assertThat(agentrace.sdk().flush(Duration.ofSeconds(10))).isTrue();
    List<OtlpReceiver.Received> all = receiver.await(r -> count(r, "/ours/v1/traces") >= 3 && count(r, "/otel/v1/traces") >= 3,
        Duration.ofSeconds(30));
    Map<String, OtlpReceiver.Received> ours = bySpanId(all, "/ours/v1/traces");
    Map<String, OtlpReceiver.Received> otel = bySpanId(all, "/otel/v1/traces");
    assertThat(otel.keySet()).isEqualTo(ours.keySet());
    for (String id : ours.keySet()) {
      io.opentelemetry.proto.trace.v1.Span a = ours.get(id).span();
      io.opentelemetry.proto.trace.v1.Span b = otel.get(id).span();
      assertThat(b.getTraceId()).isEqualTo(a.getTraceId());
      assertThat(b.getParentSpanId()).isEqualTo(a.getParentSpanId());
      assertThat(b.getName()).isEqualTo(a.getName());
      assertThat(b.getKind()).isEqualTo(a.getKind());
      assertThat(b.getStartTimeUnixNano()).isEqualTo(a.getStartTimeUnixNano());
      assertThat(b.getEndTimeUnixNano()).isEqualTo(a.getEndTimeUnixNano());
      assertThat(b.getStatus()).isEqualTo(a.getStatus());
      // OpenTelemetry's Attributes keep keys sorted, so attributes compare as maps, not in wire order.
      assertThat(events(b)).isEqualTo(events(a));
      assertThat(otel.get(id).attributes()).isEqualTo(ours.get(id).attributes());
      assertThat(withoutSdk(otel.get(id).resource())).isEqualTo(withoutSdk(ours.get(id).resource()));
      assertThat(otel.get(id).scope()).isEqualTo(ours.get(id).scope());
    }
    OtlpReceiver.Received chat = ours.values().stream().filter(r -> r.span().getName().equals("chat")).findFirst().orElseThrow();
    assertThat(chat.attributes()).containsKeys("gen_ai.operation.name", "gen_ai.usage.input_tokens",
        "agentrace.score.helpfulness", "temperature");
    assertThat(chat.span().getEventsCount()).isEqualTo(1);
  }

  private static List<List<Object>> events(io.opentelemetry.proto.trace.v1.Span span) {
    return span.getEventsList().stream()
        .map(e -> List.<Object>of(e.getTimeUnixNano(), e.getName(), OtlpReceiver.map(e.getAttributesList())))
        .toList();
  }

  private static long count(List<OtlpReceiver.Received> spans, String path) {
    return spans.stream().filter(r -> r.path().equals(path)).count();
  }

  private static Map<String, OtlpReceiver.Received> bySpanId(List<OtlpReceiver.Received> spans, String path) {
    return spans.stream().filter(r -> r.path().equals(path))
        .collect(Collectors.toMap(OtlpReceiver.Received::spanId, r -> r));
  }

  private static Map<String, AnyValue> withoutSdk(Map<String, AnyValue> resource) {
    return resource.entrySet().stream().filter(e -> !e.getKey().startsWith("telemetry.sdk."))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
