package dev.agentrace.api.internal;

/**
 * The SDK's one hex codec: renders numbers and bytes as lowercase hex, checks and parses hex text. Ids
 * (W3C trace context, OTLP) are lowercase hex, so rendering is always lowercase and the checks that guard
 * an id accept lowercase only; {@link #digitIgnoreCase} is for formats where either case is valid, such as
 * percent-encoding. It lives in sdk-api because the API renders and parses ids and has no dependencies.
 * Internal: not API, may change without notice.
 *
 * <p>Stateless and thread-safe. The {@code parse} methods expect text their caller has already checked
 * (with {@link #isLowerHex}); given anything else they return a meaningless value rather than throw.
 */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** 16 lowercase hex characters for {@code v}. */
  public static String of(long v) {
    char[] out = new char[16];
    write(v, out, 0);
    return new String(out);
  }

  /** 32 lowercase hex characters for the 128-bit value {@code hi:lo}. */
  public static String of(long hi, long lo) {
    char[] out = new char[32];
    write(hi, out, 0);
    write(lo, out, 16);
    return new String(out);
  }

  private static void write(long v, char[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = DIGITS[(int) (v & 0xF)];
      v >>>= 4;
    }
  }

  /** Appends the low 8 bits of {@code b} to {@code out} as two lowercase hex characters. */
  public static StringBuilder appendByte(StringBuilder out, int b) {
    return out.append(DIGITS[(b >> 4) & 0xF]).append(DIGITS[b & 0xF]);
  }

  /** Whether {@code s} is exactly {@code length} lowercase hex characters; false for null. */
  public static boolean isLowerHex(CharSequence s, int length) {
    return s != null && s.length() == length && isLowerHex(s, 0, length);
  }

  /** Whether every character of {@code s[from, to)} is a lowercase hex digit (true for an empty range). */
  public static boolean isLowerHex(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (digit(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** 0 to 15 for a lowercase hex digit ({@code 0-9}, {@code a-f}), -1 for anything else, uppercase included. */
  public static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /**
   * 0 to 15 for an ASCII hex digit in either case, -1 for anything else. Unlike {@link
   * Character#digit(char, int)} it rejects non-ASCII digits such as fullwidth {@code '１'}.
   */
  public static int digitIgnoreCase(char c) {
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : digit(c);
  }

  /** Parses the 16 lowercase hex characters of {@code s} starting at {@code from}. */
  public static long parseLong(CharSequence s, int from) {
    long v = 0;
    for (int i = from; i < from + 16; i++) {
      v = (v << 4) | digit(s.charAt(i));
    }
    return v;
  }

  /** Parses the two lowercase hex characters of {@code s} at {@code from} into 0 to 255. */
  public static int parseByte(CharSequence s, int from) {
    return (digit(s.charAt(from)) << 4) | digit(s.charAt(from + 1));
  }

  /** The bytes that the lowercase hex text {@code s}, of even length, spells (two characters a byte). */
  public static byte[] parseBytes(CharSequence s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) parseByte(s, 2 * i);
    }
    return out;
  }
}
