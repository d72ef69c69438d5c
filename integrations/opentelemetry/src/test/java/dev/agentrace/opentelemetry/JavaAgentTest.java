package dev.agentrace.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real OpenTelemetry Java agent attached to a child JVM ({@link JavaAgentApp}): the agent's HTTP client
 * span and the JDK HttpServer's server span nest under the Agentrace tool span, in one trace. The agent
 * exports with its own OTLP exporter, Agentrace with its own; both to one loopback receiver that decodes
 * with the official proto classes.
 */
class JavaAgentTest {

  @Test
  void javaAgent_httpCallInsideToolSpan_agentSpansAreChildrenOfTheToolSpan() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      // Wall-clock millis: the only clock the two JVMs share.
      long started = System.currentTimeMillis();
      List<String> out = ChildJvm.run(List.of(ChildJvm.java(),
          "-javaagent:" + ChildJvm.testJar("opentelemetry-javaagent.jar"),
          "-Dotel.service.name=weather-service",
          "-Dotel.traces.exporter=otlp",
          "-Dotel.exporter.otlp.protocol=http/protobuf",
          "-Dotel.exporter.otlp.traces.endpoint=" + receiver.url() + "/agent/v1/traces",
          "-Dotel.metrics.exporter=none",
          "-Dotel.logs.exporter=none",
          "-Dotel.bsp.schedule.delay=100",
          "-cp", System.getProperty("java.class.path"),
          JavaAgentApp.class.getName(), receiver.url() + "/agentrace/v1/traces"), Duration.ofMinutes(3));
      long finished = System.currentTimeMillis();
      long ready = Long.parseLong(ChildJvm.line(out, "READY")[1]);
      System.out.printf("JavaAgentTest: child JVM with the OpenTelemetry Java agent reached main() after %d ms"
          + " (JVM start + agent start, measured from the test), finished after %d ms%n",
          ready - started, finished - started);

      String[] tool = ChildJvm.line(out, "TOOL");
      String[] agent = ChildJvm.line(out, "AGENT");
      String traceId = tool[1];
      List<OtlpReceiver.Received> spans = receiver.await(all -> all.stream()
          .filter(r -> r.traceId().equals(traceId)).count() >= 4, Duration.ofSeconds(30));
      List<OtlpReceiver.Received> trace = spans.stream().filter(r -> r.traceId().equals(traceId)).toList();

      OtlpReceiver.Received client = only(trace, "/agent/v1/traces", SpanKind.SPAN_KIND_CLIENT);
      OtlpReceiver.Received server = only(trace, "/agent/v1/traces", SpanKind.SPAN_KIND_SERVER);
      OtlpReceiver.Received toolSpan = trace.stream().filter(r -> r.spanId().equals(tool[2])).findFirst().orElseThrow();
      assertThat(agent[1]).isEqualTo(traceId);
      assertThat(toolSpan.path()).isEqualTo("/agentrace/v1/traces");
      assertThat(toolSpan.span().getName()).isEqualTo("get_weather");
      assertThat(toolSpan.parentSpanId()).isEqualTo(agent[2]);
      assertThat(client.parentSpanId()).isEqualTo(tool[2]);
      assertThat(server.parentSpanId()).isEqualTo(client.spanId());
      assertThat(client.resource().get("service.name").getStringValue()).isEqualTo("weather-service");
      assertThat(toolSpan.resource().get("service.name").getStringValue()).isEqualTo("weather-bot");
      // Timing nests too: the HTTP call happened inside the tool span.
      assertThat(client.span().getStartTimeUnixNano()).isGreaterThanOrEqualTo(toolSpan.span().getStartTimeUnixNano());
      assertThat(client.span().getEndTimeUnixNano()).isLessThanOrEqualTo(toolSpan.span().getEndTimeUnixNano());
    }
  }

  private static OtlpReceiver.Received only(List<OtlpReceiver.Received> trace, String path, SpanKind kind) {
    List<OtlpReceiver.Received> found = trace.stream()
        .filter(r -> r.path().equals(path) && r.span().getKind() == kind).toList();
    assertThat(found).as("%s spans from %s in %s", kind, path,
        trace.stream().map(r -> r.span().getName() + "/" + r.span().getKind()).toList()).hasSize(1);
    return found.get(0);
  }
}
