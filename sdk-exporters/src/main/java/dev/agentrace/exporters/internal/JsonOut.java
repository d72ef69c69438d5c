package dev.agentrace.exporters.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON written as UTF-8 straight into a growable byte array that can be reused, byte for byte as a
 * generator of {@link Json#FACTORY} writes it (JsonText's escaping, U+FFFD for unpaired surrogates,
 * {@link Double#toString} for doubles), without a generator, a String or an intermediate array per value.
 * The JSON encoders write through it; their tests hold them to the bytes of the Jackson-based encoders.
 *
 * <p>Internal: not API. Not thread-safe: one instance is used by one thread at a time.
 */
public final class JsonOut {
  /** For a character below 0x80: 0 if written as it is, else the letter of its short escape, or 'u'. */
  private static final byte[] ESCAPE = new byte[128];
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = 'u';
    }
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
    ESCAPE['\b'] = 'b';
    ESCAPE['\t'] = 't';
    ESCAPE['\n'] = 'n';
    ESCAPE['\f'] = 'f';
    ESCAPE['\r'] = 'r';
  }

  private byte[] buf;
  private int pos;
  /** Scratch for reading strings: {@link String#getChars} and an array loop beat {@link String#charAt} threefold. */
  private char[] chars = new char[CHUNK];
  private static final int CHUNK = 2048;
  private static final int SHORT = 48;
  /** Whether the next name or value in the current object or array needs a comma before it. */
  private boolean comma;

  public JsonOut(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  /** Empties the buffer, keeping its capacity. */
  public void reset() {
    pos = 0;
    comma = false;
  }

  /** Bytes written so far. */
  public int size() {
    return pos;
  }

  /** The bytes this instance holds on to, for callers that keep one only while it is not too large. */
  public int capacity() {
    return buf.length + 2 * chars.length;
  }

  /**
   * One buffer per thread, kept between encodings while it is no larger than a bound, so that an encoding
   * costs its exact-size result and little else. {@link #take()} removes the thread's buffer while it is in
   * use, so a nested encoding on the same thread gets a fresh one instead of sharing it. Thread-safe.
   */
  public static final class PerThread {
    // Instances live in the encoders' static fields, one per encoder, so the ThreadLocal is as static as they are.
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<JsonOut> kept = new ThreadLocal<>();
    private final int initialCapacity;
    private final int keepBytes;

    /** Buffers start at {@code initialCapacity} bytes and are kept while {@link #capacity()} ≤ {@code keepBytes}. */
    public PerThread(int initialCapacity, int keepBytes) {
      this.initialCapacity = initialCapacity;
      this.keepBytes = keepBytes;
    }

    /** This thread's buffer, emptied, or a new one. */
    public JsonOut take() {
      JsonOut out = kept.get();
      if (out == null) {
        return new JsonOut(initialCapacity);
      }
      kept.remove();
      out.reset();
      return out;
    }

    /** Gives {@code out} back for the thread's next encoding, unless it grew past the bound. */
    public void give(JsonOut out) {
      if (out.capacity() <= keepBytes) {
        kept.set(out);
      }
    }
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  public JsonOut startObject() {
    separate();
    put('{');
    comma = false;
    return this;
  }

  public JsonOut endObject() {
    put('}');
    comma = true;
    return this;
  }

  public JsonOut startArray() {
    separate();
    put('[');
    comma = false;
    return this;
  }

  public JsonOut endArray() {
    put(']');
    comma = true;
    return this;
  }

  /** A property name prepared by {@link JsonName#of}; its value follows. */
  public JsonOut name(JsonName name) {
    byte[] bytes = name.bytes;
    ensure(bytes.length + 1);
    if (comma) {
      buf[pos++] = ',';
    }
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
    comma = false;
    return this;
  }

  /** A property name; its value follows. */
  public JsonOut name(String name) {
    if (comma) {
      put(',');
    }
    quoted(name);
    put(':');
    comma = false;
    return this;
  }

  /** A string value: JsonText's escaping, unpaired surrogates as U+FFFD. */
  public JsonOut string(String value) {
    separate();
    quoted(value);
    comma = true;
    return this;
  }

  public JsonOut number(long value) {
    separate();
    digits(value);
    comma = true;
    return this;
  }

  /** A long as a JSON string of its decimal digits (OTLP/JSON's 64-bit integers). */
  public JsonOut numberString(long value) {
    separate();
    put('"');
    digits(value);
    put('"');
    comma = true;
    return this;
  }

  private void digits(long value) {
    if (value == Long.MIN_VALUE) {
      ascii("-9223372036854775808");
    } else {
      ensure(20);
      if (value < 0) {
        buf[pos++] = '-';
        value = -value;
      }
      int digits = 1;
      for (long v = value; v >= 10; v /= 10) {
        digits++;
      }
      int end = pos + digits;
      for (int i = end - 1; i >= pos; i--) {
        buf[i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      pos = end;
    }
  }

  /** A finite double as Jackson writes it ({@link Double#toString}); callers handle NaN and infinities. */
  public JsonOut number(double value) {
    separate();
    ascii(Double.toString(value));
    comma = true;
    return this;
  }

  public JsonOut bool(boolean value) {
    separate();
    ascii(value ? "true" : "false");
    comma = true;
    return this;
  }

  public JsonOut nullValue() {
    separate();
    ascii("null");
    comma = true;
    return this;
  }

  /** A span id as a string of 16 lowercase hex digits, as {@code Hex.of(id)} spells it, without the String. */
  public JsonOut hexString(long id) {
    separate();
    ensure(18);
    buf[pos++] = '"';
    for (int shift = 60; shift >= 0; shift -= 4) {
      buf[pos++] = HEX[(int) (id >>> shift) & 0xF];
    }
    buf[pos++] = '"';
    comma = true;
    return this;
  }

  /** A string value of ASCII text that needs no escaping (a timestamp, a number as text). */
  public JsonOut asciiString(byte[] text, int from, int to) {
    separate();
    ensure(to - from + 2);
    buf[pos++] = '"';
    System.arraycopy(text, from, buf, pos, to - from);
    pos += to - from;
    buf[pos++] = '"';
    comma = true;
    return this;
  }

  /** One byte outside any JSON value (the newline after a record). */
  public JsonOut raw(char c) {
    put(c);
    return this;
  }

  /**
   * An attribute value as {@link Json#writeValue} writes it: String, Long, Double, Boolean or a List of
   * those as JSON; anything else as its string form; non-finite doubles as "NaN", "Infinity", "-Infinity".
   */
  public JsonOut value(Object v) {
    if (v == null) {
      nullValue();
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Boolean b) {
      bool(b);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        number(d);
      } else {
        string(Double.toString(d));
      }
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      number(((Number) v).longValue());
    } else if (v instanceof List<?> list) {
      startArray();
      for (Object o : list) {
        value(o);
      }
      endArray();
    } else {
      string(String.valueOf(v));
    }
    return this;
  }

  /** A map as {@link Json#writeObject} writes it: an object of {@link #value} values, null keys skipped. */
  public JsonOut object(Map<String, ?> map) {
    startObject();
    if (map != null) {
      for (Map.Entry<String, ?> e : map.entrySet()) {
        if (e.getKey() != null) {
          name(e.getKey());
          value(e.getValue());
        }
      }
    }
    return endObject();
  }

  /**
   * A captured payload as {@link Json#writeEmbedded} writes it: one valid JSON value embedded compactly,
   * anything else as a string. A payload that is already in the form Jackson would re-serialize it to (what
   * the SDK's own capture writes: no whitespace, integers, JsonText's escapes) is validated and copied in one
   * pass; any other goes through Jackson as before, so the bytes never differ.
   */
  public JsonOut embedded(String json) {
    if (json == null) {
      return nullValue();
    }
    separate();
    EmbeddedJson.write(json, this);
    comma = true;
    return this;
  }

  // For EmbeddedJson, which writes into this buffer while it validates.

  byte[] buffer() {
    return buf;
  }

  int position() {
    return pos;
  }

  void position(int p) {
    pos = p;
  }

  /** Scratch space for at least {@code n} characters. */
  char[] chars(int n) {
    if (chars.length < n) {
      chars = new char[Math.max(n, chars.length * 2)];
    }
    return chars;
  }

  void append(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  void ensure(long more) {
    long need = pos + more;
    if (need > buf.length) {
      if (need > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("JSON output larger than 2 GB");
      }
      buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, buf.length * 2L)));
    }
  }

  private void separate() {
    if (comma) {
      put(',');
    }
  }

  void put(char c) {
    ensure(1);
    buf[pos++] = (byte) c;
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
  }

  /** {@code s} quoted, escaped and UTF-8 encoded. */
  void quoted(String s) {
    int n = s.length();
    if (n <= SHORT) {
      // Short text (keys, names, ids) costs more to copy into the scratch array than to read directly.
      ensure(n + 2);
      byte[] b = buf;
      int p = pos;
      b[p++] = '"';
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80 || ESCAPE[c] != 0) {
          quotedChunks(s);
          return;
        }
        b[p++] = (byte) c;
      }
      b[p++] = '"';
      pos = p;
      return;
    }
    quotedChunks(s);
  }

  private void quotedChunks(String s) {
    int n = s.length();
    // 3 bytes a char covers every character and pair; an escape (6 bytes) makes room for itself below.
    ensure(3L * n + 2);
    byte[] b = buf;
    int p = pos;
    b[p++] = '"';
    char[] cs = chars;
    for (int from = 0; from < n; ) {
      int to = Math.min(n, from + cs.length);
      if (to < n && Character.isHighSurrogate(s.charAt(to - 1))) {
        to--; // a pair is never split between chunks
      }
      s.getChars(from, to, cs, 0);
      int m = to - from;
      for (int i = 0; i < m; i++) {
        char c = cs[i];
        if (c < 0x80) {
          byte e = ESCAPE[c];
          if (e == 0) {
            b[p++] = (byte) c;
            continue;
          }
          pos = p;
          ensure(6 + 3L * (n - from - i));
          b = buf;
          b[p++] = '\\';
          b[p++] = e;
          if (e == 'u') {
            b[p++] = '0';
            b[p++] = '0';
            b[p++] = HEX[c >> 4];
            b[p++] = HEX[c & 0xF];
          }
        } else if (c < 0x800) {
          b[p++] = (byte) (0xC0 | (c >> 6));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c) && i + 1 < m && Character.isLowSurrogate(cs[i + 1])) {
            int cp = Character.toCodePoint(c, cs[++i]);
            b[p++] = (byte) (0xF0 | (cp >> 18));
            b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (cp & 0x3F));
          } else {
            b[p++] = (byte) 0xEF; // U+FFFD, JsonText's rule for an unpaired surrogate
            b[p++] = (byte) 0xBF;
            b[p++] = (byte) 0xBD;
          }
        } else {
          b[p++] = (byte) (0xE0 | (c >> 12));
          b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      from = to;
    }
    b[p++] = '"';
    pos = p;
  }
}
