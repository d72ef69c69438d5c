package dev.agentrace.core.data;

import java.util.Map;

/**
 * A point-in-time event recorded on a span.
 *
 * @param name the event name
 * @param epochNanos when it happened, nanoseconds since the epoch
 * @param attributes String, Long, Double or Boolean values; unmodifiable
 */
public record SpanEvent(String name, long epochNanos, Map<String, Object> attributes) {
  /** Copies the attributes. */
  public SpanEvent {
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
  }
}
