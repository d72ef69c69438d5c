package dev.agentrace.benchmarks;

import dev.agentrace.api.Agentrace;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an agent pays on its own thread per step, Agentrace and the OpenTelemetry SDK side by side.
 * Benchmarks are named {@code operation_sdk}; the report pairs {@code _agentrace} with {@code _otel}.
 * Call sites are written the way each SDK's documentation writes them (string attribute keys, a scope
 * for the current span), not tuned for either.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap: otherwise the kernel zeroing pages of a growing heap shows up as up to a sixth
// of the profile (clear_page_erms), on both sides alike, and varies from run to run.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
// The benchmarks hold scopes they never read (try (Span parent = ...)): the scope is what they measure.
@SuppressWarnings("try")
public class SpanBenchmarks {
  private static final String RESULT = "42 results";

  // ---------------------------------------------------------------- one span, started and ended

  @Benchmark
  public void startEnd_agentrace(Sdks.Agentrace a, Sdks.AgentraceDelivery d) {
    a.tracer.span("step").start().end();
    d.spans++;
  }

  @Benchmark
  public void startEnd_otel(Sdks.Otel o, Sdks.OtelDelivery d) {
    o.tracer.spanBuilder("step").startSpan().end();
    d.spans++;
  }

  /** Diagnostic: the same with the worker's metrics and risk stages off (see Sdks.AgentraceNoWorkerStages). */
  @Benchmark
  public void startEndNoWorkerStages_agentrace(Sdks.AgentraceNoWorkerStages a, Sdks.AgentraceNoWorkerStagesDelivery d) {
    a.tracer.span("step").start().end();
    d.spans++;
  }

  // ---------------------------------------------------------------- with 3 attributes

  @Benchmark
  public void attributes3_agentrace(Sdks.Agentrace a, Sdks.AgentraceDelivery d) {
    a.tracer.span("step").attribute("tool", "web_search").attribute("attempt", 2L).attribute("score", 0.75).start().end();
    d.spans++;
  }

  @Benchmark
  public void attributes3_otel(Sdks.Otel o, Sdks.OtelDelivery d) {
    o.tracer.spanBuilder("step").setAttribute("tool", "web_search").setAttribute("attempt", 2L)
        .setAttribute("score", 0.75).startSpan().end();
    d.spans++;
  }

  // ---------------------------------------------------------------- parent current while a child runs

  @Benchmark
  public void parentChild_agentrace(Sdks.Agentrace a, Sdks.AgentraceDelivery d) {
    try (Span parent = a.tracer.span("run").start()) {
      a.tracer.span("step").start().end();
    }
    d.spans += 2;
  }

  @Benchmark
  public void parentChild_otel(Sdks.Otel o, Sdks.OtelDelivery d) {
    io.opentelemetry.api.trace.Span parent = o.tracer.spanBuilder("run").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      o.tracer.spanBuilder("step").startSpan().end();
    } finally {
      parent.end();
    }
    d.spans += 2;
  }

  // ---------------------------------------------------------------- unsampled

  @Benchmark
  public void unsampled_agentrace(Sdks.AgentraceUnsampled a) {
    a.tracer.span("step").start().end();
  }

  @Benchmark
  public void unsampled_otel(Sdks.OtelUnsampled o) {
    o.tracer.spanBuilder("step").startSpan().end();
  }

  /**
   * An unsampled span handed back to the caller, as a helper method that starts a step and returns it does: the
   * span escapes (to JMH's blackhole), so escape analysis cannot remove its handle.
   */
  @Benchmark
  public Span unsampledReturned_agentrace(Sdks.AgentraceUnsampled a) {
    Span s = a.tracer.span("step").start();
    s.end();
    return s;
  }

  @Benchmark
  public io.opentelemetry.api.trace.Span unsampledReturned_otel(Sdks.OtelUnsampled o) {
    io.opentelemetry.api.trace.Span s = o.tracer.spanBuilder("step").startSpan();
    s.end();
    return s;
  }

  /** An unsampled root through the closed form: the lambda still runs with the unsampled trace current. */
  @Benchmark
  public String unsampledCall_agentrace(Sdks.AgentraceUnsampled a) {
    return a.tracer.span("step").call(() -> "done");
  }

  /** A child inside an unsampled trace: what every span below an unsampled root costs. */
  @Benchmark
  public void unsampledChild_agentrace(Sdks.AgentraceUnsampled a) {
    try (Span root = a.tracer.span("run").start()) {
      a.tracer.span("step").start().end();
    }
  }

  // ---------------------------------------------------------------- no SDK installed

  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class Noop {
    Tracer agentrace;
    io.opentelemetry.api.trace.Tracer otel;

    @Setup(Level.Trial)
    public void setup() {
      agentrace = Agentrace.tracer();
      otel = OpenTelemetry.noop().getTracer("dev.agentrace.benchmarks");
    }
  }

  @Benchmark
  public void noopGlobal_agentrace(Noop n) {
    n.agentrace.span("step").start().end();
  }

  @Benchmark
  public void noopGlobal_otel(Noop n) {
    n.otel.spanBuilder("step").startSpan().end();
  }

  // ---------------------------------------------------------------- reading the current span

  /** A span open on the benchmark thread, current the way each SDK makes it so. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class AgentraceOpen {
    Span open;

    // Per iteration, not per trial: JMH tears the SDK's state down before this one at the end of a trial,
    // and the span must end before its SDK shuts down.
    @Setup(Level.Iteration)
    public void open(Sdks.Agentrace a) {
      open = a.tracer.span("run").start();
    }

    @TearDown(Level.Iteration)
    public void close() {
      open.end();
    }
  }

  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class OtelOpen {
    io.opentelemetry.api.trace.Span open;
    Scope scope;

    @Setup(Level.Iteration)
    @SuppressWarnings("MustBeClosedChecker") // closed in the matching @TearDown
    public void open(Sdks.Otel o) {
      open = o.tracer.spanBuilder("run").startSpan();
      scope = open.makeCurrent();
    }

    @TearDown(Level.Iteration)
    public void close() {
      scope.close();
      open.end();
    }
  }

  @Benchmark
  public Span currentSpan_agentrace(Sdks.Agentrace a, AgentraceOpen open) {
    return a.tracer.currentSpan();
  }

  @Benchmark
  public io.opentelemetry.api.trace.Span currentSpan_otel(Sdks.Otel o, OtelOpen open) {
    return io.opentelemetry.api.trace.Span.current();
  }

  // ---------------------------------------------------------------- a step with its span current, result recorded

  /** The lambda form: call() binds the span (a ScopedValue on Java 25), records the result and OK. */
  @Benchmark
  public String scopedCall_agentrace(Sdks.Agentrace a, Sdks.AgentraceDelivery d) {
    d.spans++;
    return a.tracer.span("step").call(() -> RESULT);
  }

  /** The same by hand with try-with-resources (the span is current through the thread's open scope). */
  @Benchmark
  public String scopedTry_agentrace(Sdks.Agentrace a, Sdks.AgentraceDelivery d) {
    d.spans++;
    try (Span span = a.tracer.span("step").start()) {
      span.output(RESULT).ok();
      return RESULT;
    }
  }

  @Benchmark
  public String scopedTry_otel(Sdks.Otel o, Sdks.OtelDelivery d) {
    d.spans++;
    io.opentelemetry.api.trace.Span span = o.tracer.spanBuilder("step").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      span.setAttribute("output.value", RESULT);
      span.setStatus(StatusCode.OK);
      return RESULT;
    } finally {
      span.end();
    }
  }

  // ---------------------------------------------------------------- capturing a chat request as input

  /** A typical chat request: a system prompt, a user turn, an assistant tool call, its result, a user turn. */
  static final List<Map<String, Object>> CHAT = List.of(
      Map.of("role", "system", "content", "You are a support agent for Acme. Answer briefly and cite the order number."),
      Map.of("role", "user", "content", "Where is my order #A-1042? It was due on Monday."),
      Map.of("role", "assistant", "content", "Let me look that up for you.", "tool_calls", List.of(Map.of(
          "id", "call_1", "type", "function",
          "function", Map.of("name", "lookup_order", "arguments", "{\"order\":\"A-1042\"}")))),
      Map.of("role", "tool", "tool_call_id", "call_1",
          "content", "{\"order\":\"A-1042\",\"status\":\"in_transit\",\"eta\":\"2025-06-12\"}"),
      Map.of("role", "user", "content", "Thanks. Can you also change the delivery address?"));

  @Benchmark
  public void chatInput_agentrace(Sdks.Agentrace a, Sdks.AgentraceDelivery d) {
    a.tracer.span("chat").kind(SpanKind.LLM).model("gpt-4o").input(CHAT).start().end();
    d.spans++;
  }

  // ---------------------------------------------------------------- an agent's LLM step

  /** A 300-character assistant reply, the step's output. */
  static final String REPLY = ("Your order A-1042 left our Leeds warehouse on Friday and is with the carrier now; the"
      + " tracking page says it will arrive on Thursday 12 June between 9:00 and 13:00. I have changed the delivery"
      + " address to 14 Harbour Street as you asked, and the carrier confirmed the change. Is there anything else I can help you with today?")
      .substring(0, 300);
  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * An LLM step as an agent records it: the chat request as input, the reply as output, the model and the token
   * counts, on a span of kind LLM.
   */
  @Benchmark
  public void llmStep_agentrace(Sdks.Agentrace a, Sdks.AgentraceDelivery d) {
    Span s = a.tracer.span("chat gpt-4o").kind(SpanKind.LLM).model("gpt-4o").input(CHAT).start();
    s.output(REPLY).usage(812, 64).end();
    d.spans++;
  }

  /**
   * Diagnostic: the same step with the worker's metrics and risk stages off, so the worker cannot hold the
   * caller back: what the caller's own work costs.
   */
  @Benchmark
  public void llmStepNoWorkerStages_agentrace(Sdks.AgentraceNoWorkerStages a, Sdks.AgentraceNoWorkerStagesDelivery d) {
    Span s = a.tracer.span("chat gpt-4o").kind(SpanKind.LLM).model("gpt-4o").input(CHAT).start();
    s.output(REPLY).usage(812, 64).end();
    d.spans++;
  }

  /**
   * The same step with the OpenTelemetry SDK the way OpenInference's Java instrumentation records it: Jackson's
   * ObjectMapper writes the request into {@code input.value}; reply, model and token counts as attributes.
   */
  @Benchmark
  public void llmStep_otel(Sdks.Otel o, Sdks.OtelDelivery d) throws com.fasterxml.jackson.core.JsonProcessingException {
    io.opentelemetry.api.trace.Span s = o.tracer.spanBuilder("chat gpt-4o")
        .setAttribute("openinference.span.kind", "LLM")
        .setAttribute("llm.model_name", "gpt-4o")
        .setAttribute("input.value", MAPPER.writeValueAsString(CHAT))
        .setAttribute("input.mime_type", "application/json")
        .startSpan();
    s.setAttribute("output.value", REPLY);
    s.setAttribute("llm.token_count.prompt", 812L);
    s.setAttribute("llm.token_count.completion", 64L);
    s.end();
    d.spans++;
  }

  // ---------------------------------------------------------------- floors

  /** The two clock reads every span needs (start and end): the physical floor of start+end. */
  @Benchmark
  public long floor_twoNanoTime() {
    long start = System.nanoTime();
    return System.nanoTime() - start;
  }

  /** One small allocation that escapes: the floor of "a span is an object". */
  @Benchmark
  public Object floor_allocation() {
    return new Object();
  }

  // The parts of a span start that cannot be skipped, measured alone so a span's cost can be read as
  // their sum: they explain the unsampled path's time (it does these and nothing else).

  private static final ThreadLocal<Object> LOCAL = ThreadLocal.withInitial(Object::new);
  private static final ScopedValue<Object> SCOPED = ScopedValue.newInstance();

  /** Reading a static ThreadLocal (how a span finds its thread's scope). */
  @Benchmark
  public Object floor_threadLocalGet() {
    return LOCAL.get();
  }

  /** Asking an unbound ScopedValue whether it is bound (how a span finds an enclosing run/call on Java 25). */
  @Benchmark
  public boolean floor_scopedValueUnbound() {
    return SCOPED.isBound();
  }

  /** Three random longs (a root span's trace and span ids). */
  @Benchmark
  @SuppressWarnings("IdentityBinaryExpression") // three draws, not one value three times
  public long floor_threeRandomLongs() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return r.nextLong() ^ r.nextLong() ^ r.nextLong();
  }

  /** A thread's own atomic counter, incremented: the price of one uncontended CAS (a span has two). */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Cas {
    final java.util.concurrent.atomic.AtomicLong value = new java.util.concurrent.atomic.AtomicLong();
  }

  @Benchmark
  public boolean floor_cas(Cas c) {
    long v = c.value.get();
    return c.value.compareAndSet(v, v + 1);
  }
}
