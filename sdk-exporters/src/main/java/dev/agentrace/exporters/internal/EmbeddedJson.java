package dev.agentrace.exporters.internal;

import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;

/**
 * A captured payload as {@link Json#writeEmbedded} writes it: one valid JSON value embedded compactly,
 * anything else as a JSON string.
 *
 * <p>The fast path copies a payload that is JSON exactly as Jackson would re-serialize it, validating as it
 * copies: no
 * whitespace, integers without leading zeros or a minus zero, strings whose escapes are exactly the ones
 * JsonText writes, no surrogates, shallow nesting, one value and nothing after it. For such text, parsing
 * and re-generating with Jackson gives the same characters back, so the copy is byte for byte what
 * {@link Json#writeEmbedded} writes. Anything else (fractions, whitespace, other escapes, deep nesting,
 * invalid JSON) makes {@link #copy} return false, and {@link #write} takes the Jackson path, so the bytes
 * never differ from the generator's.
 * Stateless and thread-safe.
 */
final class EmbeddedJson {
  /** Well under Jackson's own limits (nesting 500, names 50,000 chars, strings 20,000,000 chars). */
  private static final int MAX_DEPTH = 100;
  private static final int MAX_NAME = 10_000;
  /** Longer payloads (the SDK caps them at 64 KiB by default) take the Jackson path instead of a large scratch array. */
  private static final int MAX_LENGTH = 1 << 20;
  /** 18 digits always fit a long, so the value Jackson reads prints back as the same digits. */
  private static final int MAX_DIGITS = 18;

  private final char[] s;
  private final int n;
  private final byte[] b;
  private int p;

  private EmbeddedJson(char[] s, int n, byte[] b, int p) {
    this.s = s;
    this.n = n;
    this.b = b;
    this.p = p;
  }

  /** Writes {@code json} into {@code out}, after a comma if one is due (the caller wrote it). */
  static void write(String json, JsonOut out) {
    int mark = out.position();
    if (copy(json, out)) {
      return;
    }
    out.position(mark);
    if (Json.isSingleValue(json)) {
      ByteArrayOutputStream copy = new ByteArrayOutputStream(json.length() + 16);
      try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), copy);
          JsonParser p = Json.FACTORY.createParser(ObjectReadContext.empty(), json)) {
        p.nextToken();
        g.copyCurrentStructure(p);
      }
      out.append(copy.toByteArray());
    } else {
      out.quoted(json);
    }
  }

  /** Copies {@code json} into {@code out} as UTF-8 and returns true, or returns false leaving junk after {@code out}'s position. */
  private static boolean copy(String json, JsonOut out) {
    int n = json.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    out.ensure(3L * n); // UTF-8 is at most 3 bytes a char without surrogates, which fail the check
    char[] chars = out.chars(n);
    json.getChars(0, n, chars, 0); // then read from an array: some three times faster than charAt
    EmbeddedJson c = new EmbeddedJson(chars, n, out.buffer(), out.position());
    if (c.value(0, 0) != n) {
      return false;
    }
    out.position(c.p);
    return true;
  }

  /** Copies the value starting at {@code i}; returns the index after it, or -1. */
  private int value(int i, int depth) {
    if (i >= n) {
      return -1;
    }
    char c = s[i];
    return switch (c) {
      case '{' -> object(i, depth);
      case '[' -> array(i, depth);
      case '"' -> string(i, MAX_LENGTH);
      case 't' -> literal(i, "true");
      case 'f' -> literal(i, "false");
      case 'n' -> literal(i, "null");
      default -> c == '-' || (c >= '0' && c <= '9') ? integer(i) : -1;
    };
  }

  private int object(int i, int depth) {
    if (depth >= MAX_DEPTH) {
      return -1;
    }
    b[p++] = '{';
    i++;
    if (i < n && s[i] == '}') {
      b[p++] = '}';
      return i + 1;
    }
    while (true) {
      if (i >= n || s[i] != '"') {
        return -1;
      }
      i = string(i, MAX_NAME);
      if (i < 0 || i >= n || s[i] != ':') {
        return -1;
      }
      b[p++] = ':';
      i = value(i + 1, depth + 1);
      if (i < 0 || i >= n) {
        return -1;
      }
      char c = s[i];
      if (c == '}') {
        b[p++] = '}';
        return i + 1;
      }
      if (c != ',') {
        return -1;
      }
      b[p++] = ',';
      i++;
    }
  }

  private int array(int i, int depth) {
    if (depth >= MAX_DEPTH) {
      return -1;
    }
    b[p++] = '[';
    i++;
    if (i < n && s[i] == ']') {
      b[p++] = ']';
      return i + 1;
    }
    while (true) {
      i = value(i, depth + 1);
      if (i < 0 || i >= n) {
        return -1;
      }
      char c = s[i];
      if (c == ']') {
        b[p++] = ']';
        return i + 1;
      }
      if (c != ',') {
        return -1;
      }
      b[p++] = ',';
      i++;
    }
  }

  private int literal(int i, String word) {
    int length = word.length();
    if (i + length > n) {
      return -1;
    }
    for (int k = 0; k < length; k++) {
      if (s[i + k] != word.charAt(k)) {
        return -1;
      }
    }
    for (int k = 0; k < length; k++) {
      b[p++] = (byte) word.charAt(k);
    }
    return i + length;
  }

  /** An integer Jackson prints back unchanged: no leading zero, no "-0", no fraction or exponent after it. */
  private int integer(int i) {
    int start = i;
    if (s[i] == '-') {
      i++;
    }
    int first = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      i++;
    }
    int digits = i - first;
    if (digits == 0 || digits > MAX_DIGITS || (s[first] == '0' && (digits > 1 || first > start))) {
      return -1;
    }
    if (i < n) {
      char c = s[i];
      if (c == '.' || c == 'e' || c == 'E') {
        return -1; // Jackson prints a double its own way
      }
    }
    for (int k = start; k < i; k++) {
      b[p++] = (byte) s[k];
    }
    return i;
  }

  /** A string whose escapes are exactly JsonText's, without surrogates; returns the index after its quote. */
  private int string(int i, int maxLength) {
    int start = i;
    b[p++] = '"';
    i++;
    while (i < n) {
      if (i - start > maxLength) {
        return -1;
      }
      char c = s[i];
      if (c == '"') {
        b[p++] = '"';
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          return -1;
        }
        char e = s[i + 1];
        if (e == '"' || e == '\\' || e == 'b' || e == 't' || e == 'n' || e == 'f' || e == 'r') {
          b[p++] = '\\';
          b[p++] = (byte) e;
          i += 2;
          continue;
        }
        if (e != 'u' || i + 5 >= n || s[i + 2] != '0' || s[i + 3] != '0') {
          return -1;
        }
        char h = s[i + 4];
        char l = s[i + 5];
        int low = l >= '0' && l <= '9' ? l - '0' : l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
        if ((h != '0' && h != '1') || low < 0) {
          return -1;
        }
        int v = (h - '0') * 16 + low;
        if (v == '\b' || v == '\t' || v == '\n' || v == '\f' || v == '\r') {
          return -1; // Jackson writes these as their short escape
        }
        for (int k = 0; k < 6; k++) {
          b[p++] = (byte) s[i + k];
        }
        i += 6;
        continue;
      }
      if (c < 0x20) {
        return -1;
      }
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        return -1;
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
      i++;
    }
    return -1;
  }
}
