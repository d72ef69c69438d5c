package dev.agentrace.exporters.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.export.DropReason;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.core.risk.DataCategory;
import dev.agentrace.core.risk.Redaction;
import dev.agentrace.exporters.FakeSpan;
import dev.agentrace.exporters.console.ConsoleExporter;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import dev.agentrace.exporters.slf4j.Slf4jExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security scenarios, end to end through the real pipeline and real servers: secrets in span data are
 * redacted before every exporter (OTLP, JSONL, console, SLF4J, live start events included); credentials
 * given as OTLP headers never surface in a result, an exception or a log line, whatever way the export
 * fails; OTLP over TLS works with a trusted test certificate and fails closed — at once, and with nothing
 * sent in clear — on an untrusted one or a wrong host name.
 *
 * <p>Every secret has random parts made for the run, so a match cannot be a coincidence, and every "never
 * appears" check is paired with proof that the output under check is really there (the redaction marker,
 * the log line, the control run without redaction), so an empty output cannot pass for a clean one.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SecurityReliabilityTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final HeldCertificate CA = new HeldCertificate.Builder().commonName("Agentrace Test CA")
      .certificateAuthority(0).build();

  @TempDir
  Path dir;

  /** Letters and digits, both always present (the key detectors want a mix), {@code n} characters. */
  private static String random(int n) {
    StringBuilder b = new StringBuilder("q7");
    while (b.length() < n) {
      b.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
    }
    return b.toString();
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Replaces System.err, where slf4j-simple writes every log line of this JVM, until closed. */
  private static final class Stderr implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Stderr() {
      System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    String text() {
      System.err.flush();
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() {
      System.setErr(original);
    }
  }

  private static MockResponse ok() {
    return new MockResponse.Builder().code(200).build();
  }

  private static MockWebServer answering(Dispatcher dispatcher) throws IOException {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(dispatcher);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    return server;
  }

  private static Dispatcher always(MockResponse response) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return response;
      }
    };
  }

  private static String describe(ExportResult r) {
    StringWriter trace = new StringWriter();
    if (r.error() != null) {
      r.error().printStackTrace(new PrintWriter(trace));
    }
    return r + " | " + r.reason() + " | " + trace;
  }

  // ---------------------------------------------------------------- redaction before every exporter

  /** One secret of each credential kind the default redaction covers. */
  private record Secrets(String openAiKey, String bearerToken, String jwt, String awsKeyId, String privateKeyPem,
      String githubToken, String namedApiKey) {

    static Secrets fresh() {
      String pem = new HeldCertificate.Builder().rsa2048().build().privateKeyPkcs8Pem();
      StringBuilder aws = new StringBuilder("AKIA");
      while (aws.length() < 20) {
        aws.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(RANDOM.nextInt(32)));
      }
      return new Secrets("sk-proj-" + random(40), random(32),
          base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64Url("{\"sub\":\"" + random(12) + "\"}") + "." + random(43),
          aws.toString(), pem, "ghp_" + random(36), random(28));
    }

    /** One line of the key's base64 body: no quote, backslash or line break, so no exporter's escaping can hide it. */
    String privateKeyLine() {
      return privateKeyPem.lines().skip(2).findFirst().orElseThrow();
    }

    /** What must never reach an exporter once redacted. */
    Map<String, String> needles() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("OpenAI key", openAiKey);
      m.put("bearer token", bearerToken);
      m.put("JWT", jwt);
      m.put("AWS key id", awsKeyId);
      m.put("private key", privateKeyLine());
      m.put("GitHub token", githubToken);
      m.put("api_key attribute", namedApiKey);
      return m;
    }
  }

  /** What each exporter wrote, and the SDK's account. */
  private record Outputs(String otlp, String jsonl, String console, String log, SdkStats stats, int otlpSpans) {
    Map<String, String> byExporter() {
      return Map.of("OTLP", otlp, "JSONL", jsonl, "console", console, "SLF4J", log);
    }
  }

  /**
   * An agent run with a secret in every place redaction covers: a start-time input and attribute (seen live
   * by the start-event exporters), inputs, outputs, span and event attributes, an error's message (status,
   * exception event and its stack trace).
   */
  private static void agentRun(Tracer tracer, Secrets s) {
    try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT)
        .input(Map.of("question", "deploy it, my key is " + s.openAiKey()))
        .attribute("api_key", s.namedApiKey())
        .start()) {
      try (Span llm = tracer.span("plan").kind(SpanKind.LLM).model("gpt-4o")
          .input("call the API with Authorization: Bearer " + s.bearerToken()).start()) {
        llm.attribute("note", "aws key id " + s.awsKeyId() + " in the config");
        llm.event("tool_call", Map.of("header", "token " + s.githubToken()));
        llm.output("your session is " + s.jwt()).ok();
      }
      try (Span tool = tracer.span("sign_release").kind(SpanKind.TOOL).input("sign v1.4.2").start()) {
        tool.error(new IllegalStateException("signing failed with key\n" + s.privateKeyPem()));
      }
      run.output("done").ok();
    }
  }

  private Outputs runThroughEveryExporter(Redaction redaction, Secrets secrets, String name) throws Exception {
    Path jsonl = dir.resolve(name + ".jsonl");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (MockWebServer otlp = answering(always(ok())); Stderr log = new Stderr()) {
      AgentraceSdk sdk = AgentraceSdk.builder().agent("support-bot").version("1.4.2").environment("security")
          .shutdownHook(false)
          .batchDelay(Duration.ofMillis(20))
          .redaction(redaction)
          .exporter(OtlpHttpExporter.builder().endpoint(otlp.url("/").toString()).build())
          .exporter(JsonlExporter.create(jsonl))
          // Previews as long as the data: a secret cut off by a short preview would pass without being redacted.
          .exporter(ConsoleExporter.builder().target(new PrintStream(console, true, StandardCharsets.UTF_8))
              .color(ConsoleExporter.ColorMode.OFF).previewLength(100_000).build())
          .exporter(Slf4jExporter.create())
          .build();
      agentRun(sdk.tracer(), secrets);
      SdkStats stats = sdk.shutdown(WAIT);
      StringBuilder bodies = new StringBuilder();
      int spans = 0;
      for (int i = otlp.getRequestCount(); i > 0; i--) {
        RecordedRequest r = otlp.takeRequest(10, TimeUnit.SECONDS);
        byte[] body = r.getBody().toByteArray();
        ExportTraceServiceRequest decoded = ExportTraceServiceRequest.parseFrom(body);
        for (var rs : decoded.getResourceSpansList()) {
          for (var ss : rs.getScopeSpansList()) {
            spans += ss.getSpansCount();
          }
        }
        // Protobuf carries strings as raw UTF-8: the body read as text shows every string the collector gets.
        bodies.append(new String(body, StandardCharsets.ISO_8859_1));
      }
      return new Outputs(bodies.toString(), Files.readString(jsonl), console.toString(StandardCharsets.UTF_8), log.text(),
          stats, spans);
    }
  }

  @Test
  void redaction_secretsInEveryField_neverReachAnyExporter() throws Exception {
    Secrets secrets = Secrets.fresh();

    // Control: without redaction the secrets do reach the exporters, so the checks below look where they are.
    Outputs plain = runThroughEveryExporter(Redaction.none(), secrets, "plain");
    secrets.needles().forEach((what, needle) -> {
      assertThat(plain.otlp()).as("OTLP without redaction carries the %s", what).contains(needle);
      assertThat(plain.jsonl()).as("JSONL without redaction carries the %s", what).contains(needle);
    });
    assertThat(plain.console()).contains(secrets.openAiKey(), secrets.bearerToken(), secrets.jwt(), secrets.privateKeyLine());
    assertThat(plain.log()).contains(secrets.namedApiKey(), secrets.awsKeyId(), secrets.privateKeyLine());

    Outputs redacted = runThroughEveryExporter(Redaction.defaults(), secrets, "redacted");

    assertThat(redacted.stats().spansExported()).isEqualTo(3);
    assertThat(redacted.otlpSpans()).isEqualTo(3);
    redacted.byExporter().forEach((exporter, output) -> secrets.needles().forEach((what, needle) ->
        assertThat(output).as("%s output must not hold the %s", exporter, what).doesNotContain(needle)));
    for (String output : List.of(redacted.otlp(), redacted.jsonl())) {
      assertThat(output).contains(Redaction.marker(DataCategory.API_KEY), Redaction.marker(DataCategory.BEARER_TOKEN),
          Redaction.marker(DataCategory.JWT), Redaction.marker(DataCategory.CLOUD_ACCESS_KEY),
          Redaction.marker(DataCategory.PRIVATE_KEY));
    }
    // The live start event of the root carries its start-time input, redacted before the start-event exporters.
    assertThat(redacted.jsonl().lines().filter(l -> l.contains("\"event\":\"start\"") && l.contains("handle_ticket")))
        .singleElement().asString().contains(Redaction.marker(DataCategory.API_KEY));
    assertThat(redacted.console()).contains("> AGENT handle_ticket", Redaction.marker(DataCategory.API_KEY),
        Redaction.marker(DataCategory.JWT), Redaction.marker(DataCategory.PRIVATE_KEY));
    assertThat(redacted.log()).contains("span name=plan", Redaction.marker(DataCategory.CLOUD_ACCESS_KEY),
        Redaction.marker(DataCategory.PRIVATE_KEY));

    Reliability.record(Reliability.row("Redaction before every exporter",
        "1 agent run (3 spans, live starts) through OTLP, JSONL, console and SLF4J at once",
        "OpenAI key, bearer token, JWT, AWS key id, private key, GitHub token, secret-named attribute in inputs,"
            + " outputs, attributes, events and an error",
        redacted.stats(), "no secret in any exporter's output; markers present; control run without redaction shows"
            + " every secret"));
  }

  // ---------------------------------------------------------------- credentials in failure paths

  @Test
  void credentials_everyFailurePath_neverInResultsExceptionsOrLogs() throws Exception {
    String token = random(32);
    String apiKey = "key-" + random(24);
    String basic = Base64.getEncoder().encodeToString(("svc-agent:" + random(20)).getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "x-api-key", apiKey,
        "x-backend-auth", "Basic " + basic);
    // The credentials, and their ends: a message cut through a credential must not leave half of it.
    List<String> secrets = new ArrayList<>();
    for (String s : List.of(token, apiKey, basic)) {
      secrets.addAll(List.of(s, s.substring(0, 12), s.substring(s.length() - 12)));
    }
    String echo = "invalid credentials: Authorization=Bearer " + token + ", unknown token " + token + ", x-api-key "
        + apiKey + ", auth Basic " + basic;
    byte[] rpcStatus = rpcStatus(16, echo);
    byte[] partial = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
        .setRejectedSpans(1).setErrorMessage("rejected for tenant " + apiKey + " with " + token)).build().toByteArray();
    byte[] warning = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
        .setErrorMessage("deprecated auth " + token + " for " + apiKey)).build().toByteArray();

    Dispatcher echoing = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return switch (request.getUrl().encodedPath()) {
          case "/unauthorized" -> new MockResponse.Builder().code(401).setHeader("Content-Type", "text/plain").body(echo).build();
          case "/forbidden" -> new MockResponse.Builder().code(403).setHeader("Content-Type", "application/x-protobuf")
              .body(new Buffer().write(rpcStatus)).build();
          // The token starts 13 characters before the 300-character cut of the message.
          case "/long" -> new MockResponse.Builder().code(400).setHeader("Content-Type", "text/plain")
              .body("x".repeat(280) + " token " + token + " is not valid here").build();
          case "/unavailable" -> new MockResponse.Builder().code(503).setHeader("Content-Type", "text/plain").body(echo).build();
          case "/partial" -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/x-protobuf")
              .body(new Buffer().write(partial)).build();
          case "/warning" -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/x-protobuf")
              .body(new Buffer().write(warning)).build();
          case "/stall" -> new MockResponse.Builder().code(200).headersDelay(10, TimeUnit.SECONDS).build();
          default -> new MockResponse.Builder().code(404).build();
        };
      }
    };
    HeldCertificate selfSigned = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
    List<String> seen = new ArrayList<>();
    SdkStats sdkStats;
    try (MockWebServer server = answering(echoing); MockWebServer tls = https(selfSigned); Stderr log = new Stderr()) {
      MockWebServer closed = new MockWebServer();
      closed.start(InetAddress.getByName("127.0.0.1"), 0);
      String refusedUrl = closed.url("/v1/traces").toString();
      closed.close();

      Map<String, ExportResult> results = new LinkedHashMap<>();
      for (String path : List.of("/unauthorized", "/forbidden", "/long", "/unavailable", "/partial", "/warning", "/stall")) {
        OtlpHttpExporter e = withHeaders(OtlpHttpExporter.builder().endpoint(server.url(path).toString()), headers)
            .timeout(Duration.ofSeconds(path.equals("/stall") ? 1 : 5)).build();
        results.put(path, e.export(List.of(FakeSpan.valid("x", SpanKind.LLM))));
        seen.add(e.toString());
      }
      results.put("refused", withHeaders(OtlpHttpExporter.builder().endpoint(refusedUrl), headers).build()
          .export(List.of(FakeSpan.valid("x", SpanKind.LLM))));
      results.put("tls", withHeaders(OtlpHttpExporter.builder().endpoint("https://127.0.0.1:" + tls.getPort()), headers)
          .build().export(List.of(FakeSpan.valid("x", SpanKind.LLM))));
      results.values().forEach(r -> seen.add(describe(r)));

      // Each path failed the way it should, and the echoed credential was there to be blanked.
      assertThat(results.get("/unauthorized").reason()).contains("HTTP 401", "<redacted>");
      assertThat(results.get("/forbidden").reason()).contains("HTTP 403", "<redacted>");
      assertThat(results.get("/long").reason()).contains("HTTP 400", " token <");
      assertThat(results.get("/unavailable").reason()).contains("HTTP 503", "<redacted>", "gave up");
      assertThat(results.get("/partial").isSuccess()).isTrue();
      assertThat(results.get("/partial").reason()).contains("<redacted>");
      assertThat(results.get("/warning").isSuccess()).isTrue();
      assertThat(results.get("/stall").reason()).containsIgnoringCase("timeout");
      assertThat(results.get("refused").reason()).contains("failed", "gave up");
      assertThat(results.get("tls").reason()).contains("TLS handshake");
      assertThat(results.get("tls").error()).isInstanceOf(SSLHandshakeException.class);
      assertThat(results.values()).filteredOn(r -> !r.isSuccess()).hasSize(7);
      assertThat(seen.get(0)).contains("Authorization", "x-api-key");

      assertThatThrownBy(() -> OtlpHttpExporter.builder().header("Authorization", "Bearer " + token + "\n"))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(ex -> seen.add(ex.toString()));

      // Through the SDK: the pipeline logs the failure (re-armed, as it logs each kind once per JVM).
      Warnings.reset();
      AgentraceSdk sdk = AgentraceSdk.builder().agent("support-bot").version("1").environment("security")
          .shutdownHook(false).batchDelay(Duration.ofMillis(20))
          .exporter(withHeaders(OtlpHttpExporter.builder().endpoint(server.url("/unauthorized").toString()), headers).build())
          .build();
      for (int i = 0; i < 3; i++) {
        sdk.tracer().span("step").start().end();
      }
      assertThat(sdk.flush(WAIT)).isTrue();
      sdkStats = sdk.shutdown(WAIT);
      seen.add(sdkStats.toString());
      seen.add(sdk.toString());
      String logged = log.text();
      assertThat(logged).contains("accepted the spans with a warning", "Exporter OtlpHttpExporter{", "HTTP 401");
      seen.add(logged);
    }

    assertThat(sdkStats.dropped(DropReason.EXPORT_FAILED)).isEqualTo(3);
    for (String text : seen) {
      for (String secret : secrets) {
        assertThat(text).as("a credential leaked").doesNotContain(secret);
      }
    }

    Reliability.record(Reliability.row("OTLP credentials in every failure path",
        "3 credential headers (Bearer, API key, Basic); 9 export failures and answers, then 3 spans through the SDK",
        "401 and 503 echoing the credentials (text), 403 google.rpc.Status echoing them, 400 cutting a token at the"
            + " message limit, partial success and warning echoing them, stall past the timeout, connection refused,"
            + " untrusted TLS certificate, bad header value",
        sdkStats, "no credential (nor its first or last 12 characters) in results, exception traces, toString,"
            + " stats or the log"));
  }

  private static OtlpHttpExporter.Builder withHeaders(OtlpHttpExporter.Builder b, Map<String, String> headers) {
    headers.forEach(b::header);
    return b.initialBackoff(Duration.ofMillis(10)).maxRetryTime(Duration.ofMillis(300));
  }

  /** google.rpc.Status { int32 code = 1; string message = 2; }, written with protobuf's own encoder. */
  private static byte[] rpcStatus(int code, String message) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream w = com.google.protobuf.CodedOutputStream.newInstance(out);
    w.writeInt32(1, code);
    w.writeString(2, message);
    w.flush();
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- TLS

  private static MockWebServer https(HeldCertificate serverCertificate) throws IOException {
    MockWebServer server = new MockWebServer();
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(serverCertificate).build().sslSocketFactory());
    server.setDispatcher(always(ok()));
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    return server;
  }

  private Path caFile() throws IOException {
    Path pem = dir.resolve("ca.pem");
    Files.writeString(pem, CA.certificatePem());
    return pem;
  }

  /** The bytes the client put on the wire, read as text: plaintext HTTP would show here. */
  private static void assertNothingInClear(RecordingRelay relay, String... secrets) {
    byte[] wire = relay.clientBytes();
    assertThat(wire).as("the client spoke").isNotEmpty();
    assertThat(wire[0]).as("a TLS handshake record, not HTTP").isEqualTo((byte) 0x16);
    String text = new String(wire, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("POST", "/v1/traces", "x-api-key", "Authorization");
    for (String s : secrets) {
      assertThat(text).doesNotContain(s);
    }
  }

  @Test
  void tls_trustedCertificate_deliversSpansAndNothingInClear() throws Exception {
    HeldCertificate cert = new HeldCertificate.Builder().commonName("collector").addSubjectAlternativeName("127.0.0.1")
        .signedBy(CA).build();
    String apiKey = "key-" + random(24);
    String marker = "payload-" + random(16);
    try (MockWebServer server = https(cert); RecordingRelay relay = new RecordingRelay(server.getSocketAddress())) {
      AgentraceSdk sdk = AgentraceSdk.builder().agent("support-bot").version("1").environment("security")
          .shutdownHook(false).batchDelay(Duration.ofMillis(20))
          .exporter(OtlpHttpExporter.builder().endpoint("https://127.0.0.1:" + relay.port())
              .trustedCertificates(caFile()).header("x-api-key", apiKey).build())
          .build();
      for (int i = 0; i < 5; i++) {
        sdk.tracer().span("tls_step").input(marker).start().end();
      }
      SdkStats stats = sdk.shutdown(WAIT);

      assertThat(stats.spansExported()).isEqualTo(5);
      RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(request.getHandshake()).as("received over TLS").isNotNull();
      assertThat(request.getHeaders().get("x-api-key")).isEqualTo(apiKey);
      ExportTraceServiceRequest decoded = ExportTraceServiceRequest.parseFrom(request.getBody().toByteArray());
      assertThat(decoded.getResourceSpans(0).getScopeSpans(0).getSpansList())
          .hasSize(5).allSatisfy(s -> assertThat(s.getName()).isEqualTo("tls_step"));
      assertNothingInClear(relay, apiKey, marker, "tls_step");

      Reliability.record(Reliability.row("OTLP over TLS, certificate trusted through trustedCertificates(PEM)",
          "5 spans", "loopback HTTPS collector, certificate from a test CA", stats,
          "delivered and decoded; the wire tap saw only TLS records"));
    }
  }

  @Test
  void tls_untrustedSelfSignedCertificate_failsClosedAtOnce() throws Exception {
    HeldCertificate selfSigned = new HeldCertificate.Builder().commonName("collector")
        .addSubjectAlternativeName("127.0.0.1").build();
    assertFailsClosed(selfSigned, null, SSLHandshakeException.class, "OTLP over TLS, untrusted self-signed certificate");
  }

  @Test
  void tls_certificateForAnotherHost_failsClosedAtOnce() throws Exception {
    HeldCertificate otherHost = new HeldCertificate.Builder().commonName("collector")
        .addSubjectAlternativeName("collector.example").signedBy(CA).build();
    assertFailsClosed(otherHost, caFile(), SSLPeerUnverifiedException.class, "OTLP over TLS, certificate for another host");
  }

  private void assertFailsClosed(HeldCertificate serverCertificate, Path trusted, Class<? extends Exception> expected,
      String scenario) throws Exception {
    String apiKey = "key-" + random(24);
    String marker = "payload-" + random(16);
    try (MockWebServer server = https(serverCertificate); RecordingRelay relay = new RecordingRelay(server.getSocketAddress())) {
      OtlpHttpExporter.Builder builder = OtlpHttpExporter.builder().endpoint("https://127.0.0.1:" + relay.port())
          .header("x-api-key", apiKey)
          // A budget that would allow many retries: the certificate failure must not use it.
          .initialBackoff(Duration.ofMillis(10)).maxRetryTime(Duration.ofSeconds(30));
      if (trusted != null) {
        builder.trustedCertificates(trusted);
      }
      FakeSpan span = FakeSpan.valid("tls_step", SpanKind.TOOL);
      span.input = "\"" + marker + "\"";
      ExportResult direct = builder.build().export(List.of(span));
      assertThat(direct.isSuccess()).isFalse();
      assertThat(direct.reason()).contains("TLS handshake", "not retried");
      assertThat(direct.error()).isInstanceOf(expected);
      assertThat(relay.connections()).as("one attempt, no retry").isEqualTo(1);

      AgentraceSdk sdk = AgentraceSdk.builder().agent("support-bot").version("1").environment("security")
          .shutdownHook(false).batchDelay(Duration.ofMillis(20))
          .exporter(builder.build())
          .build();
      for (int i = 0; i < 5; i++) {
        sdk.tracer().span("tls_step").input(marker).start().end();
      }
      SdkStats stats = sdk.shutdown(WAIT);

      assertThat(stats.spansExported()).isZero();
      assertThat(stats.dropped(DropReason.EXPORT_FAILED)).isEqualTo(5);
      assertThat(stats.spansStarted()).isEqualTo(stats.spansExported() + stats.spansDropped());
      assertThat(relay.connections()).as("one more connection per failed batch, none for a retry")
          .isEqualTo(1 + stats.exportFailures());
      assertNothingInClear(relay, apiKey, marker, "tls_step");
      // The server read no request: at most a record of the failed handshake.
      for (RecordedRequest r; (r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
        assertThat(r.getFailure()).as("only failed handshakes, no request").isNotNull();
      }

      Reliability.record(Reliability.row(scenario, "1 direct export, then 5 spans through the SDK",
          "loopback HTTPS collector; retry budget 30 s", stats,
          "failed at once (" + expected.getSimpleName() + "), one connection per batch; the wire tap saw no plaintext"));
    }
  }
}
