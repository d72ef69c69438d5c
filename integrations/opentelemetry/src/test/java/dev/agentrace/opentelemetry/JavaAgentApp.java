package dev.agentrace.opentelemetry;

import com.sun.net.httpserver.HttpServer;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The application {@link JavaAgentTest} runs in a child JVM under the OpenTelemetry Java agent: an agent
 * span with a tool span that calls a loopback HTTP server with the JDK's HttpClient. Agentrace spans go to
 * the OTLP endpoint in args[0] through Agentrace's own exporter; the agent's spans go wherever the agent is
 * configured to send them. Prints the ids the test checks.
 */
public final class JavaAgentApp {
  private JavaAgentApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("READY " + System.currentTimeMillis());
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/weather", exchange -> {
      byte[] body = "{\"temp\":21}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    AgentraceSdk sdk = AgentraceSdk.builder()
        .agent("weather-bot")
        .contextBridge(AgentraceOpenTelemetry.contextBridge())
        .exporter(OtlpHttpExporter.builder().endpoint(args[0]).build())
        .shutdownHook(false)
        .build();
    Tracer tracer = sdk.tracer();
    HttpClient client = HttpClient.newHttpClient();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/weather";
    try (Span agent = tracer.span("answer").kind(SpanKind.AGENT).start()) {
      String reply = tracer.span("get_weather").kind(SpanKind.TOOL).call(() -> {
        System.out.println("TOOL " + tracer.currentSpan().context().traceId() + " "
            + tracer.currentSpan().context().spanId());
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
      });
      agent.output(reply);
      System.out.println("AGENT " + agent.context().traceId() + " " + agent.context().spanId());
    }
    sdk.shutdown(Duration.ofSeconds(10));
    server.stop(0);
    System.out.println("DONE");
  }
}
