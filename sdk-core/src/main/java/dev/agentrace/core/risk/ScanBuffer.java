package dev.agentrace.core.risk;

import java.util.Arrays;

/**
 * The string being scanned, copied or decoded into a reused array (plain array reads keep the cost per
 * character low), and the findings the detectors record in it: a category and a range [start, end).
 * {@link #at} reads 0 outside [0, {@link #length()}), so boundary tests treat the edges as the text's ends.
 * Also the character classes the scanner and its detectors share.
 *
 * <p>Not thread-safe: one per {@link RiskScanner}, shared with its detectors.
 */
final class ScanBuffer {
  /** The longest run a detector reads for one token: keeps each detector's stretch of text bounded. */
  static final int MAX_TOKEN = 16_384;

  private char[] chars = new char[256];
  private int length;

  // Findings: category ordinal and [start, end) in the buffer.
  private int[] cats = new int[8];
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private int count;

  /**
   * Clears the findings and returns an array of at least {@code capacity} characters to copy the next text
   * into; {@link #length(int)} then says how many it holds.
   */
  char[] reset(int capacity) {
    if (chars.length < capacity) {
      chars = new char[Math.max(capacity, chars.length * 2)];
    }
    count = 0;
    return chars;
  }

  void length(int length) {
    this.length = length;
  }

  int length() {
    return length;
  }

  /** The array that holds the text in [0, {@link #length()}); valid until the next {@link #reset}. */
  char[] chars() {
    return chars;
  }

  char at(int k) {
    return k >= 0 && k < length ? chars[k] : 0;
  }

  // ---------------------------------------------------------------- findings

  void add(DataCategory category, int start, int end) {
    if (count == cats.length) {
      cats = Arrays.copyOf(cats, count * 2);
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
    }
    cats[count] = category.ordinal();
    starts[count] = start;
    ends[count] = end;
    count++;
  }

  int findings() {
    return count;
  }

  /** The {@link DataCategory} ordinal of finding {@code f}. */
  int category(int f) {
    return cats[f];
  }

  int start(int f) {
    return starts[f];
  }

  int end(int f) {
    return ends[f];
  }

  /** Orders the findings by start. */
  void sortByStart() {
    // Findings come mostly in order (an e-mail's start lies before the '@' that found it): insertion sort.
    for (int f = 1; f < count; f++) {
      for (int g = f; g > 0 && starts[g] < starts[g - 1]; g--) {
        swap(g, g - 1);
      }
    }
  }

  private void swap(int x, int y) {
    int t = cats[x];
    cats[x] = cats[y];
    cats[y] = t;
    t = starts[x];
    starts[x] = starts[y];
    starts[y] = t;
    t = ends[x];
    ends[x] = ends[y];
    ends[y] = t;
  }

  // ---------------------------------------------------------------- regions

  boolean regionStartsWith(int i, String prefix) {
    if (i + prefix.length() > length) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (chars[i + k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  boolean regionEqualsIgnoreCase(int from, int to, String lower) {
    if (to - from != lower.length() || to > length) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if (Character.toLowerCase(chars[from + k]) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Whether [from, to) holds both a letter and a digit. */
  boolean mixed(int from, int to) {
    boolean letter = false;
    boolean digit = false;
    for (int k = from; k < to && !(letter && digit); k++) {
      char c = chars[k];
      letter |= isLetter(c);
      digit |= isDigit(c);
    }
    return letter && digit;
  }

  // ---------------------------------------------------------------- character classes (ASCII)

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isLetterOrDigit(char c) {
    return isLetter(c) || isDigit(c);
  }

  static boolean isWordChar(char c) {
    return isLetterOrDigit(c) || c == '_';
  }

  /** A character of an RFC 6750 bearer token (besides the trailing '=' padding). */
  static boolean isTokenChar(char c) {
    return isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
  }
}
