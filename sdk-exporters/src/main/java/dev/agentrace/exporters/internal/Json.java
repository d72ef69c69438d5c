package dev.agentrace.exporters.internal;

import dev.agentrace.core.internal.JsonText;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** Jackson streaming helpers shared by the JSON-writing exporters. Internal: not API. Thread-safe. */
public final class Json {
  /**
   * One factory for the module: factories are thread-safe and costly to create. Its generators escape as
   * {@link JsonText} does, so the exporters' JSON matches the captured payloads they embed.
   */
  public static final JsonFactory FACTORY = JsonText.factoryBuilder().build();

  private Json() {}

  /**
   * Writes {@code json} as an embedded JSON value when it is exactly one valid JSON value, re-serialized
   * compactly (so a pretty-printed payload cannot break a one-record-per-line file); otherwise writes it
   * as a JSON string, so that nothing the span captured is lost.
   */
  public static void writeEmbedded(JsonGenerator out, String json) {
    if (json == null) {
      out.writeNull();
    } else if (isSingleValue(json)) {
      try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), json)) {
        p.nextToken();
        out.copyCurrentStructure(p);
      }
    } else {
      out.writeString(JsonText.wellFormed(json));
    }
  }

  /** Whether {@code json} parses as exactly one JSON value with nothing after it. */
  public static boolean isSingleValue(String json) {
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), json)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (JacksonException e) {
      return false;
    }
  }

  /**
   * Writes an attribute value: String, Long, Double, Boolean or a List of those as JSON; anything else as
   * its string form. Non-finite doubles, which JSON cannot represent, become the strings "NaN",
   * "Infinity" and "-Infinity".
   */
  public static void writeValue(JsonGenerator out, Object v) {
    if (v == null) {
      out.writeNull();
    } else if (v instanceof String s) {
      out.writeString(JsonText.wellFormed(s));
    } else if (v instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        out.writeNumber(d);
      } else {
        out.writeString(Double.toString(d));
      }
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      out.writeNumber(((Number) v).longValue());
    } else if (v instanceof List<?> list) {
      out.writeStartArray();
      for (Object o : list) {
        writeValue(out, o);
      }
      out.writeEndArray();
    } else {
      out.writeString(JsonText.wellFormed(String.valueOf(v)));
    }
  }

  /** Writes a map with string keys as a JSON object of {@link #writeValue} values; null keys are skipped. */
  public static void writeObject(JsonGenerator out, Map<String, ?> map) {
    out.writeStartObject();
    if (map != null) {
      for (Map.Entry<String, ?> e : map.entrySet()) {
        if (e.getKey() != null) {
          out.writeName(JsonText.wellFormed(e.getKey()));
          writeValue(out, e.getValue());
        }
      }
    }
    out.writeEndObject();
  }

  /** Runs {@code body} against a generator writing to a string, and returns the string. */
  public static String toJson(java.util.function.Consumer<JsonGenerator> body) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), w)) {
      body.accept(g);
    }
    return w.toString();
  }
}
