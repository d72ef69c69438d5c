package dev.agentrace.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.testing.AgentraceExtension;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One trace between Agentrace and a real OpenTelemetry SDK in the same process, through the context bridge. */
class ContextBridgeTest {
  @RegisterExtension
  final AgentraceExtension agentrace = AgentraceExtension.builder()
      .configure(b -> b.contextBridge(AgentraceOpenTelemetry.contextBridge()))
      .build();

  final InMemorySpanExporter otelSpans = InMemorySpanExporter.create();
  final SdkTracerProvider provider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(otelSpans))
      .build();
  final io.opentelemetry.api.trace.Tracer otel = provider.get("test");

  @AfterEach
  void close() {
    provider.close();
  }

  private io.opentelemetry.sdk.trace.data.SpanData otelSpan(String name) {
    return otelSpans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void agentraceSpan_otelSpanCurrent_isItsChildInOneTrace() {
    io.opentelemetry.api.trace.Span request = otel.spanBuilder("GET /ticket").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      agentrace.tracer().span("handle_ticket").start().end();
    } finally {
      request.end();
    }
    SpanData run = agentrace.span("handle_ticket");
    assertThat(run.traceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(run.parentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
  }

  @Test
  void otelSpan_agentraceSpanOpen_isItsChildAndOtelRestoredAfter() {
    Tracer tracer = agentrace.tracer();
    try (Span tool = tracer.span("web_search").start()) {
      io.opentelemetry.api.trace.Span http = otel.spanBuilder("GET").startSpan();
      http.end();
      assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId())
          .isEqualTo(tool.context().spanId());
    }
    assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().isValid()).isFalse();
    SpanData tool = agentrace.span("web_search");
    assertThat(otelSpan("GET").getTraceId()).isEqualTo(tool.traceId());
    assertThat(otelSpan("GET").getParentSpanId()).isEqualTo(tool.spanId());
  }

  @Test
  void otelSpan_insideClosedScope_isChildOfTheStep() {
    agentrace.tracer().span("step").run(() -> otel.spanBuilder("db").startSpan().end());
    assertThat(otelSpan("db").getParentSpanId()).isEqualTo(agentrace.span("step").spanId());
  }

  @Test
  void nesting_agentraceInsideOtelInsideAgentrace_keepsTheTree() {
    Tracer tracer = agentrace.tracer();
    try (Span agent = tracer.span("agent").start()) {
      io.opentelemetry.api.trace.Span rpc = otel.spanBuilder("rpc").startSpan();
      try (Scope ignored = rpc.makeCurrent()) {
        tracer.span("inner").start().end();
      } finally {
        rpc.end();
      }
      tracer.span("after").start().end();
    }
    assertThat(otelSpan("rpc").getParentSpanId()).isEqualTo(agentrace.span("agent").spanId());
    assertThat(agentrace.span("inner").parentSpanId()).isEqualTo(otelSpan("rpc").getSpanId());
    assertThat(agentrace.span("after").parentSpanId()).isEqualTo(agentrace.span("agent").spanId());
  }

  @Test
  void wrapExecutor_otelSpanAndBaggageCurrentAtSubmit_reachTheTask() throws Exception {
    ExecutorService pool = agentrace.tracer().wrap(Executors.newFixedThreadPool(1));
    io.opentelemetry.api.trace.Span request = otel.spanBuilder("request").startSpan();
    String[] baggage = new String[1];
    try (Scope ignored = Context.current().with(request).with(Baggage.builder().put("tenant", "acme").build())
        .makeCurrent()) {
      pool.submit(() -> {
        baggage[0] = Baggage.current().getEntryValue("tenant");
        agentrace.tracer().span("task").start().end();
      }).get(10, TimeUnit.SECONDS);
    } finally {
      request.end();
      pool.shutdown();
    }
    assertThat(baggage[0]).isEqualTo("acme");
    assertThat(agentrace.span("task").parentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
  }

  @Test
  void wrapVirtualThreads_agentraceSpanOpenAtSubmit_otelSpanInTaskIsItsChild() throws Exception {
    // Reflection: the tests compile for Java 17, like the jar; they run on 25.
    ExecutorService pool = agentrace.tracer().wrap(
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null));
    try (Span tool = agentrace.tracer().span("fan_out").start()) {
      pool.submit(() -> otel.spanBuilder("call").startSpan().end()).get(10, TimeUnit.SECONDS);
      pool.submit(() -> assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().isValid()).isTrue())
          .get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }
    assertThat(otelSpan("call").getParentSpanId()).isEqualTo(agentrace.span("fan_out").spanId());
  }

  @Test
  void wrapVirtualThreads_otelSpanCurrentAtSubmit_isParentOfAgentraceSpanInTask() throws Exception {
    ExecutorService pool = agentrace.tracer().wrap(
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null));
    io.opentelemetry.api.trace.Span request = otel.spanBuilder("request").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      pool.submit(() -> agentrace.tracer().span("vt_task").start().end()).get(10, TimeUnit.SECONDS);
    } finally {
      request.end();
      pool.shutdown();
    }
    assertThat(agentrace.span("vt_task").parentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
  }

  @Test
  void wrapExecutor_agentraceSpanOpenAtSubmit_otelSpanInTaskIsItsChildAndPoolThreadCleanAfter() throws Exception {
    ExecutorService pool = agentrace.tracer().wrap(Executors.newFixedThreadPool(1));
    try {
      try (Span tool = agentrace.tracer().span("tool").start()) {
        pool.submit(() -> otel.spanBuilder("pooled_call").startSpan().end()).get(10, TimeUnit.SECONDS);
      }
      boolean cleanAfter = pool.submit(() -> !io.opentelemetry.api.trace.Span.current().getSpanContext().isValid())
          .get(10, TimeUnit.SECONDS);
      assertThat(cleanAfter).isTrue();
    } finally {
      pool.shutdown();
    }
    assertThat(otelSpan("pooled_call").getParentSpanId()).isEqualTo(agentrace.span("tool").spanId());
  }

  @Test
  void sampling_otelSideDroppedTheTrace_agentraceRecordsNothing() {
    // A request whose incoming traceparent says "not sampled": OpenTelemetry's default parent-based sampler
    // keeps the ids and drops the span, and the Agentrace span under it must agree.
    io.opentelemetry.api.trace.SpanContext incoming = io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", io.opentelemetry.api.trace.TraceFlags.getDefault(),
        TraceState.getDefault());
    io.opentelemetry.api.trace.Span request = otel.spanBuilder("request")
        .setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(incoming))).startSpan();
    try (Scope ignored = request.makeCurrent()) {
      try (Span s = agentrace.tracer().span("not_recorded").start()) {
        assertThat(s.isRecording()).isFalse();
        assertThat(s.context().traceId()).isEqualTo(incoming.getTraceId());
      }
    } finally {
      request.end();
    }
    assertThat(request.getSpanContext().isValid()).isTrue();
    assertThat(otelSpans.getFinishedSpanItems()).isEmpty();
    assertThat(agentrace.spans()).isEmpty();
  }

  @Test
  void traceState_crossesBothWays() {
    io.opentelemetry.api.trace.SpanContext parent = io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", io.opentelemetry.api.trace.TraceFlags.getSampled(),
        TraceState.builder().put("b", "2").put("a", "1").build());
    try (Scope ignored = Context.root().with(io.opentelemetry.api.trace.Span.wrap(parent)).makeCurrent()) {
      try (Span step = agentrace.tracer().span("step").start()) {
        assertThat(step.context().traceState()).isEqualTo("a=1,b=2");
        otel.spanBuilder("child").startSpan().end();
      }
    }
    assertThat(otelSpan("child").getSpanContext().getTraceState().asMap()).containsExactly(
        java.util.Map.entry("a", "1"), java.util.Map.entry("b", "2"));
  }

  @Test
  void spansOfBothSides_formOneTree() {
    Tracer tracer = agentrace.tracer();
    io.opentelemetry.api.trace.Span server = otel.spanBuilder("POST /chat").startSpan();
    try (Scope ignored = server.makeCurrent(); Span agent = tracer.span("agent").start()) {
      tracer.span("tool").run(() -> otel.spanBuilder("GET").startSpan().end());
    } finally {
      server.end();
    }
    List<SpanData> ours = agentrace.spans();
    assertThat(ours).extracting(SpanData::traceId).containsOnly(server.getSpanContext().getTraceId());
    assertThat(otelSpan("GET").getParentSpanId()).isEqualTo(agentrace.span("tool").spanId());
    assertThat(agentrace.span("agent").parentSpanId()).isEqualTo(server.getSpanContext().getSpanId());
  }
}
