package com.example.agent;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import dev.agentrace.schema.ActivitySchema;
import dev.agentrace.testing.AgentraceExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Records a small agent run, exports it over OTLP/HTTP to a loopback receiver and asserts on it. */
class AgentRunTest {
  static final AtomicInteger otlpRequests = new AtomicInteger();
  static final HttpServer receiver = startReceiver();

  static final String SCHEMA_RESOURCE = "support-bot.schema.json";

  @RegisterExtension
  static AgentraceExtension tracing = AgentraceExtension.builder()
      .agent("support-bot")
      .exporter(() -> OtlpHttpExporter.builder()
          .endpoint("http://127.0.0.1:" + receiver.getAddress().getPort())
          .build())
      .activitySchema(ActivitySchema.fromResource(SCHEMA_RESOURCE))
      .build();

  static HttpServer startReceiver() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/v1/traces", exchange -> {
        try (InputStream body = exchange.getRequestBody()) {
          body.readAllBytes();
        }
        otlpRequests.incrementAndGet();
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void recordsExportsAndChecksTheRun() {
    assertThat(new SupportAgent(tracing.tracer()).handle("refund please")).startsWith("Answer:");

    assertThat(tracing.trace()).hasRoot("handle_ticket").hasChildren("web_search").root().isOk();
    assertThat(tracing.span("web_search")).isConformant();

    assertThat(tracing.sdk().flush(Duration.ofSeconds(10))).isTrue();
    assertThat(otlpRequests.get()).isGreaterThan(0);
  }

  @Test
  void schemaRejectsABadDocumentAtLoad() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActivitySchema.fromJson("{\"typos\": {}}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
