package dev.agentrace.exporters.internal.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.exporters.internal.EncodingCorpus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both OTLP encodings, byte for byte as the encoders they replaced ({@link LegacyProtobufEncoder},
 * {@link LegacyJsonEncoder}) wrote them; the official protobuf classes decode the result in the exporter's
 * own tests.
 */
class OtlpEncodersReferenceTest {

  private static void assertSameRequests(List<SpanData> spans) {
    OtlpMapping.Batch batch = OtlpMapping.prepare(spans);
    assertThat(batch.groups()).isNotEmpty();
    assertThat(ProtobufEncoder.encode(batch)).isEqualTo(LegacyProtobufEncoder.encode(batch));
    byte[] json = JsonEncoder.encode(batch);
    byte[] expected = LegacyJsonEncoder.encode(batch);
    if (!java.util.Arrays.equals(json, expected)) {
      assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }
    for (SpanData s : batch.groups().get(0).spans()) {
      OtlpMapping.Batch one = OtlpMapping.prepare(List.of(s));
      assertThat(ProtobufEncoder.encode(one)).isEqualTo(LegacyProtobufEncoder.encode(one));
      assertThat(new String(JsonEncoder.encode(one), StandardCharsets.UTF_8))
          .isEqualTo(new String(LegacyJsonEncoder.encode(one), StandardCharsets.UTF_8));
    }
  }

  @Test
  void encode_realRun_isByteForByteTheReference() {
    assertSameRequests(EncodingCorpus.realRun());
  }

  @Test
  void encode_handMadeAndHostileSpans_isByteForByteTheReference() {
    for (long seed = 1; seed <= 5; seed++) {
      List<SpanData> spans = new ArrayList<>(EncodingCorpus.handMade(seed));
      assertSameRequests(spans);
    }
  }

  @Test
  void encode_largeSpan_isByteForByteTheReference() {
    dev.agentrace.exporters.FakeSpan big = dev.agentrace.exporters.FakeSpan.valid("big", dev.agentrace.api.SpanKind.LLM);
    big.input = "\u00e9x\uD83D\uDE00".repeat(300_000);
    big.output = "y".repeat(70_000);
    assertSameRequests(List.of(big, dev.agentrace.exporters.FakeSpan.valid("small", dev.agentrace.api.SpanKind.TOOL), big));
  }

  /** Long text is read in chunks: pairs across a chunk's end, and unpaired halves the JDK encoder reports. */
  @Test
  void encode_longTextWithPairsAtChunkEndsAndUnpairedHalves_isByteForByteTheReference() {
    List<SpanData> spans = new ArrayList<>();
    for (int at : new int[] {47, 48, 49, 2047, 2048, 4095, 4096, 8191}) {
      dev.agentrace.exporters.FakeSpan s = dev.agentrace.exporters.FakeSpan.valid("chunks", dev.agentrace.api.SpanKind.LLM);
      s.input = "a".repeat(at) + "\uD83D\uDE00" + "b".repeat(at) + "\uD800" + "c".repeat(at) + "\uDC00";
      s.output = "\u00e9".repeat(at) + "\uD83D";
      s.model = "m".repeat(at) + "\u0001\"";
      spans.add(s);
    }
    assertSameRequests(spans);
  }
}
