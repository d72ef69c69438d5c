package dev.agentrace.exporters.jsonl;

import dev.agentrace.core.data.SpanData;
import java.util.List;

/** Benchmark access to the JSONL record encoder, package-private in sdk-exporters (it is not API). */
public final class JsonlEncoding {
  private JsonlEncoding() {}

  /** Encodes every span as the JSONL exporter does before its write; returns the bytes produced. */
  public static long encode(List<SpanData> spans) {
    long bytes = 0;
    for (SpanData s : spans) {
      bytes += JsonlRecord.line(s).length;
    }
    return bytes;
  }
}
