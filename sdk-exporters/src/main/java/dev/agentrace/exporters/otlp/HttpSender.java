package dev.agentrace.exporters.otlp;

import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.exporters.internal.otlp.ResponseReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP half of {@link OtlpHttpExporter}: POSTs one encoded request, retries what the OTLP specification
 * calls retryable (429, 502, 503, 504, connection failures) with jittered exponential backoff or the
 * server's {@code Retry-After} within the retry budget, reads the answer for a partial success or an error
 * message, and blanks header values (credentials) out of every message it produces. Thread-safe;
 * {@link #shutdown} cuts a retry wait short.
 */
final class HttpSender {
  /** Under the exporter's name, the logger a user knows to configure. */
  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpExporter.class);
  private static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Error bodies are read for a message only; a misbehaving server cannot make us buffer megabytes. */
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final String USER_AGENT = "agentrace-java-otlp-exporter";
  /** At most this many kinds of retried failure are logged per exporter. */
  private static final int MAX_WARNED_KINDS = 16;

  final OkHttpClient client;
  private final HttpUrl url;
  private final boolean json;
  private final boolean gzip;
  private final Headers headers;
  /** Header values and the words in them, longest first, blanked out of every message this exporter produces. */
  private final List<String> secrets;
  private final long maxRetryNanos;
  private final long initialBackoffNanos;
  private final CountDownLatch shutdownSignal = new CountDownLatch(1);
  private final AtomicBoolean warnedPartial = new AtomicBoolean();
  /**
   * Kinds of retried failure (an exception class, an HTTP status) already logged: the first of each is logged
   * when it happens, with its cause, rather than only once the retry budget is spent.
   */
  private final Set<String> warnedRetries = ConcurrentHashMap.newKeySet();
  private volatile boolean shutdown;

  HttpSender(OtlpHttpExporter.Builder b) {
    this.url = b.url;
    this.json = b.json;
    this.gzip = b.gzip;
    Headers.Builder h = new Headers.Builder();
    Set<String> values = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : b.headers.entrySet()) {
      h.add(e.getKey(), e.getValue());
      // Values too short to be credentials are left alone: blanking "1" would garble "HTTP 401".
      if (e.getValue().length() >= 4) {
        values.add(e.getValue());
      }
      // A server that rejects "Bearer <token>" tends to echo the token alone ("invalid token sk-..."): blank
      // the words of the value too. Words shorter than 8 characters are schemes ("Bearer", "Basic"), not secrets.
      for (String word : e.getValue().split("[\\s,;=]+", -1)) {
        if (word.length() >= 8) {
          values.add(word);
        }
      }
    }
    this.headers = h.build();
    List<String> longestFirst = new ArrayList<>(values);
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(longestFirst);
    this.maxRetryNanos = b.maxRetryTime.toNanos();
    this.initialBackoffNanos = b.initialBackoff.toNanos();
    OkHttpClient.Builder client = new OkHttpClient.Builder()
        .connectTimeout(b.connectTimeout)
        .readTimeout(b.timeout)
        .writeTimeout(b.timeout)
        .callTimeout(b.timeout)
        .socketFactory(NoDelaySocketFactory.INSTANCE);
    if (b.sslContext != null) {
      client.sslSocketFactory(b.sslContext.getSocketFactory(), b.trustManager);
    }
    this.client = client.build();
  }

  /** One attempt's outcome: a final result, or a reason to retry with an optional server-given delay. */
  private record Attempt(ExportResult result, String retryReason, String retryKind, long retryAfterNanos) {
    static Attempt done(ExportResult r) {
      return new Attempt(r, null, null, -1);
    }

    /** @param kind what the failure is, for logging the first of each kind: an exception class, an HTTP status */
    static Attempt retry(String reason, String kind, long retryAfterNanos) {
      return new Attempt(null, reason, kind, retryAfterNanos);
    }
  }

  /** Whether {@link #shutdown} was called. */
  boolean isShutdown() {
    return shutdown;
  }

  /** Sends {@code body}, retrying within the budget; never throws. */
  ExportResult send(byte[] body) {
    long deadline = System.nanoTime() + maxRetryNanos;
    long backoff = initialBackoffNanos;
    for (int attempt = 1; ; attempt++) {
      Attempt a = attempt(body);
      if (a.result() != null) {
        return a.result();
      }
      String reason = redact(a.retryReason());
      if (maxRetryNanos > 0 && warnedRetries.size() < MAX_WARNED_KINDS && warnedRetries.add(a.retryKind())) {
        // A mistyped endpoint (connection refused, unknown host) is retried for the whole budget before the
        // SDK counts the batch as failed; the person must not wait that long, or for shutdown, to see why.
        Warnings.warn(LOG, "OTLP export failed, retrying for up to {} ms (logged for the first failure of each kind): {}",
            TimeUnit.NANOSECONDS.toMillis(maxRetryNanos), reason);
      }
      if (shutdown) {
        return ExportResult.failure(reason + " (not retried: the exporter is shut down)");
      }
      long wait = a.retryAfterNanos() >= 0 ? a.retryAfterNanos() : jitter(backoff);
      if (System.nanoTime() + wait - deadline > 0) {
        return ExportResult.failure(reason + " (gave up after " + attempt + (attempt == 1 ? " attempt" : " attempts")
            + ": the next retry would pass the " + TimeUnit.NANOSECONDS.toMillis(maxRetryNanos) + " ms retry budget)");
      }
      try {
        if (shutdownSignal.await(wait, TimeUnit.NANOSECONDS)) {
          return ExportResult.failure(reason + " (not retried: the exporter is shut down)");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExportResult.failure(reason + " (not retried: interrupted)");
      }
      backoff = Math.min(backoff * 2, Math.max(MAX_BACKOFF_NANOS, initialBackoffNanos));
    }
  }

  private Attempt attempt(byte[] body) {
    Request.Builder request = new Request.Builder()
        .url(url)
        .headers(headers)
        .header("User-Agent", USER_AGENT)
        .post(RequestBody.create(body, json ? JSON : PROTOBUF));
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    try (Response response = client.newCall(request.build()).execute()) {
      int code = response.code();
      ResponseBody responseBody = response.body();
      // The answer's encoding is its Content-Type's; a server that sends none answers in the request's.
      MediaType type = responseBody.contentType();
      boolean text = type != null && "text".equalsIgnoreCase(type.type());
      boolean jsonAnswer = type == null ? json : "json".equalsIgnoreCase(type.subtype()) || type.subtype().endsWith("+json");
      byte[] answer = readLimited(responseBody.byteStream());
      if (code >= 200 && code < 300) {
        return Attempt.done(text ? ExportResult.success() : partialSuccess(ResponseReader.partialSuccess(answer, jsonAnswer)));
      }
      String message = text
          ? new String(answer, StandardCharsets.UTF_8).strip()
          : ResponseReader.statusMessage(answer, jsonAnswer);
      // Redacted before shortened: a cut through an echoed credential would leave its first half unmatched.
      String reason = "HTTP " + code + " from " + describeUrl()
          + (message == null || message.isEmpty() ? "" : ": " + shorten(redact(message)));
      if (code == 429 || code == 502 || code == 503 || code == 504) {
        return Attempt.retry(reason, "HTTP " + code, retryAfterNanos(response.header("Retry-After")));
      }
      return Attempt.done(ExportResult.failure(redact(reason + (code >= 400 && code < 500 ? " (not retried)" : ""))));
    } catch (IOException e) {
      if (isCertificateFailure(e)) {
        // Fail closed, once: no request was sent, and the same certificate would be refused again.
        return Attempt.done(ExportResult.failure(redact("TLS handshake with " + describeUrl() + " failed, not retried"
            + " (the server's certificate is not trusted or does not match the host; see trustedCertificates): " + e), e));
      }
      // Connection refused or reset, DNS failure, timeout: transient by nature, so retried.
      return Attempt.retry("sending to " + describeUrl() + " failed: " + e, e.getClass().getName(), -1);
    } catch (RuntimeException e) {
      return Attempt.done(ExportResult.failure(redact("sending to " + describeUrl() + " failed: " + e), e));
    }
  }

  private ExportResult partialSuccess(ResponseReader.PartialSuccess p) {
    if (p.rejected() > 0) {
      return ExportResult.partialSuccess(p.rejected(), p.message() == null ? "the server gave no reason" : shorten(redact(p.message())));
    }
    if (p.message() != null && warnedPartial.compareAndSet(false, true)) {
      // rejected == 0 with a message is how OTLP servers send warnings; say it once, not per batch.
      Warnings.warn(LOG, "The OTLP server at {} accepted the spans with a warning: {}", describeUrl(), shorten(redact(p.message())));
    }
    return ExportResult.success();
  }

  /**
   * Whether a TLS failure is about the server's certificate (untrusted, expired, wrong host), which no retry
   * cures. A handshake cut short by the network has an I/O cause (EOF, reset) and stays retryable.
   */
  static boolean isCertificateFailure(IOException e) {
    if (e instanceof SSLPeerUnverifiedException) {
      return true;
    }
    if (!(e instanceof SSLHandshakeException)) {
      return false;
    }
    Throwable cause = e.getCause();
    for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return false;
      }
    }
    return true;
  }

  /** Retry-After: delay-seconds or an HTTP-date (RFC 9110); -1 when absent or unreadable. */
  static long retryAfterNanos(String header) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    String h = header.trim();
    try {
      return TimeUnit.SECONDS.toNanos(Math.max(0, Long.parseLong(h)));
    } catch (NumberFormatException notSeconds) {
      try {
        long millis = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
            - System.currentTimeMillis();
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
      } catch (DateTimeParseException notADate) {
        return -1;
      }
    }
  }

  /** Between half and all of {@code backoff}: spread out, but never a busy retry. */
  private static long jitter(long backoff) {
    long half = backoff / 2;
    return half + ThreadLocalRandom.current().nextLong(half + 1);
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    return in.readNBytes(MAX_RESPONSE_BYTES);
  }

  private static String shorten(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  private String redact(String message) {
    String m = message;
    for (String secret : secrets) {
      m = m.replace(secret, "<redacted>");
    }
    return m;
  }

  /** The URL without credentials or query, which may carry secrets. */
  String describeUrl() {
    return url.scheme() + "://" + url.host() + ":" + url.port() + url.encodedPath();
  }

  /** Stops retrying, including a wait in progress, and drops pooled connections; idempotent. */
  void shutdown() {
    if (shutdown) {
      return;
    }
    shutdown = true;
    shutdownSignal.countDown();
    // Calls are synchronous, so OkHttp's dispatcher never started threads; only pooled connections remain.
    client.connectionPool().evictAll();
  }

  /** The names of the configured headers; their values stay here. */
  Set<String> headerNames() {
    return headers.names();
  }
}
