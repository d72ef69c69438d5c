package dev.agentrace.exporters.internal.otlp;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.internal.JsonText;
import dev.agentrace.exporters.internal.Json;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * The Jackson-era JsonEncoder as it was before the buffer-writing rewrite, kept unchanged in the tests as
 * the byte-for-byte reference the new encoder is held to (the *ReferenceTest classes).
 *
 * <p>Encodes an {@code ExportTraceServiceRequest} as OTLP/JSON with Jackson's streaming generator: field names
 * in lowerCamelCase, trace and span ids as lowercase hex (not protobuf's base64), enums as integers and
 * 64-bit integers as decimal strings, as the OTLP specification requires. What goes in is decided by
 * {@link OtlpMapping}. Stateless and thread-safe.
 *
 * <p>Internal: not API, may change or disappear in any release.
 */
final class LegacyJsonEncoder {
  private LegacyJsonEncoder() {}

  /** The request for {@code batch}, which {@link OtlpMapping#prepare} made. */
  static byte[] encode(OtlpMapping.Batch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
      g.writeStartObject();
      g.writeArrayPropertyStart("resourceSpans");
      for (OtlpMapping.ResourceGroup group : batch.groups()) {
        g.writeStartObject();
        g.writeObjectPropertyStart("resource");
        attributes(g, group.resource());
        g.writeEndObject();
        g.writeArrayPropertyStart("scopeSpans");
        g.writeStartObject();
        g.writeObjectPropertyStart("scope");
        g.writeStringProperty("name", OtlpMapping.SCOPE_NAME);
        g.writeEndObject();
        g.writeArrayPropertyStart("spans");
        for (SpanData s : group.spans()) {
          span(g, s);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void span(JsonGenerator g, SpanData s) {
    g.writeStartObject();
    g.writeStringProperty("traceId", s.traceId());
    g.writeStringProperty("spanId", s.spanId());
    String traceState = s.spanContext() == null ? null : s.spanContext().traceState();
    if (traceState != null && !traceState.isEmpty()) {
      g.writeStringProperty("traceState", JsonText.wellFormed(traceState));
    }
    String parent = s.parentSpanId();
    if (parent != null && !parent.isEmpty()) {
      g.writeStringProperty("parentSpanId", parent);
    }
    g.writeStringProperty("name", s.name() == null ? "" : JsonText.wellFormed(s.name()));
    g.writeNumberProperty("kind", OtlpMapping.spanKind(s.kind()));
    g.writeStringProperty("startTimeUnixNano", Long.toUnsignedString(s.startEpochNanos()));
    g.writeStringProperty("endTimeUnixNano", Long.toUnsignedString(s.endEpochNanos()));
    attributes(g, OtlpMapping.attributes(s));
    List<SpanEvent> events = s.events();
    if (events != null && !events.isEmpty()) {
      g.writeArrayPropertyStart("events");
      for (SpanEvent e : events) {
        if (e == null) {
          continue;
        }
        g.writeStartObject();
        g.writeStringProperty("timeUnixNano", Long.toUnsignedString(e.epochNanos()));
        g.writeStringProperty("name", e.name() == null ? "" : JsonText.wellFormed(e.name()));
        attributes(g, e.attributes());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    int code = OtlpMapping.statusCode(s.status());
    String message = OtlpMapping.statusMessage(s);
    if (code != OtlpMapping.STATUS_UNSET || message != null) {
      g.writeObjectPropertyStart("status");
      if (message != null) {
        g.writeStringProperty("message", JsonText.wellFormed(message));
      }
      g.writeNumberProperty("code", code);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void attributes(JsonGenerator g, Map<String, ?> attributes) {
    g.writeArrayPropertyStart("attributes");
    for (Map.Entry<String, ?> e : attributes.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        continue;
      }
      g.writeStartObject();
      g.writeStringProperty("key", JsonText.wellFormed(e.getKey()));
      g.writeName("value");
      anyValue(g, e.getValue());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void anyValue(JsonGenerator g, Object v) {
    g.writeStartObject();
    if (v instanceof String s) {
      g.writeStringProperty("stringValue", JsonText.wellFormed(s));
    } else if (v instanceof Boolean b) {
      g.writeBooleanProperty("boolValue", b);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeStringProperty("intValue", Long.toString(((Number) v).longValue()));
    } else if (v instanceof Double || v instanceof Float) {
      g.writeName("doubleValue");
      // Non-finite doubles are the strings "NaN", "Infinity", "-Infinity" in protobuf's JSON mapping.
      Json.writeValue(g, ((Number) v).doubleValue());
    } else if (v instanceof List<?> list) {
      g.writeObjectPropertyStart("arrayValue");
      g.writeArrayPropertyStart("values");
      for (Object o : list) {
        if (o != null) {
          anyValue(g, o);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    } else {
      g.writeStringProperty("stringValue", JsonText.wellFormed(String.valueOf(v)));
    }
    g.writeEndObject();
  }
}
