package dev.agentrace.exporters.internal.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.Test;

/** The hand-written protobuf writer against the official parser, at the edges the encoder relies on. */
class ProtoWriterTest {

  private static byte[] encode(java.util.function.Consumer<ProtoWriter> calls) {
    ProtoWriter w = new ProtoWriter();
    calls.accept(w);
    return w.toByteArray();
  }

  private static KeyValue keyValue(String key, String value) throws Exception {
    return KeyValue.parseFrom(encode(w -> {
      w.string(1, key);
      w.begin(2);
      w.stringAlways(1, value);
      w.end();
    }));
  }

  @Test
  void nestedMessage_longerThan127Bytes_getsAMultiByteLengthAndStillParses() throws Exception {
    String big = "v".repeat(70_000);
    KeyValue kv = keyValue("k", big);
    assertThat(kv.getKey()).isEqualTo("k");
    assertThat(kv.getValue().getStringValue()).isEqualTo(big);
  }

  @Test
  void oneofMembers_withDefaultValues_stayPresent() throws Exception {
    assertThat(keyValue("k", "").getValue().getValueCase()).isEqualTo(AnyValue.ValueCase.STRING_VALUE);
    assertThat(AnyValue.parseFrom(encode(w -> w.varintField(3, 0, true))).getValueCase()).isEqualTo(AnyValue.ValueCase.INT_VALUE);
    assertThat(AnyValue.parseFrom(encode(w -> w.fixed64Field(4, Double.doubleToRawLongBits(0.0), true))).getValueCase())
        .isEqualTo(AnyValue.ValueCase.DOUBLE_VALUE);
  }

  @Test
  void varint_negativeInt64_roundTrips() throws Exception {
    assertThat(AnyValue.parseFrom(encode(w -> w.varintField(3, -42, true))).getIntValue()).isEqualTo(-42);
  }

  /** U+FFFD, as the JSON encoders write it, so a span reads the same in every sink; found by the fuzzer, seed 1. */
  @Test
  void string_loneSurrogate_becomesReplacementCharacterAsInJson() throws Exception {
    KeyValue kv = keyValue("k\uD800", "v\uDC00\uD83D\uDE00");
    assertThat(kv.getKey()).isEqualTo("k\uFFFD");
    assertThat(kv.getValue().getStringValue()).isEqualTo("v\uFFFD\uD83D\uDE00");
  }

  @Test
  void toByteArray_withAMessageLeftOpen_failsInsteadOfWritingACorruptRequest() {
    ProtoWriter w = new ProtoWriter();
    w.begin(1);
    w.stringAlways(1, "abc");
    org.assertj.core.api.Assertions.assertThatThrownBy(w::toByteArray).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("left open");
  }

  /** The writer keeps its tape for the next request on the thread: a second request must not see the first. */
  @Test
  void secondRequest_onTheSameThread_holdsOnlyItsOwnFields() throws Exception {
    keyValue("first", "x".repeat(300));
    KeyValue kv = keyValue("k", "v");
    assertThat(kv.getKey()).isEqualTo("k");
    assertThat(kv.getValue().getStringValue()).isEqualTo("v");
  }

  /** keyValue(..) writes what begin/string/begin/stringAlways/end/end would, empty key left out as proto3 does. */
  @Test
  void keyValue_oneCall_isTheSameBytesAsNestedCalls() {
    for (String key : new String[] {"", "k", "\u00e9\uD800".repeat(70)}) {
      for (String value : new String[] {"", "v", "w".repeat(200)}) {
        byte[] nested = encode(w -> {
          w.begin(9);
          w.string(1, key);
          w.begin(2);
          w.stringAlways(1, value);
          w.end();
          w.end();
        });
        assertThat(encode(w -> w.keyValue(9, key, value))).isEqualTo(nested);
      }
      for (long number : new long[] {0, 1, -1, 300, Long.MIN_VALUE}) {
        assertThat(encode(w -> w.keyValue(9, key, number, false))).isEqualTo(encode(w -> {
          w.begin(9);
          w.string(1, key);
          w.begin(2);
          w.varintField(3, number, true);
          w.end();
          w.end();
        }));
        assertThat(encode(w -> w.keyValue(9, key, number, true))).isEqualTo(encode(w -> {
          w.begin(9);
          w.string(1, key);
          w.begin(2);
          w.fixed64Field(4, number, true);
          w.end();
          w.end();
        }));
      }
    }
  }

  @Test
  void nestedLengths_atEveryVarintBoundary_parse() throws Exception {
    for (int n : new int[] {0, 1, 125, 126, 127, 128, 129, 16_381, 16_382, 16_383, 16_384, 16_385, 2_097_152}) {
      String big = "\u00e9".repeat(n / 2) + "v".repeat(n % 2);
      KeyValue kv = keyValue("k", big);
      assertThat(kv.getValue().getStringValue()).isEqualTo(big);
    }
  }
}
