package dev.agentrace.exporters.otlp;

import static dev.agentrace.exporters.TestSdk.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.export.DropReason;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.FakeSpan;
import dev.agentrace.exporters.SpanExporterContractTest;
import dev.agentrace.exporters.TestSdk;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OTLP/HTTP exporter against a real HTTP server on loopback; every body is decoded with the official
 * opentelemetry-proto classes, so these tests prove wire compatibility, not just self-consistency.
 */
class OtlpHttpExporterTest extends SpanExporterContractTest {
  private static final long MS = 1_000_000L;

  private MockWebServer server;

  /**
   * Runs first (the contract's @BeforeEach calls it): a fresh server per test that answers 200 once its
   * queue of scripted responses is used up.
   */
  @Override
  protected SpanExporter newExporter() throws IOException {
    server = new MockWebServer();
    QueueDispatcher queue = new QueueDispatcher();
    queue.setFailFast(ok());
    server.setDispatcher(queue);
    server.start();
    return builder().build();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private OtlpHttpExporter.Builder builder() {
    return OtlpHttpExporter.builder().endpoint(server.url("/").toString())
        .initialBackoff(Duration.ofMillis(10)).maxRetryTime(Duration.ofSeconds(5));
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static MockResponse ok() {
    return new MockResponse.Builder().code(200).build();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  /**
   * One support-agent run: an agent span with session and user, an LLM call with usage, cost, a score,
   * an event and a custom attribute, a failing tool, a retrieval and an embedding. The clock is moved by
   * hand, so every timestamp is known.
   */
  private static void agentRun(TestSdk t) {
    Tracer tracer = t.tracer();
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).session("sess-42").user("user-7")
        .input("Where is my order?").start()) {
      t.advanceMillis(5);
      try (Span llm = tracer.span("plan").kind(SpanKind.LLM).model("gpt-4o").input("messages")
          .attribute("gen_ai.request.temperature", 0.2).start()) {
        t.advanceMillis(800);
        llm.event("first_token", Map.of("index", 3L));
        llm.output("call lookup_order").usage(120, 45, 30, 10).cost(0.0012).score("relevance", 0.9).ok();
      }
      try (Span tool = tracer.span("lookup_order").kind(SpanKind.TOOL).type("order_lookup").input("T-1").start()) {
        t.advanceMillis(20);
        tool.error(new IllegalStateException("order service timed out"));
      }
      tracer.span("search_faq").kind(SpanKind.RETRIEVAL).start().end();
      tracer.span("embed_query").kind(SpanKind.EMBEDDING).model("text-embedding-3-small").start().end();
      t.advanceMillis(10);
      run.output("It ships today").ok();
    }
  }

  /** What {@link #agentRun} must look like on the wire, in either encoding. */
  private static void assertAgentRun(ExportTraceServiceRequest request) {
    assertThat(request.getResourceSpansCount()).isEqualTo(1);
    ResourceSpans rs = request.getResourceSpans(0);
    assertThat(OtlpDecoding.attributes(rs.getResource().getAttributesList())).contains(
        entry("service.name", "support-bot"),
        entry("service.version", "1.4.2"),
        entry("deployment.environment.name", "staging"),
        entry("telemetry.sdk.name", "agentrace"),
        entry("telemetry.sdk.language", "java"));
    assertThat(rs.getScopeSpansCount()).isEqualTo(1);
    assertThat(rs.getScopeSpans(0).getScope().getName()).isEqualTo("dev.agentrace");
    assertThat(OtlpDecoding.spans(request)).extracting(io.opentelemetry.proto.trace.v1.Span::getName)
        .containsExactly("plan", "lookup_order", "search_faq", "embed_query", "handle_ticket");

    String traceId = "00000000000000000000000000000001";
    io.opentelemetry.proto.trace.v1.Span root = OtlpDecoding.span(request, "handle_ticket");
    assertThat(OtlpDecoding.hex(root.getTraceId())).isEqualTo(traceId);
    assertThat(OtlpDecoding.hex(root.getSpanId())).isEqualTo("0000000000000001");
    assertThat(root.getParentSpanId().isEmpty()).isTrue();
    assertThat(root.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(root.getStartTimeUnixNano()).isEqualTo(T0);
    assertThat(root.getEndTimeUnixNano()).isEqualTo(T0 + 835 * MS);
    assertThat(root.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
    assertThat(root.getStatus().getMessage()).isEmpty();
    assertThat(OtlpDecoding.attributes(root.getAttributesList())).containsExactly(
        entry("gen_ai.operation.name", "invoke_agent"),
        entry("openinference.span.kind", "AGENT"),
        entry("agentrace.type", "agent"),
        entry("gen_ai.agent.name", "support-bot"),
        entry("gen_ai.agent.version", "1.4.2"),
        entry("gen_ai.conversation.id", "sess-42"),
        entry("session.id", "sess-42"),
        entry("user.id", "user-7"),
        entry("input.value", "\"Where is my order?\""),
        entry("input.mime_type", "application/json"),
        entry("output.value", "\"It ships today\""),
        entry("output.mime_type", "application/json"),
        entry("deployment.environment.name", "staging"),
        entry("thread.name", Thread.currentThread().getName()));

    io.opentelemetry.proto.trace.v1.Span llm = OtlpDecoding.span(request, "plan");
    assertThat(OtlpDecoding.hex(llm.getTraceId())).isEqualTo(traceId);
    assertThat(OtlpDecoding.hex(llm.getSpanId())).isEqualTo("0000000000000002");
    assertThat(OtlpDecoding.hex(llm.getParentSpanId())).isEqualTo("0000000000000001");
    assertThat(llm.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(llm.getStartTimeUnixNano()).isEqualTo(T0 + 5 * MS);
    assertThat(llm.getEndTimeUnixNano()).isEqualTo(T0 + 805 * MS);
    assertThat(OtlpDecoding.attributes(llm.getAttributesList())).containsExactly(
        entry("gen_ai.operation.name", "chat"),
        entry("openinference.span.kind", "LLM"),
        entry("agentrace.type", "llm"),
        entry("gen_ai.request.model", "gpt-4o"),
        entry("gen_ai.agent.name", "support-bot"),
        entry("gen_ai.agent.version", "1.4.2"),
        entry("gen_ai.conversation.id", "sess-42"),
        entry("session.id", "sess-42"),
        entry("user.id", "user-7"),
        entry("input.value", "\"messages\""),
        entry("input.mime_type", "application/json"),
        entry("output.value", "\"call lookup_order\""),
        entry("output.mime_type", "application/json"),
        entry("gen_ai.usage.input_tokens", 120L),
        entry("gen_ai.usage.output_tokens", 45L),
        entry("gen_ai.usage.cache_read.input_tokens", 30L),
        entry("gen_ai.usage.reasoning.output_tokens", 10L),
        entry("deployment.environment.name", "staging"),
        entry("thread.name", Thread.currentThread().getName()),
        entry("agentrace.score.relevance", 0.9),
        entry("agentrace.cost.usd", 0.0012),
        entry("gen_ai.request.temperature", 0.2));
    assertThat(llm.getEventsCount()).isEqualTo(1);
    assertThat(llm.getEvents(0).getName()).isEqualTo("first_token");
    assertThat(llm.getEvents(0).getTimeUnixNano()).isEqualTo(T0 + 805 * MS);
    assertThat(OtlpDecoding.attributes(llm.getEvents(0).getAttributesList())).containsExactly(entry("index", 3L));

    io.opentelemetry.proto.trace.v1.Span tool = OtlpDecoding.span(request, "lookup_order");
    assertThat(OtlpDecoding.hex(tool.getParentSpanId())).isEqualTo("0000000000000001");
    assertThat(tool.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(tool.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(tool.getStatus().getMessage()).isEqualTo("order service timed out");
    assertThat(OtlpDecoding.attributes(tool.getAttributesList())).contains(
        entry("gen_ai.operation.name", "execute_tool"),
        entry("openinference.span.kind", "TOOL"),
        entry("agentrace.type", "order_lookup"),
        entry("gen_ai.tool.name", "lookup_order"));
    assertThat(tool.getEventsList()).singleElement().satisfies(e -> {
      assertThat(e.getName()).isEqualTo("exception");
      assertThat(OtlpDecoding.attributes(e.getAttributesList())).contains(
          entry("exception.type", "java.lang.IllegalStateException"),
          entry("exception.message", "order service timed out"));
    });

    io.opentelemetry.proto.trace.v1.Span retrieval = OtlpDecoding.span(request, "search_faq");
    assertThat(retrieval.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(retrieval.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    assertThat(OtlpDecoding.attributes(retrieval.getAttributesList())).contains(
        entry("gen_ai.operation.name", "retrieval"), entry("openinference.span.kind", "RETRIEVER"));
    io.opentelemetry.proto.trace.v1.Span embedding = OtlpDecoding.span(request, "embed_query");
    assertThat(OtlpDecoding.attributes(embedding.getAttributesList())).contains(
        entry("gen_ai.operation.name", "embeddings"), entry("openinference.span.kind", "EMBEDDING"),
        entry("gen_ai.request.model", "text-embedding-3-small"));
  }

  @Test
  void export_protobufAgentRun_decodesWithOfficialClasses() throws Exception {
    server.enqueue(ok());
    try (TestSdk t = TestSdk.with(builder().build())) {
      agentRun(t);
      t.flush();
      assertThat(t.stats().spansExported()).isEqualTo(5);
    }
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/traces");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(request.getHeaders().get("Content-Encoding")).isNull();
    assertAgentRun(ExportTraceServiceRequest.parseFrom(OtlpDecoding.body(request)));
  }

  @Test
  void export_jsonAgentRun_decodesWithJsonFormatAndUsesOtlpJsonRules() throws Exception {
    server.enqueue(ok());
    try (TestSdk t = TestSdk.with(builder().json().build())) {
      agentRun(t);
      t.flush();
    }
    RecordedRequest request = take();
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    String json = new String(OtlpDecoding.body(request), StandardCharsets.UTF_8);
    // OTLP/JSON differs from protobuf's JSON mapping: hex ids, integer enums, int64 as strings.
    assertThat(json).contains("\"traceId\":\"00000000000000000000000000000001\"", "\"parentSpanId\":\"0000000000000001\"",
        "\"kind\":3", "\"code\":2", "\"startTimeUnixNano\":\"" + T0 + "\"", "\"intValue\":\"120\"");
    assertAgentRun(OtlpDecoding.fromJson(json));
  }

  @Test
  void export_sameSpansInBothEncodings_decodeToEqualRequests() throws Exception {
    try (MockWebServer jsonServer = new MockWebServer()) {
      jsonServer.start();
      server.enqueue(ok());
      jsonServer.enqueue(ok());
      OtlpHttpExporter json = OtlpHttpExporter.builder().endpoint(jsonServer.url("/").toString()).json().build();
      try (TestSdk t = TestSdk.with(builder().build(), json)) {
        agentRun(t);
        t.flush();
      }
      ExportTraceServiceRequest fromProto = OtlpDecoding.decode(take());
      ExportTraceServiceRequest fromJson = OtlpDecoding.decode(jsonServer.takeRequest(10, TimeUnit.SECONDS));
      assertThat(fromJson).isEqualTo(fromProto);
    }
  }

  @Test
  void export_everyKind_mapsToOpenInferenceGenAiAndWireKind() throws Exception {
    server.enqueue(ok());
    List<SpanData> batch = new ArrayList<>();
    long id = 1;
    for (SpanKind kind : SpanKind.values()) {
      FakeSpan s = FakeSpan.valid(kind.name(), kind);
      s.spanId = String.format("%016x", id++);
      batch.add(s);
    }
    assertThat(builder().build().export(batch).isSuccess()).isTrue();
    ExportTraceServiceRequest request = OtlpDecoding.decode(take());
    record Wire(String openInference, Object operation, int kind) {}
    Map<String, Wire> expected = Map.of(
        "AGENT", new Wire("AGENT", "invoke_agent", 1),
        "LLM", new Wire("LLM", "chat", 3),
        "TOOL", new Wire("TOOL", "execute_tool", 1),
        "RETRIEVAL", new Wire("RETRIEVER", "retrieval", 3),
        "EMBEDDING", new Wire("EMBEDDING", "embeddings", 3),
        "RERANKER", new Wire("RERANKER", null, 1),
        "GUARDRAIL", new Wire("GUARDRAIL", null, 1),
        "EVALUATOR", new Wire("EVALUATOR", null, 1),
        "CHAIN", new Wire("CHAIN", null, 1),
        "CUSTOM", new Wire("UNKNOWN", null, 1));
    assertThat(OtlpDecoding.spans(request)).hasSize(SpanKind.values().length);
    for (io.opentelemetry.proto.trace.v1.Span s : OtlpDecoding.spans(request)) {
      Map<String, Object> attrs = OtlpDecoding.attributes(s.getAttributesList());
      Wire w = expected.get(s.getName());
      assertThat(attrs.get("openinference.span.kind")).as(s.getName()).isEqualTo(w.openInference());
      assertThat(attrs.get("gen_ai.operation.name")).as(s.getName()).isEqualTo(w.operation());
      assertThat(s.getKindValue()).as(s.getName()).isEqualTo(w.kind());
    }
  }

  @Test
  void export_conformanceRiskAndScores_mapToAgentraceAttributes() throws Exception {
    server.enqueue(ok());
    FakeSpan s = FakeSpan.valid("web_search", SpanKind.TOOL);
    s.conformance = Conformance.violates(List.of(
        new Violation("input", "/query", "required", "required property 'query' not found"),
        new Violation("output", "", "type", "string expected")));
    s.risk = new RiskResult(RiskLevel.HIGH, 80, List.of("email", "phone"), true);
    s.scores = Map.of("relevance", 0.25);
    s.attributes = Map.of("gen_ai.operation.name", "text_completion");
    assertThat(builder().build().export(List.of(s)).isSuccess()).isTrue();
    Map<String, Object> attrs = OtlpDecoding.attributes(OtlpDecoding.spans(OtlpDecoding.decode(take())).get(0).getAttributesList());
    assertThat(attrs).contains(
        entry("agentrace.conformance.status", "violates"),
        entry("agentrace.conformance.violation_count", 2L),
        entry("agentrace.conformance.violations", "[{\"part\":\"input\",\"path\":\"/query\",\"keyword\":\"required\","
            + "\"message\":\"required property 'query' not found\"},{\"part\":\"output\",\"path\":\"\",\"keyword\":\"type\","
            + "\"message\":\"string expected\"}]"),
        entry("agentrace.risk.level", "high"),
        entry("agentrace.risk.score", 80L),
        entry("agentrace.risk.categories", List.of("email", "phone")),
        entry("agentrace.risk.redacted", true),
        entry("agentrace.score.relevance", 0.25),
        // the span's own attribute wins over the mapped one
        entry("gen_ai.operation.name", "text_completion"));
    assertThat(attrs).doesNotContainKey("agentrace.conformance.reason");
  }

  @Test
  void export_notCheckedAndNoRisk_addNoAgentraceNoise() throws Exception {
    server.enqueue(ok());
    assertThat(builder().build().export(List.of(FakeSpan.valid("plain", SpanKind.CHAIN))).isSuccess()).isTrue();
    Map<String, Object> attrs = OtlpDecoding.attributes(OtlpDecoding.spans(OtlpDecoding.decode(take())).get(0).getAttributesList());
    assertThat(attrs.keySet()).noneMatch(k -> k.startsWith("agentrace.conformance") || k.startsWith("agentrace.risk"));
    assertThat(attrs).doesNotContainKeys("gen_ai.operation.name", "gen_ai.tool.name", "input.value", "gen_ai.usage.input_tokens");
  }

  @Test
  void export_spansWithInvalidIds_areNotSentAndReportedRejected() throws Exception {
    server.enqueue(ok());
    FakeSpan bad = FakeSpan.valid("bad", SpanKind.TOOL);
    bad.traceId = "0AF7651916CD43DD8448EB211C80319C"; // uppercase: not OTLP's hex
    ExportResult result = builder().build().export(List.of(FakeSpan.valid("good", SpanKind.TOOL), bad));
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.reason()).contains("invalid ids");
    assertThat(OtlpDecoding.spans(OtlpDecoding.decode(take()))).extracting(io.opentelemetry.proto.trace.v1.Span::getName)
        .containsExactly("good");
  }

  @Test
  void endpoint_withPath_isUsedAsIs() throws Exception {
    server.enqueue(ok());
    OtlpHttpExporter e = OtlpHttpExporter.builder().endpoint(server.url("/api/public/otel/v1/traces").toString()).build();
    assertThat(e.export(List.of(FakeSpan.valid("x", SpanKind.LLM))).isSuccess()).isTrue();
    assertThat(take().getUrl().encodedPath()).isEqualTo("/api/public/otel/v1/traces");
  }

  @Test
  void export_gzip_sendsCompressedBodyThatDecodes() throws Exception {
    server.enqueue(ok());
    OtlpHttpExporter e = builder().compression("gzip").build();
    FakeSpan big = FakeSpan.valid("big", SpanKind.LLM);
    big.input = "\"" + "repetitive ".repeat(2000) + "\"";
    assertThat(e.export(List.of(big)).isSuccess()).isTrue();
    RecordedRequest request = take();
    assertThat(request.getHeaders().get("Content-Encoding")).isEqualTo("gzip");
    assertThat(request.getBodySize()).isLessThan(2000);
    assertThat(OtlpDecoding.attributes(OtlpDecoding.spans(OtlpDecoding.decode(request)).get(0).getAttributesList()))
        .containsEntry("input.value", big.input);
  }

  @Test
  void header_authorization_isSentButNeverShown() throws Exception {
    String secret = "Bearer sk-very-secret-token";
    server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "text/plain")
        .body("invalid credentials: " + secret).build());
    OtlpHttpExporter e = builder().header("Authorization", secret).header("x-tenant", "acme").build();
    ExportResult result = e.export(List.of(FakeSpan.valid("x", SpanKind.LLM)));
    RecordedRequest request = take();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo(secret);
    assertThat(request.getHeaders().get("x-tenant")).isEqualTo("acme");
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.reason()).contains("HTTP 401", "invalid credentials", "<redacted>").doesNotContain("sk-very-secret");
    assertThat(e.toString()).contains("Authorization").doesNotContain("sk-very-secret");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 413, 500})
  void export_nonRetryableStatus_failsAfterOneAttempt(int code) throws Exception {
    // google.rpc.Status { int32 code = 1; string message = 2; }, written with protobuf's own encoder.
    java.io.ByteArrayOutputStream rpcStatus = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(rpcStatus);
    out.writeInt32(1, 3);
    out.writeString(2, "spans are malformed");
    out.flush();
    server.enqueue(new MockResponse.Builder().code(code).setHeader("Content-Type", "application/x-protobuf")
        .body(new Buffer().write(rpcStatus.toByteArray())).build());
    server.enqueue(ok());
    ExportResult result = builder().build().export(List.of(FakeSpan.valid("x", SpanKind.LLM)));
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.reason()).contains("HTTP " + code, "spans are malformed");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void export_retryableStatus_isRetriedUntilSuccess(int code) throws Exception {
    server.enqueue(status(code));
    server.enqueue(status(code));
    server.enqueue(ok());
    ExportResult result = builder().build().export(List.of(FakeSpan.valid("x", SpanKind.LLM)));
    assertThat(result.isSuccess()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void export_retryAfterSeconds_isHonoured() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "1").build());
    server.enqueue(ok());
    long start = System.nanoTime();
    ExportResult result = builder().build().export(List.of(FakeSpan.valid("x", SpanKind.LLM)));
    long elapsedMs = (System.nanoTime() - start) / MS;
    assertThat(result.isSuccess()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(elapsedMs).as("waited as the server asked, not the 10 ms backoff").isGreaterThanOrEqualTo(950);
  }

  @Test
  void export_retryAfterBeyondBudget_failsWithoutWaiting() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build());
    long start = System.nanoTime();
    ExportResult result = builder().maxRetryTime(Duration.ofSeconds(2)).build().export(List.of(FakeSpan.valid("x", SpanKind.LLM)));
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.reason()).contains("HTTP 429", "gave up after 1 attempt", "2000 ms retry budget");
    assertThat((System.nanoTime() - start) / MS).isLessThan(1500);
  }

  @Test
  void export_serverAlwaysUnavailable_givesUpWithinRetryBudget() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return status(503);
      }
    });
    long start = System.nanoTime();
    ExportResult result = builder().maxRetryTime(Duration.ofMillis(300)).build()
        .export(List.of(FakeSpan.valid("x", SpanKind.LLM)));
    long elapsedMs = (System.nanoTime() - start) / MS;
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.reason()).contains("HTTP 503", "gave up after");
    assertThat(server.getRequestCount()).isGreaterThan(2);
    assertThat(elapsedMs).isLessThan(2000);
  }

  @Test
  void retryAfterNanos_secondsDateAndGarbage_parseAsSpecified() {
    assertThat(HttpSender.retryAfterNanos("3")).isEqualTo(3_000_000_000L);
    assertThat(HttpSender.retryAfterNanos(" 0 ")).isZero();
    String inFiveSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
        .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(5));
    assertThat(HttpSender.retryAfterNanos(inFiveSeconds)).isBetween(3_000_000_000L, 5_000_000_000L);
    assertThat(HttpSender.retryAfterNanos("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
    assertThat(HttpSender.retryAfterNanos("soon")).isEqualTo(-1);
    assertThat(HttpSender.retryAfterNanos(null)).isEqualTo(-1);
  }

  @Test
  void export_connectionRefused_isRetriedThenFails() throws Exception {
    MockWebServer closed = new MockWebServer();
    closed.start();
    String url = closed.url("/").toString();
    closed.close();
    long start = System.nanoTime();
    ExportResult result = OtlpHttpExporter.builder().endpoint(url).initialBackoff(Duration.ofMillis(20))
        .maxRetryTime(Duration.ofMillis(300)).build().export(List.of(FakeSpan.valid("x", SpanKind.LLM)));
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.reason()).contains("failed", "gave up after").containsPattern("gave up after [2-9]\\d* attempts");
    assertThat((System.nanoTime() - start) / MS).isLessThan(3000);
  }

  @Test
  void export_serverTooSlow_timesOut() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).build());
    long start = System.nanoTime();
    ExportResult result = builder().timeout(Duration.ofMillis(300)).maxRetryTime(Duration.ZERO).build()
        .export(List.of(FakeSpan.valid("x", SpanKind.LLM)));
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.reason()).containsIgnoringCase("timeout");
    assertThat((System.nanoTime() - start) / MS).isLessThan(2500);
  }

  @Test
  void shutdown_duringRetryWait_endsTheExportPromptly() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(503).setHeader("Retry-After", "30").build();
      }
    });
    OtlpHttpExporter e = builder().maxRetryTime(Duration.ofSeconds(60)).build();
    CompletableFuture<ExportResult> export = CompletableFuture.supplyAsync(() -> e.export(List.of(FakeSpan.valid("x", SpanKind.LLM))));
    take();
    long start = System.nanoTime();
    e.shutdown();
    ExportResult result = export.get(5, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.reason()).contains("shut down");
    assertThat((System.nanoTime() - start) / MS).isLessThan(2000);
  }

  @Test
  void export_partialSuccessProtobuf_isReportedAndCountedByTheSdk() throws Exception {
    byte[] answer = ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("2 spans too old"))
        .build().toByteArray();
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/x-protobuf")
        .body(new Buffer().write(answer)).build());
    try (TestSdk t = TestSdk.with(builder().build())) {
      agentRun(t);
      t.flush();
      assertThat(t.stats().dropped(DropReason.EXPORT_REJECTED)).isEqualTo(2);
      assertThat(t.stats().spansExported()).isEqualTo(3);
    }
  }

  @Test
  void export_partialSuccessJson_isReported() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body("{\"partialSuccess\":{\"rejectedSpans\":\"1\",\"errorMessage\":\"attribute too long\"}}").build());
    ExportResult result = builder().json().build().export(List.of(FakeSpan.valid("x", SpanKind.LLM)));
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.reason()).isEqualTo("attribute too long");
  }

  @Test
  void export_emptyPartialSuccess_isFullSuccess() throws Exception {
    byte[] answer = ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setErrorMessage("just a warning")).build().toByteArray();
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/x-protobuf")
        .body(new Buffer().write(answer)).build());
    ExportResult result = builder().build().export(List.of(FakeSpan.valid("x", SpanKind.LLM)));
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.rejected()).isZero();
  }
}
