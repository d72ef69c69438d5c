package dev.agentrace.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class HexTest {

  // ---- rendering -------------------------------------------------------------------------

  @Test
  void of_long_rendersSixteenLowercaseCharactersZeroPadded() {
    assertThat(Hex.of(0L)).isEqualTo("0000000000000000");
    assertThat(Hex.of(0xABCL)).isEqualTo("0000000000000abc");
    assertThat(Hex.of(0x00f067aa0ba902b7L)).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void of_negativeLong_rendersAsUnsigned() {
    assertThat(Hex.of(-1L)).isEqualTo("ffffffffffffffff");
    assertThat(Hex.of(Long.MIN_VALUE)).isEqualTo("8000000000000000");
  }

  @Test
  void of_highAndLow_rendersThirtyTwoCharactersHighFirst() {
    assertThat(Hex.of(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(Hex.of(0L, 1L)).isEqualTo("00000000000000000000000000000001");
  }

  @Test
  void appendByte_everyByte_matchesJdkHexFormat() {
    for (int b = 0; b < 256; b++) {
      assertThat(Hex.appendByte(new StringBuilder("x"), b).toString())
          .isEqualTo("x" + HexFormat.of().toHexDigits((byte) b));
    }
  }

  @Test
  void appendByte_bitsAboveTheLowByte_areIgnored() {
    assertThat(Hex.appendByte(new StringBuilder(), 0x1ff).toString()).isEqualTo("ff");
    assertThat(Hex.appendByte(new StringBuilder(), -2).toString()).isEqualTo("fe");
  }

  // ---- checking --------------------------------------------------------------------------

  @Test
  void isLowerHex_exactLengthOfLowercaseDigits_isTrue() {
    assertThat(Hex.isLowerHex("0123456789abcdef", 16)).isTrue();
    assertThat(Hex.isLowerHex("", 0)).isTrue();
  }

  @Test
  void isLowerHex_wrongLengthNullUppercaseOrNonHex_isFalse() {
    assertThat(Hex.isLowerHex("0123456789abcdef", 15)).isFalse();
    assertThat(Hex.isLowerHex("0123456789abcdef", 17)).isFalse();
    assertThat(Hex.isLowerHex(null, 0)).isFalse();
    assertThat(Hex.isLowerHex("0123456789ABCDEF", 16)).isFalse();
    assertThat(Hex.isLowerHex("0123456789abcdeg", 16)).isFalse();
    assertThat(Hex.isLowerHex("0123456789abcde ", 16)).isFalse();
  }

  @Test
  void isLowerHex_range_checksOnlyThatRange() {
    assertThat(Hex.isLowerHex("--00ff--", 2, 6)).isTrue();
    assertThat(Hex.isLowerHex("--00fF--", 2, 6)).isFalse();
    assertThat(Hex.isLowerHex("--", 1, 1)).isTrue();
  }

  @Test
  void digit_everyChar_acceptsExactlyTheSixteenLowercaseDigits() {
    assertThat(accepted(c -> Hex.digit((char) c))).isEqualTo("0123456789abcdef");
  }

  @Test
  void digitIgnoreCase_everyChar_acceptsExactlyTheAsciiDigitsOfBothCases() {
    assertThat(accepted(c -> Hex.digitIgnoreCase((char) c))).isEqualTo("0123456789ABCDEFabcdef");
  }

  @Test
  void digitIgnoreCase_fullwidthDigitsThatCharacterDigitAccepts_areRejected() {
    assertThat(Character.digit('\uFF11', 16)).isEqualTo(1);
    assertThat(Hex.digitIgnoreCase('\uFF11')).isEqualTo(-1);
    assertThat(Hex.digitIgnoreCase('\uFF21')).isEqualTo(-1);
  }

  // ---- parsing ---------------------------------------------------------------------------

  @Test
  void parseLong_renderedValues_roundTrip() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1_000; i++) {
      long v = random.nextLong();
      assertThat(Hex.parseLong(Hex.of(v), 0)).isEqualTo(v);
    }
    assertThat(Hex.parseLong(Hex.of(-1L), 0)).isEqualTo(-1L);
    assertThat(Hex.parseLong(Hex.of(0L), 0)).isZero();
  }

  @Test
  void parseLong_offset_readsSixteenCharactersFromThere() {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";

    assertThat(Hex.parseLong(trace, 0)).isEqualTo(0x4bf92f3577b34da6L);
    assertThat(Hex.parseLong(trace, 16)).isEqualTo(0xa3ce929d0e0e4736L);
  }

  @Test
  void parseByte_twoDigitsAtOffset_givesZeroTo255() {
    assertThat(Hex.parseByte("-00-", 1)).isZero();
    assertThat(Hex.parseByte("-01-", 1)).isEqualTo(1);
    assertThat(Hex.parseByte("-ff-", 1)).isEqualTo(255);
    assertThat(Hex.parseByte("a7", 0)).isEqualTo(0xa7);
  }

  @Test
  void parseBytes_hexText_givesTheBytesItSpells() {
    assertThat(Hex.parseBytes("")).isEmpty();
    assertThat(Hex.parseBytes("00ff7f80")).containsExactly(0x00, 0xff, 0x7f, 0x80);
    String id = "4bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(Hex.parseBytes(id)).isEqualTo(HexFormat.of().parseHex(id));
  }

  /**
   * The characters {@code digit} accepts, in code order, after checking that it gives each its hex value
   * and every other character -1.
   */
  private static String accepted(IntUnaryOperator digit) {
    StringBuilder accepted = new StringBuilder();
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      int d = digit.applyAsInt(c);
      if (d < 0) {
        assertThat(d).as("U+%04X", c).isEqualTo(-1);
      } else {
        assertThat("0123456789abcdef".charAt(d)).as("U+%04X", c).isEqualTo(Character.toLowerCase((char) c));
        accepted.append((char) c);
      }
    }
    return accepted.toString();
  }
}
