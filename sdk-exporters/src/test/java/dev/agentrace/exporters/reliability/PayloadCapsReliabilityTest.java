package dev.agentrace.exporters.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.exporters.JsonTree;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spans stuffed with 8 MB values in every field still leave as records of bounded size: the payload
 * and text caps hold on the way to every exporter, so no batch grows past what a backend accepts.
 */
class PayloadCapsReliabilityTest {
  private static final int HUGE_CHARS = 8 * 1024 * 1024;
  /** Two payloads at 64 K, a dozen capped texts at 4 K, the exception stack, and the record's own fields. */
  private static final int MAX_RECORD_BYTES = 2 * 64 * 1024 + 16 * 4096 + 16 * 1024;

  @TempDir Path dir;

  @Test
  void spansWithHugeValuesEverywhere_exportedRecordsStayWithinTheCaps() throws Exception {
    int spans = Reliability.scale(20, 200);
    String huge = "x".repeat(HUGE_CHARS);
    Path file = dir.resolve("caps.jsonl");
    try (MockWebServer server = new MockWebServer()) {
      QueueDispatcher answers = new QueueDispatcher();
      answers.setFailFast(new MockResponse.Builder().code(200).build());
      server.setDispatcher(answers);
      server.start();
      AgentraceSdk sdk = AgentraceSdk.builder().agent("caps").shutdownHook(false).batchSize(8)
          .exporter(JsonlExporter.builder(file).includeStarts(false).fsync(false).build())
          .exporter(OtlpHttpExporter.builder().endpoint(server.url("/").toString()).build())
          .build();
      Tracer tracer = sdk.tracer();
      for (int i = 0; i < spans; i++) {
        try (Span s = tracer.span(huge).kind(SpanKind.LLM).type(huge).model(huge).session(huge).user(huge)
            .input(Map.of("prompt", huge, "history", List.of(huge, huge))).attribute("big", huge).start()) {
          s.output(huge).event(huge, Map.of("detail", huge)).score(huge, 1.0)
              .error(new IllegalStateException(huge, new RuntimeException(huge)));
        }
      }
      SdkStats stats = sdk.shutdown(Duration.ofSeconds(30));

      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertThat(lines).hasSize(spans);
      int longestLine = 0;
      for (String line : lines) {
        JsonTree.object(line);
        longestLine = Math.max(longestLine, line.getBytes(StandardCharsets.UTF_8).length);
      }
      assertThat(longestLine).isLessThan(MAX_RECORD_BYTES);

      int otlpSpans = 0;
      long largestBody = 0;
      for (int r = server.getRequestCount(); r > 0; r--) {
        RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
        byte[] body = request.getBody().toByteArray();
        largestBody = Math.max(largestBody, body.length);
        otlpSpans += ExportTraceServiceRequest.parseFrom(body).getResourceSpans(0).getScopeSpans(0).getSpansCount();
      }
      assertThat(otlpSpans).isEqualTo(spans);
      assertThat(largestBody).isLessThan(8L * MAX_RECORD_BYTES);
      assertThat(stats.spansExported()).isEqualTo(spans);
      assertThat(stats.spansDropped()).isZero();

      Reliability.record(Reliability.row("Oversized values in every field",
          String.format("%,d LLM spans, each with 8 MB strings as name, type, model, ids, input, output, attribute,"
              + " event, score name and exception messages", spans),
          "none", stats, String.format("longest JSONL line %,d bytes; largest OTLP body (8 spans) %,d bytes", longestLine,
              largestBody)));
    }
  }
}
