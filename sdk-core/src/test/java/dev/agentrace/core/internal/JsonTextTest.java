package dev.agentrace.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

class JsonTextTest {

  private static final JsonFactory FACTORY = JsonText.factoryBuilder().build();

  // ---- appendQuoted: the escaping rule ---------------------------------------------------

  @Test
  void appendQuoted_empty_writesEmptyLiteral() {
    assertThat(quoted("")).isEqualTo("\"\"");
  }

  @Test
  void appendQuoted_plainText_writtenAsIs() {
    String s = "Summarise the ticket: a/b, DEL \u007f, NEL \u0085, \u2028\u2029, é, 中文";

    assertThat(quoted(s)).isEqualTo("\"" + s + "\"");
  }

  @Test
  void appendQuoted_quoteAndBackslash_escapedWithBackslash() {
    assertThat(quoted("say \"hi\" C:\\tmp")).isEqualTo("\"say \\\"hi\\\" C:\\\\tmp\"");
  }

  @Test
  void appendQuoted_controlsWithShortEscapes_writeTwoCharacterEscapes() {
    assertThat(quoted("\b\t\n\f\r")).isEqualTo("\"\\b\\t\\n\\f\\r\"");
  }

  @Test
  void appendQuoted_everyOtherControl_writesLowercaseUnicodeEscape() {
    for (char c = 0; c < 0x20; c++) {
      if ("\b\t\n\f\r".indexOf(c) >= 0) {
        continue;
      }
      assertThat(quoted("a" + c + "b")).isEqualTo(String.format("\"a\\u%04xb\"", (int) c));
    }
    assertThat(quoted("\u001f\u000b")).isEqualTo("\"\\u001f\\u000b\"");
  }

  @Test
  void appendQuoted_everyControlQuoteAndBackslash_parsesBackToTheSameText() {
    StringBuilder s = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      s.append(c);
    }
    s.append("\"\\/\u007f");

    assertThat(parse(quoted(s))).isEqualTo(s.toString());
  }

  @Test
  void appendQuoted_surrogatePairsAtStartMiddleAndEnd_keptAsTheyAre() {
    String pair = "\uD83D\uDE00"; // U+1F600, outside the BMP

    assertThat(quoted(pair + "a" + pair + "b" + pair)).isEqualTo("\"" + pair + "a" + pair + "b" + pair + "\"");
    assertThat(quoted(pair)).isEqualTo("\"" + pair + "\"");
  }

  @Test
  void appendQuoted_loneHighSurrogateAtStartMiddleAndEnd_becomesReplacementCharacter() {
    assertThat(quoted("\uD83Dab")).isEqualTo("\"\uFFFDab\"");
    assertThat(quoted("a\uD83Db")).isEqualTo("\"a\uFFFDb\"");
    assertThat(quoted("ab\uD83D")).isEqualTo("\"ab\uFFFD\"");
    assertThat(quoted("\uD83D")).isEqualTo("\"\uFFFD\"");
  }

  @Test
  void appendQuoted_loneLowSurrogateAtStartMiddleAndEnd_becomesReplacementCharacter() {
    assertThat(quoted("\uDE00ab")).isEqualTo("\"\uFFFDab\"");
    assertThat(quoted("a\uDE00b")).isEqualTo("\"a\uFFFDb\"");
    assertThat(quoted("ab\uDE00")).isEqualTo("\"ab\uFFFD\"");
  }

  @Test
  void appendQuoted_reversedOrDoubledSurrogates_replacesOnlyTheUnpairedOnes() {
    assertThat(quoted("\uDE00\uD83D")).isEqualTo("\"\uFFFD\uFFFD\"");
    assertThat(quoted("\uD83D\uD83D\uDE00")).isEqualTo("\"\uFFFD\uD83D\uDE00\"");
    assertThat(quoted("\uD83D\uDE00\uDE00")).isEqualTo("\"\uD83D\uDE00\uFFFD\"");
  }

  @Test
  void appendQuoted_existingContent_isKeptAndAppendedTo() {
    StringBuilder out = new StringBuilder("key=");

    assertThat(JsonText.appendQuoted(out, "v\n").toString()).isEqualTo("key=\"v\\n\"");
  }

  @Test
  void appendQuoted_everyBmpCharacter_matchesTheFactoryBuildersGenerator() {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      String s = "a" + (char) c + "b";
      // jackson leaves the surrogate rule to the caller, as the class documentation says
      assertThat(quoted(s)).as("U+%04X", c).isEqualTo(generated(JsonText.wellFormed(s)));
    }
  }

  @Test
  void appendQuoted_randomText_matchesTheFactoryBuildersGeneratorAndRoundTrips() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 2_000; i++) {
      String s = randomText(random, 40);

      assertThat(quoted(s)).isEqualTo(generated(JsonText.wellFormed(s)));
      assertThat(parse(quoted(s))).isEqualTo(JsonText.wellFormed(s));
    }
  }

  // ---- appendQuotedForLog ----------------------------------------------------------------

  @Test
  void appendQuotedForLog_delC1ControlsAndLineSeparators_escaped() {
    assertThat(quotedForLog("a\u007fb\u0085c\u009fd\u2028e\u2029f"))
        .isEqualTo("\"a\\u007fb\\u0085c\\u009fd\\u2028e\\u2029f\"");
  }

  @Test
  void appendQuotedForLog_everyOtherCharacter_sameAsAppendQuoted() {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      if ((c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029) {
        continue;
      }
      String s = "a" + (char) c + "b";
      assertThat(quotedForLog(s)).as("U+%04X", c).isEqualTo(quoted(s));
    }
  }

  @Test
  void appendQuotedForLog_anyText_staysOnOneLineAndParsesBack() {
    String s = "line\nbreak\r\u0085\u2028\u2029\uD800 \uD83D\uDE00 \"q\"";

    String log = quotedForLog(s);

    assertThat(log).doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029");
    assertThat(parse(log)).isEqualTo(JsonText.wellFormed(s));
  }

  // ---- appendEscaped: bounded content ----------------------------------------------------

  @Test
  void appendEscaped_everythingFits_appendsContentWithoutQuotes() {
    StringBuilder out = new StringBuilder();

    int stop = JsonText.appendEscaped(out, "a\"b\n\uD800", 0, 5, 100);

    assertThat(stop).isEqualTo(5);
    assertThat(out.toString()).isEqualTo("a\\\"b\\n\uFFFD");
  }

  @Test
  void appendEscaped_range_escapesOnlyThatRange() {
    StringBuilder out = new StringBuilder();

    int stop = JsonText.appendEscaped(out, "xx\"yy", 2, 4, 100);

    assertThat(stop).isEqualTo(4);
    assertThat(out.toString()).isEqualTo("\\\"y");
  }

  @Test
  void appendEscaped_limit_stopsBeforeTheFirstCharacterThatDoesNotFit() {
    StringBuilder out = new StringBuilder("ab");

    int stop = JsonText.appendEscaped(out, "cdefg", 0, 5, 5);

    assertThat(stop).isEqualTo(3);
    assertThat(out.toString()).isEqualTo("abcde");
  }

  @Test
  void appendEscaped_limitInsideAnEscape_neverWritesHalfAnEscape() {
    String[] prefixes = {"", "a", "a\\u0001", "a\\u0001\\\""};
    for (int limit = 0; limit <= 10; limit++) {
      StringBuilder out = new StringBuilder();

      int stop = JsonText.appendEscaped(out, "a\u0001\"", 0, 3, limit);

      assertThat(out.toString()).isEqualTo(prefixes[stop]);
      assertThat(out.length()).isLessThanOrEqualTo(limit);
      if (stop < 3) {
        assertThat(prefixes[stop + 1].length()).isGreaterThan(limit);
      }
    }
  }

  @Test
  void appendEscaped_limitInsideASurrogatePair_neverSplitsThePair() {
    StringBuilder out = new StringBuilder();

    int stop = JsonText.appendEscaped(out, "a\uD83D\uDE00b", 0, 4, 2);

    assertThat(stop).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("a");
  }

  @Test
  void appendEscaped_pairCutByTheRangeEnd_isUnpairedThere() {
    StringBuilder out = new StringBuilder();

    JsonText.appendEscaped(out, "a\uD83D\uDE00", 0, 2, 100);

    assertThat(out.toString()).isEqualTo("a\uFFFD");
  }

  // ---- escapedLength and needsEscaping ---------------------------------------------------

  @Test
  void escapedLength_randomText_equalsWhatAppendEscapedWrites() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2_000; i++) {
      String s = randomText(random, 30);
      StringBuilder out = new StringBuilder();
      JsonText.appendEscaped(out, s, 0, s.length(), Integer.MAX_VALUE);

      assertThat(JsonText.escapedLength(s, 0, s.length())).isEqualTo(out.length());
    }
  }

  @Test
  void escapedLength_emptyRange_isZero() {
    assertThat(JsonText.escapedLength("abc", 1, 1)).isZero();
  }

  @Test
  void needsEscaping_plainTextOrSurrogatePairs_isFalse() {
    assertThat(JsonText.needsEscaping("")).isFalse();
    assertThat(JsonText.needsEscaping("plain / text \u007f \u2028 é")).isFalse();
    assertThat(JsonText.needsEscaping("\uD83D\uDE00 at start, middle \uD83D\uDE00 and end \uD83D\uDE00")).isFalse();
  }

  @Test
  void needsEscaping_escapedCharacterOrUnpairedSurrogate_isTrue() {
    assertThat(JsonText.needsEscaping("a\"")).isTrue();
    assertThat(JsonText.needsEscaping("\\")).isTrue();
    assertThat(JsonText.needsEscaping("\u0000")).isTrue();
    assertThat(JsonText.needsEscaping("tab\t")).isTrue();
    assertThat(JsonText.needsEscaping("\uD83D")).isTrue();
    assertThat(JsonText.needsEscaping("a\uDE00")).isTrue();
    assertThat(JsonText.needsEscaping("\uDE00\uD83D")).isTrue();
  }

  // ---- wellFormed and utf8 ---------------------------------------------------------------

  @Test
  void wellFormed_nothingToReplace_returnsTheSameInstance() {
    String plain = "plain \uD83D\uDE00 text";

    assertThat(JsonText.wellFormed(plain)).isSameAs(plain);
    assertThat(JsonText.wellFormed("")).isEmpty();
  }

  @Test
  void wellFormed_null_isNull() {
    assertThat(JsonText.wellFormed(null)).isNull();
  }

  @Test
  void wellFormed_loneSurrogatesAtStartMiddleAndEnd_becomeReplacementCharacters() {
    assertThat(JsonText.wellFormed("\uD800a\uDC00b\uDBFF")).isEqualTo("\uFFFDa\uFFFDb\uFFFD");
    assertThat(JsonText.wellFormed("\uDC00\uD800")).isEqualTo("\uFFFD\uFFFD");
  }

  @Test
  void wellFormed_pairsNextToLoneSurrogates_keptIntact() {
    assertThat(JsonText.wellFormed("\uD800\uD83D\uDE00\uDE00")).isEqualTo("\uFFFD\uD83D\uDE00\uFFFD");
  }

  @Test
  void wellFormed_nonBmpCharactersWhoseLowBitsLookLikeSurrogates_keptIntact() {
    String s = new StringBuilder().appendCodePoint(0x1D800).appendCodePoint(0x2DFFF).toString();

    assertThat(JsonText.wellFormed(s)).isSameAs(s);
  }

  @Test
  void utf8_loneSurrogate_encodesReplacementCharacterNotQuestionMark() {
    assertThat(JsonText.utf8("a\uD800")).containsExactly('a', 0xEF, 0xBF, 0xBD);
  }

  @Test
  void utf8_surrogatePair_encodesFourBytes() {
    assertThat(JsonText.utf8("\uD83D\uDE00")).containsExactly(0xF0, 0x9F, 0x98, 0x80);
    assertThat(JsonText.utf8("")).isEmpty();
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static String quoted(CharSequence s) {
    return JsonText.appendQuoted(new StringBuilder(), s).toString();
  }

  private static String quotedForLog(CharSequence s) {
    return JsonText.appendQuotedForLog(new StringBuilder(), s).toString();
  }

  private static String generated(String s) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
      g.writeString(s);
    }
    return out.toString();
  }

  /** The string a JSON literal stands for, read from its strict UTF-8 bytes. */
  private static String parse(String literal) {
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), literal.getBytes(StandardCharsets.UTF_8))) {
      p.nextToken();
      return p.getString();
    }
  }

  /** Text mixing ASCII, escapes, controls, C1, separators, BMP letters, pairs and lone surrogates. */
  private static String randomText(SplittableRandom random, int maxLength) {
    String pool = "ab /\"\\\b\t\n\f\r\u0000\u001f\u007f\u0085\u2028é中\uD83D\uDE00\uD800\uDC00\uDBFF";
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
      s.append(pool.charAt(random.nextInt(pool.length())));
    }
    return s.toString();
  }

  @Test
  void cutBefore_cutInsideASurrogatePair_movesBeforeIt() {
    String s = "ab\uD83D\uDE00cd";
    assertThat(JsonText.cutBefore(s, 3)).isEqualTo(2);
    assertThat(JsonText.cutBefore(s, 4)).isEqualTo(4);
    assertThat(JsonText.cutBefore(s, 2)).isEqualTo(2);
    assertThat(JsonText.cutBefore(s, 0)).isZero();
    assertThat(JsonText.cutBefore(s, s.length())).isEqualTo(s.length());
  }
}
