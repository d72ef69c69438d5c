package dev.agentrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanContextTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  @Test
  void traceIdAndSpanId_numericIds_renderAsLowercaseHex() {
    SpanContext ctx = SpanContext.of(0x0123456789abcdefL, 0xfedcba9876543210L, 0x00f067aa0ba902b7L, true);

    assertThat(ctx.traceId()).isEqualTo("0123456789abcdeffedcba9876543210");
    assertThat(ctx.spanId()).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void traceIdAndSpanId_smallIds_arePaddedWithZeros() {
    SpanContext ctx = SpanContext.of(0, 1, 0xa, false);

    assertThat(ctx.traceId()).isEqualTo("00000000000000000000000000000001").hasSize(32);
    assertThat(ctx.spanId()).isEqualTo("000000000000000a").hasSize(16);
  }

  @Test
  void traceIdAndSpanId_negativeLongs_renderAsUnsigned() {
    SpanContext ctx = SpanContext.of(-1L, Long.MIN_VALUE, -2L, true);

    assertThat(ctx.traceId()).isEqualTo("ffffffffffffffff8000000000000000");
    assertThat(ctx.spanId()).isEqualTo("fffffffffffffffe");
  }

  @Test
  void isValid_nonZeroIds_returnsTrue() {
    assertThat(SpanContext.of(0, 1, 1, false).isValid()).isTrue();
    assertThat(SpanContext.of(1, 0, 1, false).isValid()).isTrue();
  }

  @Test
  void isValid_zeroTraceId_returnsFalse() {
    assertThat(SpanContext.of(0, 0, 1, true).isValid()).isFalse();
  }

  @Test
  void isValid_zeroSpanId_returnsFalse() {
    assertThat(SpanContext.of(1, 1, 0, true).isValid()).isFalse();
  }

  @Test
  void invalid_always_isUnsampledZeroContextWithoutTracestate() {
    SpanContext invalid = SpanContext.invalid();

    assertThat(invalid.isValid()).isFalse();
    assertThat(invalid.isSampled()).isFalse();
    assertThat(invalid.isRemote()).isFalse();
    assertThat(invalid.traceId()).isEqualTo("0".repeat(32));
    assertThat(invalid.spanId()).isEqualTo("0".repeat(16));
    assertThat(invalid.traceState()).isEmpty();
    assertThat(SpanContext.invalid()).isSameAs(invalid);
  }

  @Test
  void isSampled_followsFlagBit0() {
    assertThat(SpanContext.of(1, 1, 1, true).isSampled()).isTrue();
    assertThat(SpanContext.of(1, 1, 1, true).flags()).isEqualTo((byte) 1);
    assertThat(SpanContext.of(1, 1, 1, false).isSampled()).isFalse();
    assertThat(SpanContext.of(1, 1, 1, false).flags()).isZero();
    assertThat(SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 0x02, null).isSampled()).isFalse();
    assertThat(SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 0x03, null).isSampled()).isTrue();
  }

  @Test
  void of_always_isLocalWithoutTracestate() {
    SpanContext ctx = SpanContext.of(1, 2, 3, true);

    assertThat(ctx.isRemote()).isFalse();
    assertThat(ctx.traceState()).isEmpty();
    assertThat(ctx.traceIdHigh()).isEqualTo(1);
    assertThat(ctx.traceIdLow()).isEqualTo(2);
    assertThat(ctx.spanIdLong()).isEqualTo(3);
  }

  @Test
  void createRemote_validHex_parsesIdsAndKeepsFlagsAndTracestate() {
    SpanContext ctx = SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 0x81, "a=1");

    assertThat(ctx.isValid()).isTrue();
    assertThat(ctx.isRemote()).isTrue();
    assertThat(ctx.traceIdHigh()).isEqualTo(0x4bf92f3577b34da6L);
    assertThat(ctx.traceIdLow()).isEqualTo(0xa3ce929d0e0e4736L);
    assertThat(ctx.spanIdLong()).isEqualTo(0x00f067aa0ba902b7L);
    assertThat(ctx.traceId()).isEqualTo(TRACE_ID);
    assertThat(ctx.spanId()).isEqualTo(SPAN_ID);
    assertThat(ctx.flags()).isEqualTo((byte) 0x81);
    assertThat(ctx.traceState()).isEqualTo("a=1");
  }

  @Test
  void createRemote_nullTracestate_givesEmptyTracestate() {
    assertThat(SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, null).traceState()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "null", value = {
      "null trace id, null, 00f067aa0ba902b7",
      "null span id, 4bf92f3577b34da6a3ce929d0e0e4736, null",
      "uppercase trace id, 4BF92F3577B34DA6A3CE929D0E0E4736, 00f067aa0ba902b7",
      "uppercase span id, 4bf92f3577b34da6a3ce929d0e0e4736, 00F067AA0BA902B7",
      "short trace id, 4bf92f3577b34da6a3ce929d0e0e473, 00f067aa0ba902b7",
      "long trace id, 4bf92f3577b34da6a3ce929d0e0e47360, 00f067aa0ba902b7",
      "short span id, 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b",
      "long span id, 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b70",
      "non-hex trace id, 4bf92f3577b34da6a3ce929d0e0e473g, 00f067aa0ba902b7",
      "non-hex span id, 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902bz",
      "all-zero trace id, 00000000000000000000000000000000, 00f067aa0ba902b7",
      "all-zero span id, 4bf92f3577b34da6a3ce929d0e0e4736, 0000000000000000",
      "empty ids, '', ''"})
  void createRemote_badHex_returnsInvalid(String description, String traceId, String spanId) {
    SpanContext ctx = SpanContext.createRemote(traceId, spanId, (byte) 1, "a=1");

    assertThat(ctx).isSameAs(SpanContext.invalid());
    assertThat(ctx.traceState()).isEmpty();
  }

  @Test
  void equals_sameFields_areEqualWithSameHashCode() {
    SpanContext a = SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, "a=1");
    SpanContext b = SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, "a=1");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(SpanContext.of(1, 2, 3, true)).isEqualTo(SpanContext.of(1, 2, 3, true))
        .hasSameHashCodeAs(SpanContext.of(1, 2, 3, true));
  }

  @Test
  void equals_anyFieldDiffers_areNotEqual() {
    SpanContext base = SpanContext.of(1, 2, 3, true);

    assertThat(base).isNotEqualTo(SpanContext.of(9, 2, 3, true));
    assertThat(base).isNotEqualTo(SpanContext.of(1, 9, 3, true));
    assertThat(base).isNotEqualTo(SpanContext.of(1, 2, 9, true));
    assertThat(base).isNotEqualTo(SpanContext.of(1, 2, 3, false));
    assertThat(base).isNotEqualTo(null);
    assertThat(base).isNotEqualTo("SpanContext");
  }

  @Test
  void equals_localAndRemoteWithSameIds_areNotEqual() {
    SpanContext remote = SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, null);
    SpanContext local = SpanContext.of(remote.traceIdHigh(), remote.traceIdLow(), remote.spanIdLong(), true);

    assertThat(local).isNotEqualTo(remote);
  }

  @Test
  void equals_differentTracestate_areNotEqual() {
    assertThat(SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, "a=1"))
        .isNotEqualTo(SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, "a=2"));
  }

  @Test
  void toString_validContext_namesIdsAndSampling() {
    assertThat(SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, null).toString())
        .contains(TRACE_ID, SPAN_ID, "sampled=true", "remote");
  }

  @Test
  void createRemote_oversizedOrMalformedTraceState_isDropped() {
    String huge = "k=" + "v".repeat(1_000_000);

    assertThat(SpanContext.createRemote("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", (byte) 1, huge)
        .traceState()).isEmpty();
    assertThat(SpanContext.createRemote("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", (byte) 1, "no equals sign")
        .traceState()).isEmpty();
    assertThat(SpanContext.of(1, 2, 3, true, huge).traceState()).isEmpty();
    assertThat(SpanContext.of(1, 2, 3, true, "rojo=00f067aa0ba902b7").traceState()).isEqualTo("rojo=00f067aa0ba902b7");
  }
}
