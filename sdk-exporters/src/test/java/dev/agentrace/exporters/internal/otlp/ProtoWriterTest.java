package dev.agentrace.exporters.internal.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.Test;

/** The hand-written protobuf writer against the official parser, at the edges the encoder relies on. */
class ProtoWriterTest {

  private static KeyValue keyValue(String key, String value) throws Exception {
    ProtoWriter w = new ProtoWriter(1);
    w.string(1, key);
    w.begin(2);
    w.stringAlways(1, value);
    w.end();
    return KeyValue.parseFrom(w.toByteArray());
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
    ProtoWriter w = new ProtoWriter(1);
    w.varintField(3, 0, true);
    assertThat(AnyValue.parseFrom(w.toByteArray()).getValueCase()).isEqualTo(AnyValue.ValueCase.INT_VALUE);
    ProtoWriter d = new ProtoWriter(1);
    d.fixed64Field(4, Double.doubleToRawLongBits(0.0), true);
    assertThat(AnyValue.parseFrom(d.toByteArray()).getValueCase()).isEqualTo(AnyValue.ValueCase.DOUBLE_VALUE);
  }

  @Test
  void varint_negativeInt64_roundTrips() throws Exception {
    ProtoWriter w = new ProtoWriter(1);
    w.varintField(3, -42, true);
    assertThat(AnyValue.parseFrom(w.toByteArray()).getIntValue()).isEqualTo(-42);
  }

  /** U+FFFD, as the JSON encoders write it, so a span reads the same in every sink; found by the fuzzer, seed 1. */
  @Test
  void string_loneSurrogate_becomesReplacementCharacterAsInJson() throws Exception {
    KeyValue kv = keyValue("k\uD800", "v\uDC00\uD83D\uDE00");
    assertThat(kv.getKey()).isEqualTo("k\uFFFD");
    assertThat(kv.getValue().getStringValue()).isEqualTo("v\uFFFD\uD83D\uDE00");
  }
}
