package dev.agentrace.exporters.otlp;

import dev.agentrace.core.data.SpanData;
import java.util.List;
import java.util.Map;

/**
 * Benchmark access to the OTLP encoders, which are package-private in sdk-exporters (they are not API).
 * Lives in the benchmarks module, in the encoders' package, so the suite can time encoding without HTTP.
 */
public final class OtlpEncoding {
  private OtlpEncoding() {}

  /** The ExportTraceServiceRequest of {@code spans} as protobuf, as OtlpHttpExporter sends it by default. */
  public static byte[] protobuf(List<SpanData> spans) {
    return ProtobufEncoder.encode(OtlpMapping.prepare(spans));
  }

  /** The same request as OTLP/JSON. */
  public static byte[] json(List<SpanData> spans) {
    return JsonEncoder.encode(OtlpMapping.prepare(spans));
  }

  /** The OTLP attributes of one span, so a peer SDK's span can carry exactly the same. */
  public static Map<String, Object> attributes(SpanData span) {
    return OtlpMapping.attributes(span);
  }

  /** The OTLP resource of one span. */
  public static Map<String, Object> resource(SpanData span) {
    return OtlpMapping.resource(span);
  }

  /** Whether the span goes out as CLIENT (a model or index call) rather than INTERNAL. */
  public static boolean isClient(SpanData span) {
    return OtlpMapping.spanKind(span.kind()) == OtlpMapping.KIND_CLIENT;
  }
}
