package dev.agentrace.core.trace;

import dev.agentrace.api.Span;
import dev.agentrace.api.Tracer;
import dev.agentrace.api.internal.Fatal;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.Clock;
import dev.agentrace.core.ContextBridge;
import dev.agentrace.core.IdGenerator;
import dev.agentrace.core.ReadableSpan;
import dev.agentrace.core.Sampler;
import dev.agentrace.core.SpanProcessor;
import dev.agentrace.core.export.ExportPipeline;
import dev.agentrace.core.internal.SdkCounters;
import dev.agentrace.core.internal.Warnings;
import java.util.List;
import java.util.function.Function;

/**
 * The span machinery of one SDK: its identity, sampler, clock, ids and limits, the tracer, and what happens
 * when a span starts and ends (processors, then the export pipeline). Spans, builders and scope links hold
 * this object rather than the SDK facade, so everything the caller's thread touches is in this package.
 *
 * <p>Not API: public so that {@link AgentraceSdk}, in the parent package, can build and drive it; it may
 * change in any release. Thread-safe; its configuration is final and published by the SDK's construction.
 */
public final class Tracing {
  final String agent;
  final String version;
  final String environment;
  final Sampler sampler;
  final Clock clock;
  final IdGenerator ids;
  final Limits limits;
  final Span unsampledChild = UnsampledChildSpan.INSTANCE;
  /** Recording spans started and ended, counted per thread (no atomic on the span path). */
  final SpanCounts counts = new SpanCounts();
  /** Everything else the stats count: exports, drops, failures, violations, mistakes. */
  final SdkCounters counters;
  final StrictContext context;
  final Orphans orphans;
  /** The installed context bridge, or null (the common case: callers check before any bridge work). */
  final ContextBridge bridge;

  private final SdkTracer tracer;
  private final SpanProcessor[] processors;
  private final SpanProcessor[] startProcessors;
  private final ExportPipeline pipeline;
  private final boolean liveStarts;

  /**
   * @param bridge the context bridge to another tracing system, or null for none
   * @param pipeline builds the export pipeline (or returns null for none), given the chores its worker must
   *     run every few seconds on behalf of the spans (dead threads' counters and spans, leaked spans)
   */
  public Tracing(String agent, String version, String environment, Sampler sampler, Clock clock, IdGenerator ids,
      int maxAttributes, int maxEvents, int maxPayloadChars, int maxTextChars, boolean strictContext,
      List<SpanProcessor> processors, SdkCounters counters, ContextBridge bridge,
      Function<Runnable, ExportPipeline> pipeline) {
    this.agent = agent;
    this.version = version;
    this.environment = environment;
    this.sampler = sampler;
    this.clock = clock;
    this.ids = ids;
    this.counters = counters;
    this.bridge = bridge;
    this.limits = new Limits(maxAttributes, maxEvents, maxPayloadChars, maxTextChars, counters);
    this.context = new StrictContext(strictContext, counters);
    this.orphans = new Orphans(this, counters, context);
    this.processors = processors.toArray(new SpanProcessor[0]);
    this.startProcessors = processors.stream().filter(Tracing::overridesOnStart).toArray(SpanProcessor[]::new);
    this.tracer = new SdkTracer(this);
    // Last: the pipeline's worker starts at once, and its chores read the fields above.
    this.pipeline = pipeline.apply(this::housekeeping);
    this.liveStarts = startProcessors.length > 0 || (this.pipeline != null && this.pipeline.wantsStarts());
  }

  private static boolean overridesOnStart(SpanProcessor p) {
    try {
      return p.getClass().getMethod("onStart", ReadableSpan.class).getDeclaringClass() != SpanProcessor.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
  }

  /** The tracer that records spans into this SDK. */
  public Tracer tracer() {
    return tracer;
  }

  /** The export pipeline built at construction, or null when there is none. */
  public ExportPipeline pipeline() {
    return pipeline;
  }

  /** Recording spans started so far, on every thread. */
  public long spansStarted() {
    return counts.started();
  }

  /** Recording spans ended so far, on every thread (including those the SDK ended as never ended). */
  public long spansEnded() {
    return counts.ended();
  }

  /** The context mistakes recorded in strict mode, oldest first; empty when strict mode is off. */
  public List<String> contextViolations() {
    return context.violations();
  }

  /** At shutdown: ends every span of this SDK still open, as "never ended", so it is exported and counted. */
  public void endAllOpen() {
    orphans.endAllOpen();
  }

  /** The export worker's periodic chores for the spans: per-thread counters of dead threads, orphaned spans. */
  private void housekeeping() {
    counts.retireDead();
    orphans.housekeeping();
  }

  // ---------------------------------------------------------------- span lifecycle

  /** Whether a start must be reported (start processors, or an exporter that wants live starts). */
  boolean wantsStarts() {
    return liveStarts;
  }

  /** Reports a start to start processors and live-start exporters; only called when {@link #wantsStarts()}. */
  void spanStarted(SdkSpan span) {
    for (SpanProcessor p : startProcessors) {
      try {
        p.onStart(span);
      } catch (Throwable e) {
        // Whatever a processor throws, Errors and undeclared checked exceptions included, stays out of the
        // agent's start(); only a failing JVM (OutOfMemoryError, ...) goes through.
        Fatal.rethrowIfFatal(e);
        Warnings.once("processor-start-" + p.getClass().getName(), "Span processor " + Warnings.describe(p)
            + " threw in onStart; ignored.", e);
      }
    }
    if (pipeline != null && pipeline.wantsStarts()) {
      pipeline.offerStart(new StartedSpanView(span));
    }
  }

  /** Hands an ended span to the processors, then to the export pipeline; never blocks. */
  void spanEnded(SdkSpan span) {
    for (SpanProcessor p : processors) {
      try {
        p.onEnd(span);
      } catch (Throwable e) {
        Fatal.rethrowIfFatal(e);
        Warnings.once("processor-end-" + p.getClass().getName(), "Span processor " + Warnings.describe(p)
            + " threw in onEnd; ignored.", e);
      }
    }
    if (pipeline != null) {
      pipeline.offerEnd(span);
    }
  }

  @Override
  public String toString() {
    return "Tracing{agent=" + agent + ", version=" + version + ", environment=" + environment + "}";
  }
}
