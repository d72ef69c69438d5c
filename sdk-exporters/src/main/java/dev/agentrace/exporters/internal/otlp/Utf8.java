package dev.agentrace.exporters.internal.otlp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 straight from a {@link String} into an array, without the intermediate array of
 * {@link String#getBytes}, under JsonText's rule for broken text: an unpaired surrogate is written as
 * U+FFFD. Long text is read in chunks through a scratch char array: {@link String#getChars} and a loop
 * over an array are some three times faster than {@link String#charAt} per character. Thread-safe as long
 * as each thread passes its own {@link Scratch}.
 */
final class Utf8 {
  private static final int SHORT = 48;
  private static final int CHUNK = 4096;

  private Utf8() {}

  /** Scratch space for one thread's strings: reused, never shared. */
  static final class Scratch {
    final char[] chars = new char[CHUNK];
    private final byte[] bytes = new byte[3 * CHUNK];
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** The number of bytes {@link #encode} writes for {@code s}. */
  static int length(String s, Scratch scratch) {
    int n = s.length();
    if (n <= SHORT) {
      // Short text (keys, names, small values) costs more to copy into the array than to read directly.
      int i = 0;
      while (i < n && s.charAt(i) < 0x80) {
        i++;
      }
      if (i == n) {
        return n;
      }
      return countChunks(s, scratch.chars);
    }
    // Long text: the JDK's UTF-8 encoder (vectorized for ASCII) into scratch counts some four times faster
    // than a loop; it reports an unpaired surrogate, which the loop then counts under our rule.
    char[] chars = scratch.chars;
    CharsetEncoder encoder = scratch.encoder;
    int length = 0;
    for (int from = 0; from < n; ) {
      int to = chunkEnd(s, from, chars.length);
      s.getChars(from, to, chars, 0);
      ByteBuffer out = ByteBuffer.wrap(scratch.bytes);
      encoder.reset();
      if (encoder.encode(CharBuffer.wrap(chars, 0, to - from), out, true).isError()) {
        return countChunks(s, chars);
      }
      length += out.position();
      from = to;
    }
    return length;
  }

  private static int countChunks(String s, char[] chars) {
    int n = s.length();
    int length = 0;
    for (int from = 0; from < n; ) {
      int to = chunkEnd(s, from, chars.length);
      s.getChars(from, to, chars, 0);
      int m = to - from;
      int i = 0;
      while (i < m && chars[i] < 0x80) {
        i++;
      }
      length += i;
      for (; i < m; i++) {
        char c = chars[i];
        if (c < 0x80) {
          length++;
        } else if (c < 0x800) {
          length += 2;
        } else if (Character.isHighSurrogate(c) && i + 1 < m && Character.isLowSurrogate(chars[i + 1])) {
          length += 4;
          i++;
        } else {
          length += 3; // a BMP character, or an unpaired surrogate written as U+FFFD
        }
      }
      from = to;
    }
    return length;
  }

  /**
   * Writes {@code s}, whose {@link #length} is {@code length}, at {@code out[at]} and returns the index after
   * the last byte written. A length equal to the number of characters means every character is ASCII, and
   * the characters are copied in bulk (a String does not change, so the count made earlier still holds).
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) copies chars' low bytes: exact for ASCII
  static int encode(String s, int length, byte[] out, int at, Scratch scratch) {
    char[] chars = scratch.chars;
    int n = s.length();
    if (length == n) {
      s.getBytes(0, n, out, at);
      return at + n;
    }
    int pos = at;
    for (int from = 0; from < n; ) {
      int to = chunkEnd(s, from, chars.length);
      s.getChars(from, to, chars, 0);
      int m = to - from;
      for (int i = 0; i < m; i++) {
        char c = chars[i];
        if (c < 0x80) {
          out[pos++] = (byte) c;
        } else if (c < 0x800) {
          out[pos++] = (byte) (0xC0 | (c >> 6));
          out[pos++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c) && i + 1 < m && Character.isLowSurrogate(chars[i + 1])) {
            int cp = Character.toCodePoint(c, chars[++i]);
            out[pos++] = (byte) (0xF0 | (cp >> 18));
            out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[pos++] = (byte) (0x80 | (cp & 0x3F));
          } else {
            out[pos++] = (byte) 0xEF;
            out[pos++] = (byte) 0xBF;
            out[pos++] = (byte) 0xBD;
          }
        } else {
          out[pos++] = (byte) (0xE0 | (c >> 12));
          out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          out[pos++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      from = to;
    }
    return pos;
  }

  /** The end of the chunk from {@code from}: at most {@code max} characters, never between the halves of a pair. */
  static int chunkEnd(String s, int from, int max) {
    int to = Math.min(s.length(), from + max);
    return to < s.length() && Character.isHighSurrogate(s.charAt(to - 1)) ? to - 1 : to;
  }
}
