package dev.agentrace.exporters.internal;

/** String helpers for exporters. Internal: not API. Stateless and thread-safe. */
public final class Text {
  private Text() {}

  /**
   * {@code s} with every unpaired surrogate replaced by U+FFFD, so that encoders which insist on
   * well-formed UTF-16 (Jackson's UTF-8 writer does) never fail on text a user captured. Returns
   * {@code s} itself, without copying, in the common case where there is nothing to replace.
   */
  public static String wellFormed(String s) {
    if (s == null) {
      return null;
    }
    int bad = firstUnpaired(s);
    if (bad < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length()).append(s, 0, bad);
    for (int i = bad; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int firstUnpaired(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * A one-line preview of {@code s}: line breaks and tabs become spaces, runs of spaces collapse, and text
   * longer than {@code maxCodePoints} is cut (never inside a surrogate pair) and ends with "...".
   */
  public static String preview(String s, int maxCodePoints) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(s.length(), maxCodePoints + 3));
    int count = 0;
    boolean lastSpace = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      boolean space = Character.isWhitespace(cp) || Character.isISOControl(cp);
      if (space && lastSpace) {
        continue;
      }
      if (count == maxCodePoints) {
        return out.append("...").toString();
      }
      if (space) {
        out.append(' ');
      } else if (Character.isSurrogate((char) cp)) {
        out.append('\uFFFD');
      } else {
        out.appendCodePoint(cp);
      }
      lastSpace = space;
      count++;
    }
    return out.toString();
  }
}
