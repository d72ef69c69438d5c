package dev.agentrace.exporters.otlp;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import mockwebserver3.RecordedRequest;

/** Decodes what the exporter sent with the official opentelemetry-proto classes. */
final class OtlpDecoding {
  private static final Pattern HEX_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([0-9a-fA-F]*)\"");

  private OtlpDecoding() {}

  /** The request body, gunzipped when the request says it is gzip-encoded. */
  static byte[] body(RecordedRequest request) throws IOException {
    byte[] raw = request.getBody().toByteArray();
    if ("gzip".equals(request.getHeaders().get("Content-Encoding"))) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        return in.readAllBytes();
      }
    }
    return raw;
  }

  /** Parses a protobuf or JSON body, by the request's Content-Type. */
  static ExportTraceServiceRequest decode(RecordedRequest request) throws IOException {
    byte[] body = body(request);
    String type = request.getHeaders().get("Content-Type");
    if (type != null && type.startsWith("application/json")) {
      return fromJson(new String(body, StandardCharsets.UTF_8));
    }
    return ExportTraceServiceRequest.parseFrom(body);
  }

  /**
   * OTLP/JSON carries ids as hex, but protobuf's JsonFormat reads bytes fields as base64: convert the ids
   * first, as the OTLP specification tells receivers to.
   */
  static ExportTraceServiceRequest fromJson(String json) throws IOException {
    Matcher m = HEX_ID.matcher(json);
    StringBuilder converted = new StringBuilder();
    while (m.find()) {
      String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(m.group(2)));
      m.appendReplacement(converted, Matcher.quoteReplacement("\"" + m.group(1) + "\":\"" + base64 + "\""));
    }
    m.appendTail(converted);
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    JsonFormat.parser().merge(converted.toString(), b);
    return b.build();
  }

  static List<Span> spans(ExportTraceServiceRequest request) {
    List<Span> spans = new ArrayList<>();
    request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
    return spans;
  }

  static Span span(ExportTraceServiceRequest request, String name) {
    return spans(request).stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span named " + name + " in " + spans(request).stream().map(Span::getName).toList()));
  }

  static String hex(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  /** Attributes as a map of plain Java values: String, Long, Double, Boolean, or List of those. */
  static Map<String, Object> attributes(List<KeyValue> kvs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      if (m.put(kv.getKey(), value(kv.getValue())) != null) {
        throw new AssertionError("duplicate attribute key " + kv.getKey());
      }
    }
    return m;
  }

  private static Object value(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> v.getBoolValue();
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpDecoding::value).toList();
      default -> throw new AssertionError("unexpected value " + v);
    };
  }
}
