package dev.agentrace.opentelemetry;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A loopback OTLP/HTTP protobuf receiver for tests: decodes every request to {@code /<path>} with the official
 * opentelemetry-proto classes and keeps the spans, per path, with their resource attributes.
 */
final class OtlpReceiver implements AutoCloseable {
  /** A received span, its resource's attributes and the request path it came on. */
  record Received(String path, Map<String, AnyValue> resource, String scope, Span span) {
    String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    String parentSpanId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    Map<String, AnyValue> attributes() {
      return OtlpReceiver.map(span.getAttributesList());
    }
  }

  private final HttpServer server;
  private final List<Received> spans = new ArrayList<>();

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (InputStream raw = exchange.getRequestBody()) {
        InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
            ? new GZIPInputStream(raw) : raw;
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
        String path = exchange.getRequestURI().getPath();
        synchronized (spans) {
          for (ResourceSpans rs : request.getResourceSpansList()) {
            Map<String, AnyValue> resource = map(rs.getResource().getAttributesList());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
              for (Span s : ss.getSpansList()) {
                spans.add(new Received(path, resource, ss.getScope().getName(), s));
              }
            }
          }
          spans.notifyAll();
        }
        byte[] body = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
      } catch (RuntimeException | IOException e) {
        exchange.sendResponseHeaders(400, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  /** The base URL, without a path. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Waits until {@code done} holds for the spans received so far, and returns them; fails after {@code timeout}. */
  List<Received> await(Predicate<List<Received>> done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (spans) {
      while (!done.test(spans)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("OTLP receiver: condition not met within " + timeout + "; received "
              + spans.stream().map(r -> r.path() + ":" + r.span().getName()).toList());
        }
        spans.wait(Math.max(1, left / 1_000_000));
      }
      return List.copyOf(spans);
    }
  }

  static Map<String, AnyValue> map(List<KeyValue> kvs) {
    Map<String, AnyValue> m = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      m.put(kv.getKey(), kv.getValue());
    }
    return m;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
