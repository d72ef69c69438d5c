package dev.agentrace.testing;

import dev.agentrace.core.internal.JsonText;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON as plain Java values for semantic comparison: objects become {@link LinkedHashMap}s, arrays
 * {@link List}s, numbers {@link BigDecimal}s without trailing zeros (so {@code 1}, {@code 1.0} and
 * {@code 1e0} are equal), JSON null is {@code null}. With that canonical form {@link Object#equals}
 * is JSON equality: key order does not matter, array order does.
 *
 * <p>A tree walk over jackson-core's streaming parser rather than jackson-databind, to keep the
 * testing jar's dependencies to what the core already has.
 */
final class Json {
  /** What {@link #at} returns when the pointer leads nowhere (distinct from JSON null). */
  static final Object MISSING = new Object() {
    @Override
    public String toString() {
      return "(missing)";
    }
  };

  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** Parses {@code text} into its canonical form. @throws IllegalArgumentException if it is not one JSON value */
  static Object parse(String text) {
    Objects.requireNonNull(text, "json");
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new IllegalArgumentException("not JSON: empty text");
      }
      Object value = read(p, first);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("not JSON: more than one value in " + abbreviate(text));
      }
      return value;
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage() + " in " + abbreviate(text), e);
    }
  }

  private static Object read(JsonParser p, JsonToken t) {
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          map.put(name, read(p, p.nextToken()));
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(read(p, e));
        }
        yield list;
      }
      case VALUE_STRING -> p.getString();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p.getDecimalValue());
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      default -> throw new IllegalArgumentException("not JSON: unexpected token " + t);
    };
  }

  /**
   * The canonical form of a Java value given as an expectation: String (and other CharSequences),
   * Number, Boolean, null, enum (its name), Map, Iterable or array, nested freely.
   *
   * @throws IllegalArgumentException for anything else, or a non-finite number
   */
  static Object fromJava(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof CharSequence || value instanceof Character) {
      return value.toString();
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof BigDecimal d) {
      return number(d);
    }
    if (value instanceof BigInteger i) {
      return number(new BigDecimal(i));
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("expected value " + value + " has no JSON form");
      }
      // valueOf keeps the shortest decimal form, so 0.1 compares equal to the JSON text 0.1.
      return number(BigDecimal.valueOf(d));
    }
    if (value instanceof Number n) {
      return number(BigDecimal.valueOf(n.longValue()));
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), fromJava(v)));
      return out;
    }
    if (value instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      it.forEach(v -> out.add(fromJava(v)));
      return out;
    }
    if (value.getClass().isArray()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0, n = Array.getLength(value); i < n; i++) {
        out.add(fromJava(Array.get(value, i)));
      }
      return out;
    }
    throw new IllegalArgumentException("expected value of type " + value.getClass().getName()
        + " cannot be compared with JSON; use a String, Number, Boolean, null, Map, List or array");
  }

  private static BigDecimal number(BigDecimal d) {
    return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
  }

  /**
   * The value at an RFC 6901 JSON pointer ({@code ""} is the whole document, {@code /a/0/b} a path;
   * {@code ~1} stands for {@code /} and {@code ~0} for {@code ~}), or {@link #MISSING}.
   *
   * @throws IllegalArgumentException if the pointer is not empty and does not start with {@code /}
   */
  static Object at(Object tree, String pointer) {
    Objects.requireNonNull(pointer, "jsonPointer");
    if (pointer.isEmpty()) {
      return tree;
    }
    if (pointer.charAt(0) != '/') {
      throw new IllegalArgumentException("JSON pointer must be empty or start with '/', got '" + pointer + "'");
    }
    Object node = tree;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      if (node instanceof Map<?, ?> m) {
        if (!m.containsKey(token)) {
          return MISSING;
        }
        node = m.get(token);
      } else if (node instanceof List<?> l) {
        int i = index(token);
        if (i < 0 || i >= l.size()) {
          return MISSING;
        }
        node = l.get(i);
      } else {
        return MISSING;
      }
    }
    return node;
  }

  /** An array index as RFC 6901 allows it (digits, no leading zero), or -1. */
  private static int index(String token) {
    if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) < '0' || token.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(token);
  }

  /**
   * Where two canonical values first differ, as {@code "<pointer>: expected X but was Y"} with pointers
   * continuing {@code basePointer}, or null when they are equal. Saves a reader from diffing two long
   * payloads by eye.
   */
  static String firstDifference(Object expected, Object actual, String basePointer) {
    return difference(expected, actual, basePointer);
  }

  private static String difference(Object expected, Object actual, String path) {
    if (Objects.equals(expected, actual)) {
      return null;
    }
    if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
      for (Map.Entry<?, ?> entry : e.entrySet()) {
        String child = path + "/" + escape((String) entry.getKey());
        if (!a.containsKey(entry.getKey())) {
          return child + ": expected " + render(entry.getValue()) + " but it is missing";
        }
        String d = difference(entry.getValue(), a.get(entry.getKey()), child);
        if (d != null) {
          return d;
        }
      }
      for (Object key : a.keySet()) {
        if (!e.containsKey(key)) {
          return path + "/" + escape((String) key) + ": unexpected " + render(a.get(key));
        }
      }
    }
    if (expected instanceof List<?> e && actual instanceof List<?> a) {
      for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
        String d = difference(e.get(i), a.get(i), path + "/" + i);
        if (d != null) {
          return d;
        }
      }
      return where(path) + ": expected " + e.size() + " elements but was " + a.size();
    }
    return where(path) + ": expected " + render(expected) + " but was " + render(actual);
  }

  private static String where(String path) {
    return path.isEmpty() ? "(whole document)" : path;
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** Compact JSON text of a canonical value (or "(missing)"). */
  static String render(Object value) {
    StringBuilder b = new StringBuilder();
    render(value, b);
    return b.toString();
  }

  private static void render(Object v, StringBuilder b) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      JsonText.appendQuoted(b, s);
    } else if (v instanceof BigDecimal d) {
      b.append(d.toPlainString());
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        JsonText.appendQuoted(b, String.valueOf(e.getKey()));
        b.append(':');
        render(e.getValue(), b);
        if (it.hasNext()) {
          b.append(',');
        }
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        render(l.get(i), b);
      }
      b.append(']');
    } else {
      b.append(v);
    }
  }

  /** Long payloads cut for messages, so a failure stays readable. */
  static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "... (" + (text.length() - 500) + " more chars)";
  }
}
