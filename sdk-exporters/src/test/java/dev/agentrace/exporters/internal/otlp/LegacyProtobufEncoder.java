package dev.agentrace.exporters.internal.otlp;

import dev.agentrace.api.internal.Hex;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import java.util.List;
import java.util.Map;

/**
 * The Jackson-era ProtobufEncoder as it was before the buffer-writing rewrite, kept unchanged in the tests as
 * the byte-for-byte reference the new encoder is held to (the *ReferenceTest classes).
 *
 * <p>Encodes an {@code ExportTraceServiceRequest} (opentelemetry-proto, collector/trace/v1) in the protobuf
 * binary format with our own writer, so the exporter needs no protobuf runtime. Field numbers are those of
 * trace.proto, common.proto and resource.proto. What goes in is decided by {@link OtlpMapping}.
 * Stateless and thread-safe.
 *
 * <p>Internal: not API, may change or disappear in any release.
 */
final class LegacyProtobufEncoder {
  private LegacyProtobufEncoder() {}

  /** The request for {@code batch}, which {@link OtlpMapping#prepare} made. */
  static byte[] encode(OtlpMapping.Batch batch) {
    LegacyProtoWriter w = new LegacyProtoWriter(1024 * Math.max(1, batch.groups().stream().mapToInt(g -> g.spans().size()).sum()));
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
        span(w, s);
        w.end();
      }
      w.end();
      w.end();
    }
    return w.toByteArray();
  }

  private static void span(LegacyProtoWriter w, SpanData s) {
    w.bytes(1, Hex.parseBytes(s.traceId()));
    w.bytes(2, Hex.parseBytes(s.spanId()));
    if (s.spanContext() != null) {
      w.string(3, s.spanContext().traceState());
    }
    String parent = s.parentSpanId();
    if (parent != null && !parent.isEmpty()) {
      w.bytes(4, Hex.parseBytes(parent));
    }
    w.string(5, s.name());
    w.varintField(6, OtlpMapping.spanKind(s.kind()), false);
    w.fixed64Field(7, s.startEpochNanos(), false);
    w.fixed64Field(8, s.endEpochNanos(), false);
    attributes(w, 9, OtlpMapping.attributes(s));
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

  private static void attributes(LegacyProtoWriter w, int field, Map<String, ?> attributes) {
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
  private static void anyValue(LegacyProtoWriter w, Object v) {
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
