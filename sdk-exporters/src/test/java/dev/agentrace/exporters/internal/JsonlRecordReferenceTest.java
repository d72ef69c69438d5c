package dev.agentrace.exporters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.core.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSONL line of a span, byte for byte as the Jackson-based encoder it replaced ({@link LegacyJsonlRecord})
 * wrote it: the format is documented and files written before and after must read the same.
 */
class JsonlRecordReferenceTest {

  private static void assertSameLines(List<SpanData> spans) {
    assertThat(spans).isNotEmpty();
    for (SpanData s : spans) {
      byte[] expected = LegacyJsonlRecord.line(s);
      byte[] actual = JsonlRecord.line(s);
      if (!java.util.Arrays.equals(expected, actual)) {
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).isEqualTo(expected);
      }
    }
  }

  @Test
  void line_realRun_isByteForByteTheReferenceLine() {
    assertSameLines(EncodingCorpus.realRun());
  }

  @Test
  void line_handMadeAndHostileSpans_isByteForByteTheReferenceLine() {
    List<SpanData> spans = new ArrayList<>();
    for (long seed = 1; seed <= 5; seed++) {
      spans.addAll(EncodingCorpus.handMade(seed));
    }
    assertSameLines(spans);
  }

  @Test
  void line_everyEmbeddedPayload_isByteForByteTheReferenceLine() {
    List<SpanData> spans = new ArrayList<>();
    for (String json : EncodingCorpus.JSON) {
      dev.agentrace.exporters.FakeSpan s = dev.agentrace.exporters.FakeSpan.valid("embed", dev.agentrace.api.SpanKind.TOOL);
      s.input = json;
      s.output = json.isEmpty() ? null : "[" + json + "]";
      spans.add(s);
    }
    assertSameLines(spans);
  }

  /** Long text is read in chunks: pairs across a chunk's end, unpaired halves, escapes near the end. */
  @Test
  void line_longTextWithPairsAtChunkEndsAndUnpairedHalves_isByteForByteTheReferenceLine() {
    List<SpanData> spans = new ArrayList<>();
    for (int at : new int[] {47, 48, 49, 2047, 2048, 4095, 4096, 8191}) {
      dev.agentrace.exporters.FakeSpan s = dev.agentrace.exporters.FakeSpan.valid("chunks", dev.agentrace.api.SpanKind.LLM);
      s.input = "a".repeat(at) + "\uD83D\uDE00" + "b".repeat(at) + "\uD800" + "c".repeat(at) + "\uDC00";
      s.output = "[\"" + "\u00e9".repeat(at) + "\",\"" + "d".repeat(at) + "\\n\"]";
      s.model = "m".repeat(at) + "\u0001\"";
      spans.add(s);
    }
    assertSameLines(spans);
  }

  @Test
  void line_calledAgainAfterALargeLine_isStillExact() {
    dev.agentrace.exporters.FakeSpan big = dev.agentrace.exporters.FakeSpan.valid("big", dev.agentrace.api.SpanKind.LLM);
    big.input = "\"" + "\u00e9x".repeat(600_000) + "\"";
    dev.agentrace.exporters.FakeSpan small = dev.agentrace.exporters.FakeSpan.valid("small", dev.agentrace.api.SpanKind.LLM);
    assertSameLines(List.of(big, small, big, small));
  }
}
