package dev.agentrace.api.internal;

/** Lowercase hex rendering and parsing of ids. Internal: not API, may change without notice. */
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

  /** Whether {@code s} is exactly {@code length} lowercase hex characters. */
  public static boolean isLowerHex(CharSequence s, int length) {
    if (s == null || s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Parses 16 hex characters starting at {@code from}; the caller has validated them. */
  public static long parseLong(CharSequence s, int from) {
    long v = 0;
    for (int i = from; i < from + 16; i++) {
      char c = s.charAt(i);
      v = (v << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return v;
  }
}
