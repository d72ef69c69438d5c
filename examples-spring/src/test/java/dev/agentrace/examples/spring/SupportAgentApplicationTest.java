package dev.agentrace.examples.spring;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.SpanKind;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.testing.InMemorySpanExporter;
import dev.agentrace.testing.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application as a user runs it: over HTTP, against the offline model through Spring AI's real
 * OpenAI client. The spans the starter made, and the actuator endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"agentrace.exporter.console.enabled=false", "agentrace.exporter.jsonl.path="})
class SupportAgentApplicationTest {
  static final OfflineModel MODEL = start();

  @Value("${local.server.port}")
  int port;
  @Autowired
  AgentraceSdk sdk;
  @Autowired
  InMemorySpanExporter spans;

  @DynamicPropertySource
  static void model(DynamicPropertyRegistry registry) {
    registry.add("spring.ai.openai.base-url", MODEL::baseUrl);
  }

  @AfterAll
  static void stop() {
    MODEL.close();
  }

  @Test
  void postTicket_aboutAnOrder_answersWithTheToolResultAndTracesTheRun() throws Exception {
    HttpResponse<String> reply = http("POST", "/tickets",
        "{\"customer\":\"c-17\",\"question\":\"Where is order 42?\"}");

    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    assertThat(reply.body()).contains("Order 42 shipped on 2026-12-03");
    sdk.flush(Duration.ofSeconds(5));
    Trace trace = Trace.of(spans.spans());
    String tree = trace.toTreeString();
    assertThat(trace).as(tree).hasRoot("handle_ticket").hasNoErrors();
    assertThat(trace).root().hasKind(SpanKind.AGENT).hasUser("c-17").hasInput("\"Where is order 42?\"");
    assertThat(trace).span("chat_client").as(tree).isChildOf("handle_ticket");
    // Spring AI 1.1 runs the tool loop inside the model-calling advisor ("call"); 2.0 in a "Tool Calling
    // Advisor" around it. Either way the tool runs under the chat client, between the two model calls.
    assertThat(trace).span("orderStatus").as(tree).hasKind(SpanKind.TOOL).hasInputAt("/orderId", "42");
    SpanData tool = trace.find("orderStatus").orElseThrow();
    assertThat(ancestors(trace, tool)).as(tree).contains("chat_client", "handle_ticket");
    List<SpanData> llm = trace.spans().stream().filter(s -> s.kind() == SpanKind.LLM).toList();
    assertThat(llm).as(tree).hasSize(2);
    assertThat(llm.get(1).output()).contains("Order 42 shipped");
    assertThat(tool.startEpochNanos()).isGreaterThanOrEqualTo(llm.get(0).endEpochNanos());
    assertThat(llm.get(1).startEpochNanos()).isGreaterThanOrEqualTo(tool.endEpochNanos());

    HttpResponse<String> actuator = http("GET", "/actuator/agentrace", null);
    assertThat(actuator.statusCode()).isEqualTo(200);
    assertThat(actuator.body()).contains("\"agent\":\"support-bot\"", "\"type\":\"orderStatus\"", "\"p95\"");
  }

  private static List<String> ancestors(Trace trace, SpanData span) {
    List<String> names = new java.util.ArrayList<>();
    for (var p = trace.parent(span); p.isPresent(); p = trace.parent(p.get())) {
      names.add(p.get().name());
    }
    return names;
  }

  private HttpResponse<String> http(String method, String path, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json");
    request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static OfflineModel start() {
    try {
      return OfflineModel.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestConfiguration
  static class CaptureSpans {
    @Bean
    InMemorySpanExporter spans() {
      return InMemorySpanExporter.create();
    }
  }
}
