package dev.agentrace.exporters.internal.otlp;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.exporters.internal.JsonName;
import dev.agentrace.exporters.internal.JsonOut;
import java.util.List;
import java.util.Map;

/**
 * Encodes an {@code ExportTraceServiceRequest} as OTLP/JSON: field names in lowerCamelCase, trace and span
 * ids as lowercase hex (not protobuf's base64), enums as integers and 64-bit integers as decimal strings,
 * as the OTLP specification requires. What goes in is decided by {@link OtlpMapping}. Written with
 * {@link JsonOut}, byte for byte what Jackson's generator wrote before it, into a buffer kept per thread.
 * Thread-safe.
 *
 * <p>Internal: not API, may change or disappear in any release.
 */
public final class JsonEncoder {
  /** A 512-span batch of agent spans is about 1.2 MB of JSON; a thread keeps a buffer up to 4 MB. */
  private static final JsonOut.PerThread BUFFER = new JsonOut.PerThread(64 * 1024, 4 << 20);
  // Every property name, encoded once.
  private static final JsonName RESOURCE_SPANS = JsonName.of("resourceSpans");
  private static final JsonName RESOURCE = JsonName.of("resource");
  private static final JsonName SCOPE_SPANS = JsonName.of("scopeSpans");
  private static final JsonName SCOPE = JsonName.of("scope");
  private static final JsonName NAME = JsonName.of("name");
  private static final JsonName SPANS = JsonName.of("spans");
  private static final JsonName TRACE_ID = JsonName.of("traceId");
  private static final JsonName SPAN_ID = JsonName.of("spanId");
  private static final JsonName TRACE_STATE = JsonName.of("traceState");
  private static final JsonName PARENT_SPAN_ID = JsonName.of("parentSpanId");
  private static final JsonName KIND = JsonName.of("kind");
  private static final JsonName START_TIME_UNIX_NANO = JsonName.of("startTimeUnixNano");
  private static final JsonName END_TIME_UNIX_NANO = JsonName.of("endTimeUnixNano");
  private static final JsonName ATTRIBUTES = JsonName.of("attributes");
  private static final JsonName EVENTS = JsonName.of("events");
  private static final JsonName TIME_UNIX_NANO = JsonName.of("timeUnixNano");
  private static final JsonName STATUS = JsonName.of("status");
  private static final JsonName MESSAGE = JsonName.of("message");
  private static final JsonName CODE = JsonName.of("code");
  private static final JsonName KEY = JsonName.of("key");
  private static final JsonName VALUE = JsonName.of("value");
  private static final JsonName STRING_VALUE = JsonName.of("stringValue");
  private static final JsonName BOOL_VALUE = JsonName.of("boolValue");
  private static final JsonName INT_VALUE = JsonName.of("intValue");
  private static final JsonName DOUBLE_VALUE = JsonName.of("doubleValue");
  private static final JsonName ARRAY_VALUE = JsonName.of("arrayValue");
  private static final JsonName VALUES = JsonName.of("values");

  private JsonEncoder() {}

  /** The request for {@code batch}, which {@link OtlpMapping#prepare} made. */
  public static byte[] encode(OtlpMapping.Batch batch) {
    JsonOut g = BUFFER.take();
    SpanAttributes spanAttributes = new SpanAttributes(g);
    g.startObject();
    g.name(RESOURCE_SPANS).startArray();
    for (OtlpMapping.ResourceGroup group : batch.groups()) {
      g.startObject();
      g.name(RESOURCE).startObject();
      attributes(g, group.resource());
      g.endObject();
      g.name(SCOPE_SPANS).startArray();
      g.startObject();
      g.name(SCOPE).startObject();
      g.name(NAME).string(OtlpMapping.SCOPE_NAME);
      g.endObject();
      g.name(SPANS).startArray();
      for (SpanData s : group.spans()) {
        span(g, s, spanAttributes);
      }
      g.endArray();
      g.endObject();
      g.endArray();
      g.endObject();
    }
    g.endArray();
    g.endObject();
    byte[] request = g.toByteArray();
    BUFFER.give(g);
    return request;
  }

  private static void span(JsonOut g, SpanData s, SpanAttributes spanAttributes) {
    g.startObject();
    g.name(TRACE_ID).string(s.traceId());
    g.name(SPAN_ID).string(s.spanId());
    String traceState = s.spanContext() == null ? null : s.spanContext().traceState();
    if (traceState != null && !traceState.isEmpty()) {
      g.name(TRACE_STATE).string(traceState);
    }
    long parentId = s.parentSpanIdLong();
    if (parentId != 0) {
      g.name(PARENT_SPAN_ID).hexString(parentId); // what parentSpanId() spells, without making the string
    } else {
      String parent = s.parentSpanId();
      if (parent != null && !parent.isEmpty()) {
        g.name(PARENT_SPAN_ID).string(parent);
      }
    }
    g.name(NAME).string(s.name() == null ? "" : s.name());
    g.name(KIND).number(OtlpMapping.spanKind(s.kind()));
    g.name(START_TIME_UNIX_NANO);
    unsigned(g, s.startEpochNanos());
    g.name(END_TIME_UNIX_NANO);
    unsigned(g, s.endEpochNanos());
    g.name(ATTRIBUTES).startArray();
    OtlpMapping.forEachAttribute(s, spanAttributes);
    g.endArray();
    List<SpanEvent> events = s.events();
    if (events != null && !events.isEmpty()) {
      g.name(EVENTS).startArray();
      for (SpanEvent e : events) {
        if (e == null) {
          continue;
        }
        g.startObject();
        g.name(TIME_UNIX_NANO);
        unsigned(g, e.epochNanos());
        g.name(NAME).string(e.name() == null ? "" : e.name());
        attributes(g, e.attributes());
        g.endObject();
      }
      g.endArray();
    }
    int code = OtlpMapping.statusCode(s.status());
    String message = OtlpMapping.statusMessage(s);
    if (code != OtlpMapping.STATUS_UNSET || message != null) {
      g.name(STATUS).startObject();
      if (message != null) {
        g.name(MESSAGE).string(message);
      }
      g.name(CODE).number(code);
      g.endObject();
    }
    g.endObject();
  }

  /** A fixed64 as OTLP/JSON writes it: the unsigned decimal in a string. */
  private static void unsigned(JsonOut g, long value) {
    if (value >= 0) {
      g.numberString(value);
    } else {
      g.string(Long.toUnsignedString(value));
    }
  }

  /** One KeyValue object per attribute, written as the mapping hands them over. */
  private record SpanAttributes(JsonOut g) implements OtlpMapping.AttributeSink {
    @Override
    public void text(String key, String value) {
      begin(key).name(STRING_VALUE).string(value);
      end();
    }

    @Override
    public void integer(String key, long value) {
      begin(key).name(INT_VALUE).numberString(value);
      end();
    }

    @Override
    public void decimal(String key, double value) {
      begin(key).name(DOUBLE_VALUE);
      JsonEncoder.decimal(g, value);
      end();
    }

    @Override
    public void bool(String key, boolean value) {
      begin(key).name(BOOL_VALUE).bool(value);
      end();
    }

    @Override
    public void other(String key, Object value) {
      g.startObject();
      g.name(KEY).string(key);
      g.name(VALUE);
      anyValue(g, value);
      g.endObject();
    }

    private JsonOut begin(String key) {
      return g.startObject().name(KEY).string(key).name(VALUE).startObject();
    }

    private void end() {
      g.endObject().endObject();
    }
  }

  private static void attributes(JsonOut g, Map<String, ?> attributes) {
    g.name(ATTRIBUTES).startArray();
    for (Map.Entry<String, ?> e : attributes.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        continue;
      }
      g.startObject();
      g.name(KEY).string(e.getKey());
      g.name(VALUE);
      anyValue(g, e.getValue());
      g.endObject();
    }
    g.endArray();
  }

  /** Non-finite doubles are the strings "NaN", "Infinity", "-Infinity" in protobuf's JSON mapping. */
  private static void decimal(JsonOut g, double d) {
    if (Double.isFinite(d)) {
      g.number(d);
    } else {
      g.string(Double.toString(d));
    }
  }

  private static void anyValue(JsonOut g, Object v) {
    g.startObject();
    if (v instanceof String s) {
      g.name(STRING_VALUE).string(s);
    } else if (v instanceof Boolean b) {
      g.name(BOOL_VALUE).bool(b);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.name(INT_VALUE).numberString(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      g.name(DOUBLE_VALUE);
      decimal(g, ((Number) v).doubleValue());
    } else if (v instanceof List<?> list) {
      g.name(ARRAY_VALUE).startObject();
      g.name(VALUES).startArray();
      for (Object o : list) {
        if (o != null) {
          anyValue(g, o);
        }
      }
      g.endArray();
      g.endObject();
    } else {
      g.name(STRING_VALUE).string(String.valueOf(v));
    }
    g.endObject();
  }
}
