package dev.agentrace.exporters.otlp;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.internal.otlp.JsonEncoder;
import dev.agentrace.exporters.internal.otlp.OtlpMapping;
import dev.agentrace.exporters.internal.otlp.ProtobufEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;

/**
 * Sends spans to any OpenTelemetry backend (an OTel Collector, Langfuse, Phoenix, Jaeger, Tempo...) over
 * OTLP/HTTP, as protobuf (the default) or JSON. Every span carries the OpenTelemetry GenAI attributes and
 * the OpenInference span kind; docs/exporters.md lists the mapping.
 *
 * <pre>{@code
 * SpanExporter otlp = OtlpHttpExporter.builder()
 *     .endpoint("http://localhost:4318")            // POSTs to http://localhost:4318/v1/traces
 *     .header("Authorization", "Bearer " + token)
 *     .compression("gzip")
 *     .build();
 * }</pre>
 *
 * <p>Delivery: a batch is one HTTP request. Responses 429, 502, 503 and 504 and connection failures are
 * retried with exponential backoff and jitter, honouring {@code Retry-After}, until the retry budget
 * ({@link Builder#maxRetryTime}) is spent; other responses are final. A partial success (the server
 * rejected some spans) is reported as {@link dev.agentrace.core.export.ExportResult#partialSuccess}. The
 * exporter never throws from {@link #export}; header values (credentials) never appear in its results,
 * logs or {@code toString()}.
 *
 * <p>TLS: an {@code https://} endpoint is verified against the JVM's trust store, or against the
 * certificates given to {@link Builder#trustedCertificates} (or a whole {@link Builder#sslContext}). It
 * fails closed: a certificate that is not trusted or does not match the host fails the batch at once,
 * without a retry (it would fail the same way) and without a byte of the batch sent.
 *
 * <p>Thread-safe; the SDK calls it from one export thread. {@link #shutdown} may come from any thread and
 * cuts a retry wait short.
 */
public final class OtlpHttpExporter implements SpanExporter {

  /** The default endpoint: a local OTel Collector's OTLP/HTTP port. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:4318";

  final HttpSender sender;
  private final boolean json;
  private final boolean gzip;

  private OtlpHttpExporter(Builder b) {
    this.sender = new HttpSender(b);
    this.json = b.json;
    this.gzip = b.gzip;
  }

  /** A builder with the defaults: {@value #DEFAULT_ENDPOINT}, protobuf, no compression, 10 s timeouts. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An exporter configured from the standard OpenTelemetry environment variables:
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (a base URL; {@code v1/traces} is appended),
   * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (used as is), {@code ..._HEADERS} ({@code k=v,k2=v2},
   * values percent-decoded), {@code ..._COMPRESSION} ({@code gzip}|{@code none}), {@code ..._PROTOCOL}
   * ({@code http/protobuf}|{@code http/json}), {@code ..._TIMEOUT} (milliseconds) and
   * {@code ..._CERTIFICATE} (a PEM file of certificates to trust, see {@link Builder#trustedCertificates}),
   * each with its {@code _TRACES_} form taking precedence. Unset variables keep the builder defaults.
   *
   * @throws IllegalArgumentException if a variable has a value this exporter cannot use (for example
   *     {@code grpc}); the message names the variable
   */
  public static OtlpHttpExporter fromEnvironment() {
    Builder b = builder();
    OtlpEnvironment.apply(b, System.getenv());
    return b.build();
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    if (sender.isShutdown()) {
      return ExportResult.failure("OtlpHttpExporter is shut down");
    }
    if (batch == null || batch.isEmpty()) {
      return ExportResult.success();
    }
    byte[] body;
    OtlpMapping.Batch prepared;
    try {
      prepared = OtlpMapping.prepare(batch);
      if (prepared.groups().isEmpty()) {
        return prepared.invalid() == 0
            ? ExportResult.success()
            : ExportResult.partialSuccess(prepared.invalid(), prepared.invalid() + " spans had invalid ids and were not sent");
      }
      body = json ? JsonEncoder.encode(prepared) : ProtobufEncoder.encode(prepared);
      if (gzip) {
        body = gzip(body);
      }
    } catch (RuntimeException | IOException e) {
      return ExportResult.failure("could not encode the batch: " + e, e);
    }
    ExportResult sent = sender.send(body);
    if (prepared.invalid() > 0 && sent.isSuccess()) {
      return ExportResult.partialSuccess(sent.rejected() + prepared.invalid(), prepared.invalid()
          + " spans had invalid ids and were not sent" + (sent.reason() == null ? "" : "; " + sent.reason()));
    }
    return sent;
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(body);
    }
    return out.toByteArray();
  }

  @Override
  public void shutdown() {
    sender.shutdown();
  }

  @Override
  public String toString() {
    Set<String> headers = sender.headerNames();
    return "OtlpHttpExporter{" + sender.describeUrl() + ", " + (json ? "http/json" : "http/protobuf") + (gzip ? ", gzip" : "")
        + (headers.isEmpty() ? "" : ", headers=" + headers) + "}";
  }

  /**
   * Configures an {@link OtlpHttpExporter}. Not thread-safe. Setters reject bad values at once with an
   * {@link IllegalArgumentException} naming the setting (header values are never echoed).
   */
  public static final class Builder {
    HttpUrl url = HttpUrl.get(DEFAULT_ENDPOINT + "/v1/traces");
    boolean json;
    boolean gzip;
    final Map<String, String> headers = new LinkedHashMap<>();
    Duration timeout = Duration.ofSeconds(10);
    Duration connectTimeout = Duration.ofSeconds(10);
    Duration maxRetryTime = Duration.ofSeconds(15);
    Duration initialBackoff = Duration.ofSeconds(1);
    /** Null: the JVM's default trust. Set together with {@link #trustManager}, which OkHttp needs as well. */
    SSLContext sslContext;
    X509TrustManager trustManager;

    Builder() {}

    /**
     * Where to send spans. A base URL (no path, or just "/") gets {@code /v1/traces} appended; a URL with
     * a path is used as is (for backends such as Langfuse whose path differs).
     */
    public Builder endpoint(String endpoint) {
      HttpUrl parsed = parse(endpoint, "endpoint");
      this.url = "/".equals(parsed.encodedPath()) ? parsed.newBuilder().encodedPath("/v1/traces").build() : parsed;
      return this;
    }

    /** Sets the full traces URL, used as is (the OTEL_EXPORTER_OTLP_TRACES_ENDPOINT rule). */
    Builder tracesUrl(String url, String source) {
      this.url = parse(url, source);
      return this;
    }

    /** Sends OTLP/JSON instead of protobuf. */
    public Builder json() {
      this.json = true;
      return this;
    }

    /**
     * Adds a request header, for example {@code Authorization}. A second call with the same name (case
     * insensitive) replaces the first. The value is kept out of every message and log.
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, "value of header " + name);
      if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
        throw new IllegalArgumentException("header name must be a non-empty HTTP token, got '" + name + "'");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < 0x20 && c != '\t') || c >= 0x7F) {
          throw new IllegalArgumentException("value of header '" + name + "' has a character not allowed in HTTP headers"
              + " at index " + i + " (the value is not shown)");
        }
      }
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
      headers.put(name, value);
      return this;
    }

    /** {@code "gzip"} or {@code "none"} (the default). */
    public Builder compression(String compression) {
      Objects.requireNonNull(compression, "compression");
      switch (compression.trim().toLowerCase(Locale.ROOT)) {
        case "gzip" -> gzip = true;
        case "none" -> gzip = false;
        default -> throw new IllegalArgumentException("compression must be \"gzip\" or \"none\", got \"" + compression + "\"");
      }
      return this;
    }

    /** Longest one HTTP attempt may take, connection included (default 10 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** Longest connecting may take (default 10 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * The retry budget: how long after a batch's first attempt a retry may still start (default 15 s).
     * {@link Duration#ZERO} turns retries off. A {@code Retry-After} that would end past the budget
     * fails the batch at once rather than waiting in vain.
     */
    public Builder maxRetryTime(Duration maxRetryTime) {
      Objects.requireNonNull(maxRetryTime, "maxRetryTime");
      if (maxRetryTime.isNegative()) {
        throw new IllegalArgumentException("maxRetryTime must be >= 0, got " + maxRetryTime);
      }
      this.maxRetryTime = maxRetryTime;
      return this;
    }

    /**
     * The wait before the first retry (default 1 s); each further wait doubles, up to 5 s, and is jittered
     * between half and all of its value so that many exporters do not retry in step.
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = positive(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * Trusts exactly the X.509 certificates in {@code pemFile} for an {@code https://} endpoint, instead of the
     * JVM's trust store: for a collector whose certificate is self-signed or issued by a private CA. The file
     * holds one or more {@code -----BEGIN CERTIFICATE-----} blocks (anything around them, such as comments
     * or a key, is ignored) and is read now, not at the first export. Replaces an earlier
     * {@link #sslContext}.
     *
     * @throws IllegalArgumentException if the file cannot be read or holds no readable PEM certificate; the
     *     message names the path
     */
    public Builder trustedCertificates(Path pemFile) {
      return trustedCertificates(pemFile, "trustedCertificates");
    }

    /** {@link #trustedCertificates(Path)}, with error messages naming {@code source} (an environment variable). */
    Builder trustedCertificates(Path pemFile, String source) {
      Objects.requireNonNull(pemFile, source);
      this.trustManager = PemTrust.trustManager(pemFile, source);
      this.sslContext = PemTrust.sslContext(trustManager);
      return this;
    }

    /**
     * Uses {@code sslContext} for TLS: for client certificates (mutual TLS) or a trust policy of your own.
     * {@code trustManager} must be the trust manager {@code sslContext} was initialised with; OkHttp needs it
     * to clean certificate chains. Replaces an earlier {@link #trustedCertificates}.
     */
    public Builder sslContext(SSLContext sslContext, X509TrustManager trustManager) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
      return this;
    }

    /** Builds the exporter. Nothing is sent until the first batch. */
    public OtlpHttpExporter build() {
      return new OtlpHttpExporter(this);
    }

    private static HttpUrl parse(String url, String what) {
      Objects.requireNonNull(url, what);
      HttpUrl parsed = HttpUrl.parse(url.trim());
      if (parsed == null) {
        throw new IllegalArgumentException(what + " must be an http:// or https:// URL, got \"" + url + "\"");
      }
      return parsed;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }

    private static boolean isTokenChar(int c) {
      return c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
  }
}
