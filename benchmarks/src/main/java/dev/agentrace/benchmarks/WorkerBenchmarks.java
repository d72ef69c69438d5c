package dev.agentrace.benchmarks;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.Clock;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.ConformanceStatus;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.internal.Payloads;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.metrics.MetricsStage;
import dev.agentrace.core.metrics.SdkMetrics;
import dev.agentrace.exporters.internal.JsonlRecord;
import dev.agentrace.exporters.internal.otlp.JsonEncoder;
import dev.agentrace.exporters.internal.otlp.OtlpMapping;
import dev.agentrace.exporters.internal.otlp.ProtobufEncoder;
import dev.agentrace.schema.ActivitySchema;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the export worker and exporter threads spend, off the agent's threads: the work docs/architecture.md puts
 * there so the caller pays only the span object, two clock reads and a queue offer. One benchmark per
 * worker stage (schema conformance, metrics recording) and per encoding (OTLP protobuf and JSON, the
 * latter two side by side with OpenTelemetry's own OTLP marshaler over the same spans; JSONL).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class WorkerBenchmarks {

  @State(Scope.Benchmark)
  public static class Schema {
    ActivitySchema schema;
    /** The chat request of {@link SpanBenchmarks#CHAT} as the SDK captures it, and a typical reply. */
    String chatPayload;
    String chatResult;
    String searchPayload;
    String searchResult;

    @Setup(Level.Trial)
    public void load() {
      // The support agent's schema from sdk-core's tests: nested $defs, enums, patterns, formats.
      schema = ActivitySchema.fromResource("dev/agentrace/benchmarks/support-bot.schema.json");
      chatPayload = Payloads.toJson(SpanBenchmarks.CHAT, 64 * 1024);
      chatResult = Payloads.toJson(Map.of("role", "assistant", "content", "Your order A-1042 arrives on June 12."), 64 * 1024);
      searchPayload = Payloads.toJson(Map.of("query", "acme order tracking", "max_results", 5), 64 * 1024);
      searchResult = Payloads.toJson(List.of(Map.of("url", "https://acme.example/track"), Map.of("url", "https://acme.example/faq")), 64 * 1024);
      for (Conformance c : List.of(chatCheck(), searchCheck())) {
        if (c.status() != ConformanceStatus.CONFORMS) {
          throw new IllegalStateException("benchmark payload does not conform: " + c);
        }
      }
    }

    Conformance chatCheck() {
      return schema.check("llm", chatPayload, chatResult);
    }

    Conformance searchCheck() {
      return schema.check("web_search", searchPayload, searchResult);
    }
  }

  /**
   * A 512-span export batch (the default batch size) of agent-shaped traces, as Agentrace hands it to
   * exporters, and the same spans recorded with the OpenTelemetry SDK: same names, kinds, timestamps,
   * trace ids and parents, and exactly the OTLP attributes and resource Agentrace's mapping produces (the
   * GenAI and OpenInference attributes, JSON input and output), so both encoders write the same content.
   */
  @State(Scope.Benchmark)
  public static class Batch512 {
    static final int SIZE = 512;
    List<SpanData> spans;
    Collection<io.opentelemetry.sdk.trace.data.SpanData> otelSpans;
    MetricsStage metrics;

    @Setup(Level.Trial)
    public void record() {
      List<SpanData> captured = Collections.synchronizedList(new ArrayList<>());
      AgentraceSdk sdk = AgentraceSdk.builder().agent("support-bot").version("1.4.2").environment("bench")
          .shutdownHook(false).exporter(batch -> {
            captured.addAll(batch);
            return ExportResult.success();
          }).build();
      Tracer tracer = sdk.tracer();
      for (int i = 0; i * 3 < SIZE; i++) {
        try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).session("session-" + i).user("user-7")
            .input("Where is my order #A-1042?").start()) {
          try (Span llm = tracer.span("plan").kind(SpanKind.LLM).model("gpt-4o").input(SpanBenchmarks.CHAT).start()) {
            llm.output(Map.of("role", "assistant", "content", "Let me check the carrier.")).usage(412, 38);
          }
          tracer.span("lookup_order").kind(SpanKind.TOOL).type("lookup_order").input(Map.of("order", "A-1042"))
              .call(() -> Map.of("status", "in_transit", "eta", "2025-06-12"));
          run.output("Your order arrives on June 12.");
        }
      }
      sdk.shutdown(Duration.ofSeconds(30));
      spans = List.copyOf(captured.subList(0, SIZE));
      otelSpans = otelCopies(spans);
      // As the SDK builds it by default: recording on, no summary log. The spans are already priced.
      metrics = new MetricsStage(new SdkMetrics("support-bot", "unversioned", "default", Clock.system(),
          AgentraceSdk.DEFAULT_METRICS_MAX_KEYS), 0);
    }

    private static Collection<io.opentelemetry.sdk.trace.data.SpanData> otelCopies(List<SpanData> spans) {
      List<io.opentelemetry.sdk.trace.data.SpanData> out = Collections.synchronizedList(new ArrayList<>());
      SpanExporter collect = new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<io.opentelemetry.sdk.trace.data.SpanData> batch) {
          out.addAll(batch);
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };
      SdkTracerProvider provider = SdkTracerProvider.builder()
          .setResource(Resource.create(attributes(OtlpMapping.resource(spans.get(0)))))
          .addSpanProcessor(SimpleSpanProcessor.create(collect)).build();
      io.opentelemetry.api.trace.Tracer tracer = provider.get(OtlpMapping.SCOPE_NAME);
      for (SpanData s : spans) {
        SpanBuilder b = tracer.spanBuilder(s.name())
            .setSpanKind(OtlpMapping.spanKind(s.kind()) == OtlpMapping.KIND_CLIENT
                ? io.opentelemetry.api.trace.SpanKind.CLIENT : io.opentelemetry.api.trace.SpanKind.INTERNAL)
            .setStartTimestamp(s.startEpochNanos(), TimeUnit.NANOSECONDS)
            .setAllAttributes(attributes(OtlpMapping.attributes(s)));
        String parent = s.parentSpanId() != null ? s.parentSpanId() : "0000000000000001";
        // A root keeps its trace id through a synthetic remote parent; parents do not change the encoding.
        b.setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(
            SpanContext.createFromRemoteParent(s.traceId(), parent, TraceFlags.getSampled(), TraceState.getDefault()))));
        io.opentelemetry.api.trace.Span os = b.startSpan();
        if (s.status() == SpanStatus.OK) {
          os.setStatus(StatusCode.OK);
        } else if (s.status() == SpanStatus.ERROR) {
          os.setStatus(StatusCode.ERROR, s.statusMessage());
        }
        os.end(s.endEpochNanos(), TimeUnit.NANOSECONDS);
      }
      provider.shutdown().join(10, TimeUnit.SECONDS);
      return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static Attributes attributes(Map<String, Object> map) {
      AttributesBuilder a = Attributes.builder();
      map.forEach((k, v) -> {
        if (v instanceof String str) {
          a.put(AttributeKey.stringKey(k), str);
        } else if (v instanceof Long l) {
          a.put(AttributeKey.longKey(k), l);
        } else if (v instanceof Double d) {
          a.put(AttributeKey.doubleKey(k), d);
        } else if (v instanceof Boolean bool) {
          a.put(AttributeKey.booleanKey(k), bool);
        } else if (v instanceof List<?> list) {
          a.put(AttributeKey.stringArrayKey(k), (List<String>) list);
        } else {
          throw new IllegalStateException("unexpected OTLP attribute type " + v.getClass() + " for " + k);
        }
      });
      return a.build();
    }
  }

  @Benchmark
  public byte[] otlpProtobuf512_agentrace(Batch512 b) {
    return ProtobufEncoder.encode(OtlpMapping.prepare(b.spans));
  }

  /** OpenTelemetry's marshaler as its OTLP exporters use it, writing into a buffer sized to the message. */
  @Benchmark
  public ByteArrayOutputStream otlpProtobuf512_otel(Batch512 b) throws IOException {
    TraceRequestMarshaler m = TraceRequestMarshaler.create(b.otelSpans);
    ByteArrayOutputStream out = new ByteArrayOutputStream(m.getBinarySerializedSize());
    m.writeBinaryTo(out);
    return out;
  }

  @Benchmark
  public byte[] otlpJson512_agentrace(Batch512 b) {
    return JsonEncoder.encode(OtlpMapping.prepare(b.spans));
  }

  @Benchmark
  public ByteArrayOutputStream otlpJson512_otel(Batch512 b) throws IOException {
    TraceRequestMarshaler m = TraceRequestMarshaler.create(b.otelSpans);
    ByteArrayOutputStream out = new ByteArrayOutputStream(2 * m.getBinarySerializedSize());
    m.writeJsonTo(out);
    return out;
  }

  /** The JSONL exporter's encoding of the batch (one line per span), before its single write. */
  @Benchmark
  public long jsonl512(Batch512 b) {
    long bytes = 0;
    for (SpanData s : b.spans) {
      bytes += JsonlRecord.line(s).length;
    }
    return bytes;
  }

  /** The metrics stage over the batch: trace cost roll-up and HDR recording, as the worker runs it. */
  @Benchmark
  public void metricsRecord512(Batch512 b) {
    for (SpanData s : b.spans) {
      b.metrics.process((WorkerSpan) s);
    }
  }

  /** Conformance of an LLM span: a 5-message conversation in, the assistant message out. */
  @Benchmark
  public Conformance schemaCheckChat(Schema s) {
    return s.chatCheck();
  }

  /** Conformance of a tool span: a small argument object in, a list of two results out. */
  @Benchmark
  public Conformance schemaCheckSearch(Schema s) {
    return s.searchCheck();
  }
}
