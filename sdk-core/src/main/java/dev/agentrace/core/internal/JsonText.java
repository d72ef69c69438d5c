package dev.agentrace.core.internal;

import dev.agentrace.api.internal.Hex;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * The SDK's one JSON-text helper: escapes text into JSON string literals and holds the one rule for
 * unpaired surrogates. Payload capture, the exporters and the testing module all write JSON text through
 * it, or through a jackson generator built by {@link #factoryBuilder()}, which escapes the same way, so a
 * string reads the same in every output. Internal: not API, may change without notice.
 *
 * <h2>The rule</h2>
 *
 * <ul>
 *   <li>{@code "} and {@code \} are written {@code \"} and {@code \\}; backspace, tab, line feed, form
 *       feed and carriage return are written {@code \b}, {@code \t}, {@code \n}, {@code \f}, {@code \r};
 *       every other character below U+0020 is written {@code \}{@code u00xx} with lowercase hex.
 *   <li>A surrogate pair (a character outside the Basic Multilingual Plane) is kept as it is. An unpaired
 *       surrogate, high or low, becomes U+FFFD (the replacement character), written as itself: the text
 *       then always encodes to UTF-8, and every output shows the same character where the data was
 *       broken, rather than {@code ?} in one and an escape in another.
 *   <li>Everything else, {@code /}, DEL, U+2028 and U+2029 included, is written as it is.
 * </ul>
 *
 * <p>{@link #appendQuotedForLog} applies the same rule and also escapes DEL, the C1 control characters
 * (U+0080 to U+009F) and U+2028/U+2029, which some log viewers treat as line breaks.
 *
 * <h2>Thread-safety</h2>
 *
 * <p>Stateless and thread-safe. Methods that take a {@link StringBuilder} append to it and nothing else;
 * the caller owns the builder.
 */
public final class JsonText {
  private JsonText() {}

  /**
   * A jackson factory builder whose generators escape strings exactly as this class does: lowercase hex
   * in {@code \}{@code u00xx} escapes and {@code /} unescaped. Jackson does not apply the surrogate rule
   * by itself, so callers pass it text from {@link #wellFormed}.
   */
  public static JsonFactoryBuilder factoryBuilder() {
    return JsonFactory.builder()
        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
        .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES);
  }

  /** Appends {@code s} to {@code out} as a JSON string literal, quotes included. */
  public static StringBuilder appendQuoted(StringBuilder out, CharSequence s) {
    out.append('"');
    append(out, s, 0, s.length(), Integer.MAX_VALUE, false);
    return out.append('"');
  }

  /**
   * Appends {@code s} to {@code out} quoted as {@link #appendQuoted} does, with DEL, the C1 control
   * characters and U+2028/U+2029 escaped too, so that the result stays on one line in a log whatever
   * viewer shows it. The result is still a valid JSON string literal.
   */
  public static StringBuilder appendQuotedForLog(StringBuilder out, CharSequence s) {
    out.append('"');
    append(out, s, 0, s.length(), Integer.MAX_VALUE, true);
    return out.append('"');
  }

  /**
   * Appends the JSON string content (no quotes) of {@code s[from, to)} to {@code out}, stopping before
   * the first character whose escape would make {@code out} longer than {@code limit}. A surrogate pair
   * is appended whole or not at all, so a cut never splits one.
   *
   * @return the index of the first character not appended ({@code to} if all were)
   */
  public static int appendEscaped(StringBuilder out, CharSequence s, int from, int to, int limit) {
    return append(out, s, from, to, limit, false);
  }

  /** The length of the JSON string content (no quotes) that {@link #appendEscaped} makes of {@code s[from, to)}. */
  public static long escapedLength(CharSequence s, int from, int to) {
    long length = 0;
    for (int i = from; i < to; i++) {
      if (isPairAt(s, i, to)) {
        length += 2;
        i++;
      } else {
        length += width(s.charAt(i), false);
      }
    }
    return length;
  }

  /**
   * Whether the JSON string content of {@code s} differs from {@code s}: it holds a character that is
   * escaped or an unpaired surrogate. When it does not, {@code '"' + s + '"'} is its JSON literal.
   */
  public static boolean needsEscaping(CharSequence s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (!isPlain(c, false)) {
        if (!isPairAt(s, i, n)) {
          return true;
        }
        i++;
      }
    }
    return false;
  }

  /**
   * {@code s} with every unpaired surrogate replaced by U+FFFD, for text handed to an encoder that does
   * not apply the rule itself (jackson, {@link String#getBytes}). Returns {@code s} itself, without
   * copying, in the usual case where there is nothing to replace; null stays null.
   */
  public static String wellFormed(String s) {
    if (s == null) {
      return null;
    }
    int bad = firstUnpaired(s);
    if (bad < 0) {
      return s;
    }
    char[] chars = s.toCharArray();
    for (int i = bad; i < chars.length; i++) {
      if (isPairAt(s, i, chars.length)) {
        i++;
      } else if (Character.isSurrogate(chars[i])) {
        chars[i] = '\uFFFD';
      }
    }
    return new String(chars);
  }

  /**
   * Where to cut {@code s} to keep at most its first {@code end} characters without splitting a surrogate
   * pair: {@code end}, or {@code end - 1} when the character before the cut is the high half of a pair.
   * Requires {@code 0 <= end <= s.length()}.
   */
  public static int cutBefore(CharSequence s, int end) {
    return end > 0 && end < s.length() && Character.isHighSurrogate(s.charAt(end - 1)) ? end - 1 : end;
  }

  /**
   * The UTF-8 bytes of {@link #wellFormed wellFormed(s)}: an unpaired surrogate becomes the three bytes
   * of U+FFFD, where {@link String#getBytes} alone would write {@code ?}. {@code s} must not be null.
   */
  public static byte[] utf8(String s) {
    return wellFormed(s).getBytes(StandardCharsets.UTF_8);
  }

  private static int firstUnpaired(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        if (!isPairAt(s, i, n)) {
          return i;
        }
        i++;
      }
    }
    return -1;
  }

  /** Whether {@code s[i]} and {@code s[i + 1]}, both before {@code to}, are a high and a low surrogate. */
  private static boolean isPairAt(CharSequence s, int i, int to) {
    return Character.isHighSurrogate(s.charAt(i)) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1));
  }

  private static int append(StringBuilder out, CharSequence s, int from, int to, int limit, boolean forLog) {
    int room = limit - out.length();
    int run = from; // characters from here to i are written as they are, and appended in bulk
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (isPlain(c, forLog)) {
        if (room <= 0) {
          out.append(s, run, i);
          return i;
        }
        room--;
        continue;
      }
      if (isPairAt(s, i, to)) {
        if (room < 2) {
          out.append(s, run, i);
          return i;
        }
        room -= 2;
        i++;
        continue;
      }
      int width = width(c, forLog);
      if (width > room) {
        out.append(s, run, i);
        return i;
      }
      out.append(s, run, i);
      appendEscape(out, c);
      room -= width;
      run = i + 1;
    }
    out.append(s, run, to);
    return to;
  }

  /** Whether {@code c} is written as it is: not escaped, not a surrogate. */
  private static boolean isPlain(char c, boolean forLog) {
    if (c < 0x7F) {
      return c >= 0x20 && c != '"' && c != '\\';
    }
    return !Character.isSurrogate(c) && !(forLog && breaksLogLine(c));
  }

  /** For {@code c} at or above DEL: whether it is DEL, a C1 control, or U+2028 or U+2029. */
  private static boolean breaksLogLine(char c) {
    return c <= 0x9F || c == '\u2028' || c == '\u2029';
  }

  /** Width in the JSON text of {@code c}, a character that is not half of a surrogate pair. */
  private static int width(char c, boolean forLog) {
    if (shortEscape(c) != 0) {
      return 2;
    }
    return c < 0x20 || (forLog && c >= 0x7F && breaksLogLine(c)) ? 6 : 1;
  }

  /** Appends {@code c}, a character {@link #isPlain} rejects that is not half of a surrogate pair. */
  private static void appendEscape(StringBuilder out, char c) {
    char letter = shortEscape(c);
    if (letter != 0) {
      out.append('\\').append(letter);
    } else if (Character.isSurrogate(c)) {
      out.append('\uFFFD');
    } else {
      Hex.appendByte(Hex.appendByte(out.append("\\u"), c >> 8), c);
    }
  }

  /** The letter after the backslash of {@code c}'s two-character escape, or 0 if it has none. */
  private static char shortEscape(char c) {
    return switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '\b' -> 'b';
      case '\t' -> 't';
      case '\n' -> 'n';
      case '\f' -> 'f';
      case '\r' -> 'r';
      default -> 0;
    };
  }
}
