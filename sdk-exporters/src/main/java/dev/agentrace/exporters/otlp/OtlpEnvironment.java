package dev.agentrace.exporters.otlp;

import dev.agentrace.api.internal.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Applies the OpenTelemetry OTLP exporter environment variables to a builder, following the
 * specification's rules: a signal-specific variable ({@code OTEL_EXPORTER_OTLP_TRACES_*}) takes
 * precedence over the generic one; the generic endpoint is a base URL to which {@code v1/traces} is
 * appended, the traces endpoint is used as is; headers are W3C-baggage-like {@code key=value} pairs
 * separated by commas, values percent-decoded; the timeout is in milliseconds; the certificate is the path
 * of a PEM file of certificates to trust. Blank values count as unset. Stateless.
 */
final class OtlpEnvironment {
  static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  static final String HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
  static final String TRACES_HEADERS = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";
  static final String COMPRESSION = "OTEL_EXPORTER_OTLP_COMPRESSION";
  static final String TRACES_COMPRESSION = "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION";
  static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
  static final String TRACES_PROTOCOL = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
  static final String TIMEOUT = "OTEL_EXPORTER_OTLP_TIMEOUT";
  static final String TRACES_TIMEOUT = "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT";
  static final String CERTIFICATE = "OTEL_EXPORTER_OTLP_CERTIFICATE";
  static final String TRACES_CERTIFICATE = "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE";

  private OtlpEnvironment() {}

  /** Applies {@code env} to {@code b}; throws IllegalArgumentException naming the variable on a bad value. */
  static void apply(OtlpHttpExporter.Builder b, Map<String, String> env) {
    String tracesEndpoint = get(env, TRACES_ENDPOINT);
    String endpoint = get(env, ENDPOINT);
    if (tracesEndpoint != null) {
      b.tracesUrl(tracesEndpoint, TRACES_ENDPOINT);
    } else if (endpoint != null) {
      b.tracesUrl(endpoint + (endpoint.endsWith("/") ? "" : "/") + "v1/traces", ENDPOINT);
    }

    String protocolVar = get(env, TRACES_PROTOCOL) != null ? TRACES_PROTOCOL : PROTOCOL;
    String protocol = get(env, protocolVar);
    if (protocol != null) {
      switch (protocol.toLowerCase(Locale.ROOT)) {
        case "http/protobuf" -> { }
        case "http/json" -> b.json();
        case "grpc" -> throw new IllegalArgumentException(protocolVar + "=grpc is not supported: Agentrace exports OTLP"
            + " over HTTP. Use http/protobuf or http/json and the collector's HTTP port (usually 4318, not 4317).");
        default -> throw new IllegalArgumentException(protocolVar + " must be http/protobuf or http/json, got \"" + protocol + "\"");
      }
    }

    String headersVar = get(env, TRACES_HEADERS) != null ? TRACES_HEADERS : HEADERS;
    String headers = get(env, headersVar);
    if (headers != null) {
      parseHeaders(headers, headersVar).forEach(b::header);
    }

    String compressionVar = get(env, TRACES_COMPRESSION) != null ? TRACES_COMPRESSION : COMPRESSION;
    String compression = get(env, compressionVar);
    if (compression != null) {
      try {
        b.compression(compression);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(compressionVar + ": " + e.getMessage(), e);
      }
    }

    String timeoutVar = get(env, TRACES_TIMEOUT) != null ? TRACES_TIMEOUT : TIMEOUT;
    String timeout = get(env, timeoutVar);
    if (timeout != null) {
      long millis;
      try {
        millis = Long.parseLong(timeout);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(timeoutVar + " must be a whole number of milliseconds, got \"" + timeout + "\"", e);
      }
      if (millis <= 0) {
        throw new IllegalArgumentException(timeoutVar + " must be a positive number of milliseconds, got " + millis);
      }
      b.timeout(Duration.ofMillis(millis));
    }

    String certificateVar = get(env, TRACES_CERTIFICATE) != null ? TRACES_CERTIFICATE : CERTIFICATE;
    String certificate = get(env, certificateVar);
    if (certificate != null) {
      Path path;
      try {
        path = Path.of(certificate);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(certificateVar + " must be the path of a PEM file, got \"" + certificate + "\"", e);
      }
      b.trustedCertificates(path, certificateVar);
    }
  }

  /**
   * Parses {@code k1=v1,k2=v2}: entries and both sides of '=' are trimmed, empty entries skipped, values
   * percent-decoded (a '+' stays a '+': base64 credentials contain it). Error messages name the entry's key
   * but never a value.
   */
  static Map<String, String> parseHeaders(String spec, String variable) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    int index = 0;
    for (String entry : spec.split(",", -1)) {
      index++;
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(variable + ": entry " + index + " is not of the form key=value"
            + (eq == 0 ? " (empty key)" : " (no '=')"));
      }
      String key = e.substring(0, eq).trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException(variable + ": entry " + index + " has an empty key");
      }
      out.put(key, percentDecode(e.substring(eq + 1).trim(), variable, key));
    }
    return out;
  }

  private static String percentDecode(String s, String variable, String key) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); ) {
      if (s.charAt(i) != '%') {
        out.append(s.charAt(i++));
        continue;
      }
      // A run of %XX escapes is one UTF-8 sequence (or several): decode the run as a whole.
      run.reset();
      while (i < s.length() && s.charAt(i) == '%') {
        int hi = i + 2 < s.length() ? Hex.digitIgnoreCase(s.charAt(i + 1)) : -1;
        int lo = i + 2 < s.length() ? Hex.digitIgnoreCase(s.charAt(i + 2)) : -1;
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException(variable + ": the value of header '" + key + "' has a malformed %-escape"
              + " at index " + i + " (the value is not shown)");
        }
        run.write((hi << 4) | lo);
        i += 3;
      }
      out.append(run.toString(StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static String get(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
