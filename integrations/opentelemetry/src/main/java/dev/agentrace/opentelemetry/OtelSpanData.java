package dev.agentrace.opentelemetry;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.exporters.internal.otlp.OtlpMapping;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One ended Agentrace span as OpenTelemetry span data. Everything is computed once, at construction, from
 * {@link OtlpMapping}; immutable afterwards, so exporters may read it from any thread.
 */
final class OtelSpanData implements io.opentelemetry.sdk.trace.data.SpanData {
  private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create(OtlpMapping.SCOPE_NAME);
  @SuppressWarnings("deprecation") // the API still requires it; see getInstrumentationLibraryInfo()
  private static final io.opentelemetry.sdk.common.InstrumentationLibraryInfo LIBRARY =
      io.opentelemetry.sdk.common.InstrumentationLibraryInfo.create(OtlpMapping.SCOPE_NAME, null);

  private final SpanData span;
  private final Resource resource;
  private final SpanContext context;
  private final SpanContext parent;
  private final Attributes attributes;
  private final List<EventData> events;
  private final StatusData status;

  OtelSpanData(SpanData span, Resource resource) {
    this.span = span;
    this.resource = resource;
    // Only sampled spans are ever recorded, so every exported span carries the sampled flag.
    String traceState = span.spanContext() == null ? "" : span.spanContext().traceState();
    this.context = SpanContext.create(span.traceId(), span.spanId(), TraceFlags.getSampled(),
        traceState == null ? TraceState.getDefault() : OtelContextBridge.traceState(traceState));
    String parentId = span.parentSpanId();
    this.parent = parentId == null || parentId.isEmpty() ? SpanContext.getInvalid()
        : SpanContext.create(span.traceId(), parentId, TraceFlags.getSampled(), TraceState.getDefault());
    this.attributes = attributes(OtlpMapping.attributes(span));
    this.events = events(span.events());
    this.status = status(span);
  }

  /** OpenTelemetry attributes from the mapping's values: String, Long, Double, Boolean, Lists; others as text. */
  static Attributes attributes(Map<String, ?> values) {
    if (values == null || values.isEmpty()) {
      return Attributes.empty();
    }
    AttributesBuilder b = Attributes.builder();
    values.forEach((key, value) -> {
      if (key == null || value == null) {
        return;
      }
      if (value instanceof String s) {
        b.put(AttributeKey.stringKey(key), s);
      } else if (value instanceof Boolean v) {
        b.put(AttributeKey.booleanKey(key), v);
      } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
        b.put(AttributeKey.longKey(key), ((Number) value).longValue());
      } else if (value instanceof Double || value instanceof Float) {
        b.put(AttributeKey.doubleKey(key), ((Number) value).doubleValue());
      } else if (value instanceof List<?> list) {
        List<String> texts = new ArrayList<>(list.size());
        for (Object o : list) {
          if (o != null) {
            texts.add(String.valueOf(o));
          }
        }
        b.put(AttributeKey.stringArrayKey(key), texts);
      } else {
        b.put(AttributeKey.stringKey(key), String.valueOf(value));
      }
    });
    return b.build();
  }

  private static List<EventData> events(List<SpanEvent> events) {
    if (events == null || events.isEmpty()) {
      return List.of();
    }
    List<EventData> out = new ArrayList<>(events.size());
    for (SpanEvent e : events) {
      if (e != null) {
        out.add(EventData.create(e.epochNanos(), e.name(), attributes(e.attributes())));
      }
    }
    return List.copyOf(out);
  }

  private static StatusData status(SpanData span) {
    int code = OtlpMapping.statusCode(span.status());
    if (code == OtlpMapping.STATUS_ERROR) {
      String message = OtlpMapping.statusMessage(span);
      return StatusData.create(StatusCode.ERROR, message == null ? "" : message);
    }
    return code == OtlpMapping.STATUS_OK ? StatusData.ok() : StatusData.unset();
  }

  @Override
  public String getName() {
    return span.name();
  }

  @Override
  public SpanKind getKind() {
    return OtlpMapping.spanKind(span.kind()) == OtlpMapping.KIND_CLIENT ? SpanKind.CLIENT : SpanKind.INTERNAL;
  }

  @Override
  public SpanContext getSpanContext() {
    return context;
  }

  @Override
  public SpanContext getParentSpanContext() {
    return parent;
  }

  @Override
  public StatusData getStatus() {
    return status;
  }

  @Override
  public long getStartEpochNanos() {
    return span.startEpochNanos();
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public List<EventData> getEvents() {
    return events;
  }

  @Override
  public List<LinkData> getLinks() {
    return List.of();
  }

  @Override
  public long getEndEpochNanos() {
    return span.endEpochNanos();
  }

  @Override
  public boolean hasEnded() {
    return true;
  }

  @Override
  public int getTotalRecordedEvents() {
    return events.size();
  }

  @Override
  public int getTotalRecordedLinks() {
    return 0;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes.size();
  }

  /** Still abstract in the API (deprecated since 1.10); exporters read {@link #getInstrumentationScopeInfo()}. */
  @Deprecated
  @Override
  public io.opentelemetry.sdk.common.InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return LIBRARY;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return SCOPE;
  }

  @Override
  public Resource getResource() {
    return resource;
  }

  @Override
  public String toString() {
    return "OtelSpanData{" + span.name() + ", " + context.getTraceId() + "/" + context.getSpanId() + "}";
  }
}
