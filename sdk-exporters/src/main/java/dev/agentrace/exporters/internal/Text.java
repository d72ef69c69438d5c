package dev.agentrace.exporters.internal;

import dev.agentrace.core.internal.JsonText;

/** One-line previews of captured text, for the console exporter. Internal: not API. Stateless and thread-safe. */
public final class Text {
  private Text() {}

  /**
   * A one-line preview of {@code s}: line breaks and tabs become spaces, runs of spaces collapse, and text
   * longer than {@code maxCodePoints} is cut (never inside a surrogate pair) and ends with "...". Unpaired
   * surrogates become U+FFFD, as in every other output ({@link JsonText#wellFormed}).
   */
  public static String preview(String s, int maxCodePoints) {
    if (s == null) {
      return "";
    }
    String text = JsonText.wellFormed(s);
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxCodePoints + 3));
    int count = 0;
    boolean lastSpace = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
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
      } else {
        out.appendCodePoint(cp);
      }
      lastSpace = space;
      count++;
    }
    return out.toString();
  }
}
