package dev.agentrace.exporters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void preview_null_isEmpty() {
    assertThat(Text.preview(null, 10)).isEmpty();
  }

  @Test
  void preview_lineBreaksTabsAndControls_becomeOneSpace() {
    assertThat(Text.preview("a\r\n\tb\u0000c", 10)).isEqualTo("a b c");
  }

  @Test
  void preview_longerThanTheLimit_isCutWithEllipsis() {
    assertThat(Text.preview("abcdef", 3)).isEqualTo("abc...");
    assertThat(Text.preview("abc", 3)).isEqualTo("abc");
  }

  @Test
  void preview_surrogatePairAtTheCut_countsAsOneAndIsNeverSplit() {
    assertThat(Text.preview("a\uD83D\uDE00b", 2)).isEqualTo("a\uD83D\uDE00...");
  }

  @Test
  void preview_unpairedSurrogates_becomeReplacementCharacters() {
    assertThat(Text.preview("\uDE00a\uD83D", 10)).isEqualTo("\uFFFDa\uFFFD");
  }

  @Test
  void preview_nonBmpCharactersWhoseLowBitsLookLikeSurrogates_keptIntact() {
    // U+2D800 (CJK Extension F) once came out as U+FFFD: its low 16 bits, cast to a char, are a surrogate.
    String s = new StringBuilder().appendCodePoint(0x2D800).appendCodePoint(0x1D800).toString();

    assertThat(Text.preview(s, 10)).isEqualTo(s);
  }
}
