package dev.agentrace.exporters.internal.otlp;

/**
 * UTF-8 straight from a {@link String} into an array, without the intermediate array of
 * {@link String#getBytes}, under JsonText's rule for broken text: an unpaired surrogate is written as
 * U+FFFD. The text is read in chunks through a caller's char array: {@link String#getChars} and a loop
 * over an array are some three times faster than {@link String#charAt} per character. Thread-safe as long
 * as each thread passes its own array.
 */
final class Utf8 {
  private static final int SHORT = 48;

  private Utf8() {}

  /** The number of bytes {@link #encode} writes for {@code s}; {@code chars} is scratch space of 2 or more. */
  static int length(String s, char[] chars) {
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
    }
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
   * the characters are copied in bulk.
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) copies chars' low bytes: exact for ASCII
  static int encode(String s, int length, byte[] out, int at, char[] chars) {
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
