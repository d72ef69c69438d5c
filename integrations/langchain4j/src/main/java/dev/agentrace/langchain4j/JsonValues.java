package dev.agentrace.langchain4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON text (tool arguments, tool specifications) read into maps and lists, so that a span's payload holds the
 * arguments as JSON rather than as one escaped string. Text that is not one complete JSON value is kept as
 * the string it was: a model may send broken arguments, and the span should show exactly those.
 */
final class JsonValues {
  private static final JsonFactory JSON = new JsonFactory();
  /** Deeper than any real tool argument; bounds the recursion on hostile input. */
  private static final int MAX_DEPTH = 64;

  private JsonValues() {}

  static Object parseOrText(String text) {
    if (text == null || text.isBlank()) {
      return text;
    }
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
        return text;
      }
      Object value = read(p, first, 0);
      return p.nextToken() == null ? value : text;
    } catch (JacksonException | TooDeep e) {
      return text;
    }
  }

  private static Object read(JsonParser p, JsonToken t, int depth) {
    if (depth > MAX_DEPTH) {
      throw new TooDeep();
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k == JsonToken.PROPERTY_NAME; k = p.nextToken()) {
          String name = p.currentName();
          m.put(name, read(p, p.nextToken(), depth + 1));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        for (JsonToken v = p.nextToken(); v != null && v != JsonToken.END_ARRAY; v = p.nextToken()) {
          l.add(read(p, v, depth + 1));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getString();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getNumberValue();
      }
      case VALUE_TRUE -> {
        return true;
      }
      case VALUE_FALSE -> {
        return false;
      }
      default -> {
        return null;
      }
    }
  }

  /** Nesting past {@link #MAX_DEPTH}: the text is kept as text. */
  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super(null, null, false, false);
    }
  }
}
