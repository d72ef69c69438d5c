package dev.agentrace.core.trace;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.internal.Fatal;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.internal.JsonText;
import dev.agentrace.core.internal.Payloads;
import dev.agentrace.core.internal.SdkCounters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SDK's limits on what one span may hold, and the checks that apply them on the caller's thread:
 * attribute keys and values, event attributes, payload capture, text length. A value over a limit or of the
 * wrong kind never throws into the agent: it is clipped, converted or dropped, logged once per kind of
 * mistake and counted ({@link SdkStats#instrumentationErrors()}).
 *
 * <p>Immutable configuration; the methods are thread-safe.
 */
final class Limits {
  /** Most stack frames recorded for an exception on a span. */
  static final int MAX_STACK_FRAMES = 32;

  final int maxAttributes;
  final int maxEvents;
  final int maxPayloadChars;
  final int maxTextChars;
  private final SdkCounters counters;

  Limits(int maxAttributes, int maxEvents, int maxPayloadChars, int maxTextChars, SdkCounters counters) {
    this.maxAttributes = maxAttributes;
    this.maxEvents = maxEvents;
    this.maxPayloadChars = maxPayloadChars;
    this.maxTextChars = maxTextChars;
    this.counters = counters;
  }

  /** Captures a payload as JSON; a value that could not be captured is logged once and counted. */
  String capture(String spanName, Object value) {
    String json = Payloads.toJson(value, maxPayloadChars);
    if (json.startsWith("{\"$error\"")) {
      counters.instrumentationError("payload-capture", "Span '" + spanName + "': a payload could not be captured as JSON and"
          + " was recorded as " + json);
    }
    return json;
  }

  /**
   * {@code text} within {@link Builder#maxTextChars}: longer text keeps its start and ends with a marker
   * giving the original length, never splitting a surrogate pair; logged once and counted. Null stays null.
   */
  String clip(String text, String spanName, String what) {
    if (text == null || text.length() <= maxTextChars) {
      return text;
    }
    counters.instrumentationError("text-limit", (spanName == null ? "" : "Span '" + spanName + "': ") + what + " has " + text.length() + " characters, more than maxTextChars ("
        + maxTextChars + "); its start is kept with a marker. Put large values in input/output, or raise maxTextChars.");
    String marker = "...[" + text.length() + " chars]";
    int keep = JsonText.cutBefore(text, Math.max(0, maxTextChars - marker.length()));
    return text.substring(0, keep) + marker;
  }

  /** A safe message for an exception whose getMessage() may itself throw. */
  String describe(Throwable error) {
    try {
      String m = error.getMessage();
      return m == null ? error.getClass().getName() : clip(m, null, "an exception message");
    } catch (Throwable e) {
      // getMessage() is user code: an Error or an undeclared checked exception from it is contained too.
      Fatal.rethrowIfFatal(e);
      return error.getClass().getName() + " (getMessage() threw " + e.getClass().getName() + ")";
    }
  }

  /**
   * Records an attribute for a span or builder: checks the key and value, creates the store on first use
   * and enforces the limit, logging mistakes once. Returns the store to keep (null while nothing was kept).
   */
  Attrs putAttribute(Attrs attrs, String spanName, String key, Object value) {
    Object v = checkAttribute(spanName, key, value);
    if (v == null) {
      return attrs;
    }
    Attrs a = attrs == null ? new Attrs(4) : attrs;
    if (!a.put(clip(key, spanName, "an attribute key"), v, maxAttributes)) {
      counters.instrumentationError("attribute-limit", "Span '" + spanName + "': more than " + maxAttributes
          + " attributes; the rest are dropped (raise maxAttributes to keep them).");
    }
    return a;
  }

  /** The name of a typed key, or null (logged) for a null key. */
  String keyName(AttributeKey<?> key, String spanName) {
    if (key == null) {
      counters.instrumentationError("null-attribute-key", "Span '" + spanName + "': attribute key is null; ignored.");
      return null;
    }
    return key.name();
  }

  /** The value to record for an attribute, or null (logged) if it cannot be recorded. */
  Object checkAttribute(String spanName, String key, Object value) {
    if (key == null || key.isBlank()) {
      counters.instrumentationError("attribute-key", "Span '" + spanName + "': attribute key is null or blank; ignored.");
      return null;
    }
    if (value instanceof String s) {
      return clip(s, spanName, "attribute value");
    }
    if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return value;
    }
    if (value == null) {
      counters.instrumentationError("attribute-null", "Span '" + spanName + "': attribute '" + key + "' is null; ignored.");
      return null;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    counters.instrumentationError("attribute-type", "Span '" + spanName + "': attribute '" + key + "' has type "
        + value.getClass().getName() + "; recorded as its string form.");
    try {
      String text = String.valueOf(value);
      return text != null ? clip(text, spanName, "attribute value")
          : "[" + value.getClass().getName() + ": toString() returned null]";
    } catch (Throwable e) {
      // toString() is user code: an Error or an undeclared checked exception from it is contained too.
      Fatal.rethrowIfFatal(e);
      return "[" + value.getClass().getName() + ": toString() threw " + e.getClass().getName() + "]";
    }
  }

  Map<String, Object> cleanEventAttributes(String spanName, Map<String, ?> attrs) {
    if (attrs == null) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    // The map is the caller's: every read of it, isEmpty() included, may throw anything. What was read before
    // it threw is kept.
    try {
      if (attrs.isEmpty()) {
        return Map.of();
      }
      for (Map.Entry<String, ?> e : attrs.entrySet()) {
        // The same limit as a span's own attributes, and the walk stops there: without it one event could
        // carry a million entries into every exporter, and copying them would cost the agent's thread.
        if (out.size() >= maxAttributes) {
          counters.instrumentationError("event-attribute-limit", "Span '" + spanName + "': an event has more than "
              + maxAttributes + " attributes; the rest are dropped (raise maxAttributes to keep them).");
          break;
        }
        Object v = checkAttribute(spanName, e.getKey(), e.getValue());
        if (v != null) {
          out.put(clip(e.getKey(), spanName, "an event attribute key"), v);
        }
      }
    } catch (Throwable e) {
      Fatal.rethrowIfFatal(e);
      counters.instrumentationError("event-attributes", "Span '" + spanName + "': event attributes could not be read ("
          + e.getClass().getName() + ").");
    }
    return out;
  }

}
