package dev.agentrace.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.testing.AgentraceExtension;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A real Zipkin server fed through {@link AgentraceOpenTelemetry#exporter} with OpenTelemetry's Zipkin
 * exporter; the trace is read back through Zipkin's HTTP API (v2) and checked span by span.
 */
// OpenTelemetry deprecated its Zipkin exporter (last release 1.63.0); it is what Zipkin users still run.
@SuppressWarnings("deprecation")
class ZipkinExportTest {
  static ZipkinServer zipkin;
  static ZipkinSpanExporter otelZipkin;

  /** The same spans also land here, so the test compares what Zipkin stored with what Agentrace recorded. */
  @RegisterExtension
  final AgentraceExtension agentrace = AgentraceExtension.builder()
      .agent("travel-agent").version("3.1.0").environment("ci")
      .exporter(() -> AgentraceOpenTelemetry.exporter(otelZipkin))
      .build();

  @BeforeAll
  static void startZipkin() throws Exception {
    zipkin = new ZipkinServer();
    System.out.printf("ZipkinExportTest: Zipkin server %s healthy after %d ms%n", zipkin.url(""), zipkin.startupMillis);
    otelZipkin = ZipkinSpanExporter.builder().setEndpoint(zipkin.url("/api/v2/spans")).build();
  }

  @AfterAll
  static void stopZipkin() throws Exception {
    if (zipkin != null) {
      zipkin.close();
    }
  }

  @Test
  void agentTrace_exportedThroughOtelZipkinExporter_readBackAsTheSameTree() throws Exception {
    Tracer tracer = agentrace.tracer();
    try (Span run = tracer.span("plan_trip").kind(SpanKind.AGENT).input("Lisbon in May").start()) {
      try (Span llm = tracer.span("choose_flights").kind(SpanKind.LLM).model("gpt-4o").start()) {
        llm.usage(120, 30).output("TP1234").ok();
      }
      try (Span tool = tracer.span("book_hotel").kind(SpanKind.TOOL).start()) {
        tool.event("retry", Map.of("attempt", 2L));
        tool.error(new IllegalStateException("no rooms"));
      }
      run.output("flight booked, no hotel");
    }
    SpanData root = agentrace.span("plan_trip");
    SpanData llm = agentrace.span("choose_flights");
    SpanData tool = agentrace.span("book_hotel");
    assertThat(agentrace.sdk().flush(Duration.ofSeconds(10))).isTrue();

    JsonNode trace = awaitTrace(root.traceId(), 3);
    Map<String, JsonNode> byName = new HashMap<>();
    trace.forEach(s -> byName.put(s.get("name").asString(), s));
    assertThat(byName).containsOnlyKeys("plan_trip", "choose_flights", "book_hotel");

    JsonNode z = byName.get("plan_trip");
    assertThat(z.get("id").asString()).isEqualTo(root.spanId());
    assertThat(z.has("parentId")).isFalse();
    assertThat(z.has("kind")).isFalse(); // INTERNAL: Zipkin has no kind for it
    assertThat(z.get("localEndpoint").get("serviceName").asString()).isEqualTo("travel-agent");
    assertThat(z.get("tags").get("gen_ai.operation.name").asString()).isEqualTo("invoke_agent");
    assertThat(z.get("tags").get("openinference.span.kind").asString()).isEqualTo("AGENT");
    assertThat(z.get("tags").get("input.value").asString()).isEqualTo("\"Lisbon in May\"");
    assertThat(z.get("tags").get("gen_ai.agent.version").asString()).isEqualTo("3.1.0");
    assertThat(z.get("tags").get("deployment.environment.name").asString()).isEqualTo("ci");
    assertTiming(z, root);

    JsonNode l = byName.get("choose_flights");
    assertThat(l.get("parentId").asString()).isEqualTo(root.spanId());
    assertThat(l.get("kind").asString()).isEqualTo("CLIENT");
    assertThat(l.get("tags").get("gen_ai.request.model").asString()).isEqualTo("gpt-4o");
    assertThat(l.get("tags").get("gen_ai.usage.input_tokens").asString()).isEqualTo("120");
    assertThat(l.get("tags").get("gen_ai.usage.output_tokens").asString()).isEqualTo("30");
    assertThat(l.get("tags").get("otel.status_code").asString()).isEqualTo("OK");
    assertTiming(l, llm);

    JsonNode t = byName.get("book_hotel");
    assertThat(t.get("parentId").asString()).isEqualTo(root.spanId());
    assertThat(t.get("tags").get("gen_ai.tool.name").asString()).isEqualTo("book_hotel");
    assertThat(t.get("tags").get("otel.status_code").asString()).isEqualTo("ERROR");
    assertThat(t.get("tags").get("error").asString()).contains("no rooms");
    assertThat(t.get("annotations").get(0).get("value").asString()).startsWith("\"retry\"");
    assertThat(t.get("annotations").get(0).get("timestamp").asLong())
        .isEqualTo(tool.events().get(0).epochNanos() / 1_000);
    assertTiming(t, tool);
  }

  /** Zipkin keeps microseconds: start and duration are the span's own, truncated. */
  private static void assertTiming(JsonNode zipkinSpan, SpanData span) {
    assertThat(zipkinSpan.get("timestamp").asLong()).isEqualTo(span.startEpochNanos() / 1_000);
    assertThat(zipkinSpan.get("duration").asLong())
        .isBetween(Math.max(1, span.durationNanos() / 1_000 - 1), span.durationNanos() / 1_000 + 1);
  }

  /** Polls Zipkin's API until the trace has {@code spans} spans (storage is asynchronous to the POST). */
  private static JsonNode awaitTrace(String traceId, int spans) throws Exception {
    ObjectMapper json = new ObjectMapper();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      var response = zipkin.get("/api/v2/trace/" + traceId);
      last = response.statusCode() + " " + response.body();
      if (response.statusCode() == 200) {
        JsonNode trace = json.readTree(response.body());
        if (trace.size() >= spans) {
          return trace;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Zipkin never returned " + spans + " spans of " + traceId + "; last answer: " + last);
  }
}
