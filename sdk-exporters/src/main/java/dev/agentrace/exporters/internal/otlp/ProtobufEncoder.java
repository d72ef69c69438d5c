package dev.agentrace.exporters.internal.otlp;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import java.util.List;
import java.util.Map;

/**
 * Encodes an {@code ExportTraceServiceRequest} (opentelemetry-proto, collector/trace/v1) in the protobuf
 * binary format with our own writer, so the exporter needs no protobuf runtime. Field numbers are those of
 * trace.proto, common.proto and resource.proto. What goes in is decided by {@link OtlpMapping}.
 * Stateless and thread-safe.
 *
 * <p>Internal: not API, may change or disappear in any release.
 */
public final class ProtobufEncoder {
  private ProtobufEncoder() {}

  /** The request for {@code batch}, which {@link OtlpMapping#prepare} made. */
  public static byte[] encode(OtlpMapping.Batch batch) {
    // The spans are read once; the writer counts every length, then writes into an array of exactly the
    // request's size (see ProtoWriter).
    ProtoWriter w = new ProtoWriter();
    request(w, batch);
    return w.toByteArray();
  }

  private static void request(ProtoWriter w, OtlpMapping.Batch batch) {
    SpanAttributes attributes = new SpanAttributes(w);
    for (OtlpMapping.ResourceGroup group : batch.groups()) {
      w.begin(1); // ExportTraceServiceRequest.resource_spans
      w.begin(1); // ResourceSpans.resource
      attributes(w, 1, group.resource()); // Resource.attributes
      w.end();
      w.begin(2); // ResourceSpans.scope_spans
      w.begin(1); // ScopeSpans.scope
      w.string(1, OtlpMapping.SCOPE_NAME); // InstrumentationScope.name
      w.end();
      for (SpanData s : group.spans()) {
        w.begin(2); // ScopeSpans.spans
        span(w, s, attributes);
        w.end();
      }
      w.end();
      w.end();
    }
  }

  private static void span(ProtoWriter w, SpanData s, SpanAttributes attributes) {
    // OtlpMapping.prepare let through only spans whose ids are lowercase hex of the right length.
    w.hexBytes(1, s.traceId());
    w.hexBytes(2, s.spanId());
    if (s.spanContext() != null) {
      w.string(3, s.spanContext().traceState());
    }
    long parentId = s.parentSpanIdLong();
    if (parentId != 0) {
      w.idBytes(4, parentId); // what parentSpanId() spells, without making the string
    } else {
      String parent = s.parentSpanId();
      if (parent != null && !parent.isEmpty()) {
        w.hexBytes(4, parent);
      }
    }
    w.string(5, s.name());
    w.varintField(6, OtlpMapping.spanKind(s.kind()), false);
    w.fixed64Field(7, s.startEpochNanos(), false);
    w.fixed64Field(8, s.endEpochNanos(), false);
    OtlpMapping.forEachAttribute(s, attributes);
    List<SpanEvent> events = s.events();
    if (events != null) {
      for (SpanEvent e : events) {
        if (e == null) {
          continue;
        }
        w.begin(11); // Span.events
        w.fixed64Field(1, e.epochNanos(), false);
        w.string(2, e.name());
        attributes(w, 3, e.attributes());
        w.end();
      }
    }
    int code = OtlpMapping.statusCode(s.status());
    String message = OtlpMapping.statusMessage(s);
    if (code != OtlpMapping.STATUS_UNSET || message != null) {
      w.begin(15); // Span.status
      w.string(2, message);
      w.varintField(3, code, false);
      w.end();
    }
  }

  /** Span.attributes (field 9), one KeyValue per attribute, written as the mapping hands them over. */
  private record SpanAttributes(ProtoWriter w) implements OtlpMapping.AttributeSink {
    @Override
    public void text(String key, String value) {
      w.keyValue(9, key, value);
    }

    @Override
    public void integer(String key, long value) {
      w.keyValue(9, key, value, false);
    }

    @Override
    public void decimal(String key, double value) {
      w.keyValue(9, key, Double.doubleToRawLongBits(value), true);
    }

    @Override
    public void bool(String key, boolean value) {
      begin(key);
      w.varintField(2, value ? 1 : 0, true);
      end();
    }

    @Override
    public void other(String key, Object value) {
      begin(key);
      anyValue(w, value);
      end();
    }

    private void begin(String key) {
      w.begin(9); // Span.attributes: KeyValue
      w.string(1, key);
      w.begin(2); // KeyValue.value: AnyValue
    }

    private void end() {
      w.end();
      w.end();
    }
  }

  private static void attributes(ProtoWriter w, int field, Map<String, ?> attributes) {
    for (Map.Entry<String, ?> e : attributes.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        continue;
      }
      w.begin(field); // KeyValue
      w.string(1, e.getKey());
      w.begin(2); // KeyValue.value
      anyValue(w, e.getValue());
      w.end();
      w.end();
    }
  }

  /** AnyValue: a oneof, so every member is written even when it holds its default value. */
  private static void anyValue(ProtoWriter w, Object v) {
    if (v instanceof String s) {
      w.stringAlways(1, s);
    } else if (v instanceof Boolean b) {
      w.varintField(2, b ? 1 : 0, true);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      w.varintField(3, ((Number) v).longValue(), true);
    } else if (v instanceof Double || v instanceof Float) {
      w.fixed64Field(4, Double.doubleToRawLongBits(((Number) v).doubleValue()), true);
    } else if (v instanceof List<?> list) {
      w.begin(5); // AnyValue.array_value
      for (Object o : list) {
        if (o != null) {
          w.begin(1); // ArrayValue.values
          anyValue(w, o);
          w.end();
        }
      }
      w.end();
    } else {
      w.stringAlways(1, String.valueOf(v));
    }
  }
}
