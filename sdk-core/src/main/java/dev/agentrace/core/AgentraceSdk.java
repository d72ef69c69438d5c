package dev.agentrace.core;

import dev.agentrace.api.Agentrace;
import dev.agentrace.api.Tracer;
import dev.agentrace.api.internal.Fatal;
import dev.agentrace.core.cost.CostStage;
import dev.agentrace.core.cost.PriceTable;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportPipeline;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.core.internal.Checks;
import dev.agentrace.core.internal.SdkCounters;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.core.internal.WorkerStage;
import dev.agentrace.core.metrics.Metrics;
import dev.agentrace.core.metrics.MetricsStage;
import dev.agentrace.core.metrics.SdkMetrics;
import dev.agentrace.core.risk.Redaction;
import dev.agentrace.core.risk.RiskProfile;
import dev.agentrace.core.risk.RiskStage;
import dev.agentrace.core.trace.Tracing;
import java.time.Duration;
import dev.agentrace.core.sampling.TailSamplingPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Agentrace SDK: one agent identity (name, version, environment) stamped on every span, a sampler,
 * processors, and a batching export pipeline feeding the configured exporters.
 *
 * <pre>{@code
 * AgentraceSdk sdk = AgentraceSdk.builder()
 *     .agent("support-bot").version("1.4.2").environment("staging")
 *     .exporter(JsonlExporter.create(Path.of("traces.jsonl")))
 *     .build();
 * Tracer tracer = sdk.tracer();
 * }</pre>
 *
 * <p>Thread-safe. Instrumentation through the tracer never throws and never blocks; configuration
 * mistakes throw from the builder with a message naming the bad value. A JVM shutdown hook flushes and
 * shuts the SDK down unless {@link Builder#shutdownHook(boolean)} turns it off.
 */
public final class AgentraceSdk {
  /** Default number of spans per export batch. */
  public static final int DEFAULT_BATCH_SIZE = 512;
  /** Default longest wait before a partial batch is exported. */
  public static final Duration DEFAULT_BATCH_DELAY = Duration.ofMillis(200);
  /** Default for {@link Builder#maxBufferedBytes}: 64 MiB. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L * 1024 * 1024;
  /** Default for {@link Builder#maxTextChars}. */
  public static final int DEFAULT_MAX_TEXT_CHARS = 4096;
  private static final Duration LONGEST_WAIT = Duration.ofNanos(Long.MAX_VALUE);
  /** Default capacity of the export queue, in spans. */
  public static final int DEFAULT_QUEUE_CAPACITY = 131_072;
  /** Default payload limit, in characters of JSON. */
  public static final int DEFAULT_MAX_PAYLOAD_CHARS = 64 * 1024;
  /** Default for {@link Builder#shutdownHook(boolean, Duration)}: how long the JVM exit hook may take. */
  public static final Duration DEFAULT_SHUTDOWN_HOOK_TIMEOUT = Duration.ofSeconds(5);
  /** Default cap on distinct metrics keys (span kind and type pairs); see {@link Builder#metricsMaxKeys(int)}. */
  public static final int DEFAULT_METRICS_MAX_KEYS = 256;

  private final String agent;
  private final String version;
  private final String environment;
  private final Sampler sampler;

  /**
   * The schema spans are checked against, read by the export worker once per span; volatile so that a
   * swap is seen by the worker from its next span on, with the new schema fully built.
   */
  volatile ConformanceChecker activitySchema;

  /** Everything the stats count besides spans started and ended: exports, drops, failures, violations, mistakes. */
  final SdkCounters counters = new SdkCounters();
  private final Tracing tracing;
  private final SpanProcessor[] processors;
  private final ExportPipeline pipeline;
  private final SdkMetrics metrics;
  private final Thread shutdownHook;
  private final Duration shutdownHookTimeout;
  private final AtomicBoolean shutDown = new AtomicBoolean();
  private volatile SdkStats finalStats;

  private AgentraceSdk(Builder b) {
    this.agent = b.agent;
    this.version = b.version;
    this.environment = b.environment;
    this.sampler = b.sampler;
    this.processors = b.processors.toArray(new SpanProcessor[0]);
    this.activitySchema = b.activitySchema;
    // The worker's stages, in order: conformance sees payloads as recorded, before redaction changes them;
    // metrics run last, so they see every result.
    List<WorkerStage> stages = new ArrayList<>();
    stages.add(new ConformanceStage(this));
    if (b.riskScanning) {
      stages.add(new RiskStage(b.riskProfile, b.redaction));
    }
    stages.add(new CostStage(b.priceTable != null ? b.priceTable : PriceTable.defaults()));
    this.metrics = new SdkMetrics(agent, version, environment, b.clock, b.metricsMaxKeys);
    if (b.metricsEnabled) {
      stages.add(new MetricsStage(metrics, b.metricsLogInterval.toNanos()));
    }
    // Metrics need the worker even with no exporter: in-process numbers without a backend.
    this.tracing = new Tracing(agent, version, environment, sampler, b.clock, b.ids, b.maxAttributes, b.maxEvents,
        b.maxPayloadChars, b.maxTextChars, b.strictContext, b.processors, counters, b.contextBridge,
        housekeeping -> b.exporters.isEmpty() && !b.metricsEnabled
            ? null
            : new ExportPipeline(counters, housekeeping, b.exporters, stages, b.queueCapacity, b.batchSize,
                b.batchDelay, b.exporterBacklog, b.maxBufferedBytes, b.tailSampling, b.liveExporters));
    this.pipeline = tracing.pipeline();
    this.shutdownHookTimeout = b.shutdownHookTimeout;
    if (b.shutdownHook) {
      shutdownHook = new Thread(this::shutdownAtExit, "agentrace-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      shutdownHook = null;
    }
  }

  /**
   * The context mistakes recorded in {@linkplain Builder#strictContext strict context mode}, oldest first
   * (at most the first 1,000): each names the span, what went wrong and where the span was started.
   * Empty when strict mode is off.
   */
  public List<String> contextViolations() {
    return tracing.contextViolations();
  }

  /** A new builder with defaults: agent "unknown_agent", always-on sampling, no exporter. */
  public static Builder builder() {
    return new Builder();
  }

  /** The tracer that records spans into this SDK. */
  public Tracer tracer() {
    return tracing.tracer();
  }

  /**
   * Latency, token, cost, quality and risk distributions per span type, since start and over sliding
   * windows, recorded on the export worker. Empty when the builder turned metrics off. Stays readable after
   * {@link #shutdown}.
   */
  public Metrics metrics() {
    return metrics;
  }

  /** Makes {@link Agentrace#tracer()} delegate to this SDK until it shuts down. Returns this. */
  public AgentraceSdk installAsGlobal() {
    Agentrace.install(tracing.tracer());
    return this;
  }

  /** The agent name on every span. */
  public String agent() {
    return agent;
  }

  /** The agent version on every span. */
  public String version() {
    return version;
  }

  /** The environment on every span. */
  public String environment() {
    return environment;
  }

  /**
   * Exports everything ended before this call and waits until every exporter has it, at most
   * {@code timeout}. Returns whether it finished in time. Never throws.
   */
  public boolean flush(Duration timeout) {
    Duration t = bounded(timeout, Duration.ZERO);
    boolean ok = true;
    for (SpanProcessor p : processors) {
      try {
        ok &= p.flush(t);
      } catch (Throwable e) {
        Fatal.rethrowIfFatal(e);
        Warnings.once("processor-flush", "Span processor " + Warnings.describe(p) + " failed to flush.", e);
        ok = false;
      }
    }
    if (pipeline != null) {
      ok &= pipeline.flush(t);
    }
    return ok;
  }

  /**
   * Ends spans still open as "never ended", drains the pipeline, shuts processors and exporters down,
   * all within {@code timeout}, and returns the final stats (what was exported, what was dropped and
   * why). Idempotent: later calls return the same stats. Never throws.
   */
  public SdkStats shutdown(Duration timeout) {
    if (!shutDown.compareAndSet(false, true)) {
      SdkStats s = finalStats;
      return s != null ? s : stats();
    }
    Duration t = bounded(timeout, Duration.ofSeconds(5));
    long deadline = System.nanoTime() + t.toNanos();
    tracing.endAllOpen();
    for (SpanProcessor p : processors) {
      try {
        p.shutdown(remaining(deadline));
      } catch (Throwable e) {
        Fatal.rethrowIfFatal(e);
        Warnings.warn("Span processor {} failed to shut down.", p, e);
      }
    }
    if (pipeline != null) {
      pipeline.shutdown(remaining(deadline));
    }
    Agentrace.uninstall(tracing.tracer());
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The JVM is exiting; the hook is running or will find the SDK already shut down.
      }
    }
    SdkStats s = stats();
    finalStats = s;
    return s;
  }

  /**
   * The shutdown hook. Its stats die with the process, so what it could not export (the 5 s ran out, an
   * exporter failed) is said in the log, or it would be lost uncounted.
   */
  private void shutdownAtExit() {
    SdkStats s = shutdown(shutdownHookTimeout);
    if (s.spansDropped() > 0) {
      String failure = pipeline == null ? null : pipeline.lastExportFailure();
      Warnings.warn("Agentrace shut down at JVM exit: {} of {} spans exported, {} dropped {}{}.", s.spansExported(),
          s.spansStarted(), s.spansDropped(), new TreeMap<>(s.droppedByReason()),
          failure == null ? "" : "; the last export failure: " + failure);
    }
  }

  /**
   * {@code timeout} (or {@code ifNull}) within what {@link Duration#toNanos()} can express: a caller asking to
   * wait "forever" with {@code Duration.ofSeconds(Long.MAX_VALUE)} must not get an ArithmeticException from a
   * method that never throws. 292 years is forever enough.
   */
  private static Duration bounded(Duration timeout, Duration ifNull) {
    if (timeout == null) {
      return ifNull;
    }
    return timeout.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : timeout;
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /**
   * Replaces the activity schema at run time, without a restart (a new agent version ships a new
   * schema); null stops checking. Atomic: each span is checked against exactly one schema, the one
   * current when the export worker checks it, which is right after the span ends. A span that ended
   * just before the swap may therefore still meet the new schema if the worker had not reached it;
   * every span ended after this method returns meets the new one. Checking runs on the export worker,
   * which exists when the SDK has an exporter or metrics on (the default).
   */
  public void activitySchema(ConformanceChecker schema) {
    this.activitySchema = schema;
  }

  /** The activity schema spans are checked against now, or null. */
  public ConformanceChecker activitySchema() {
    return activitySchema;
  }

  /** Whether {@link #shutdown} has been called. */
  public boolean isShutdown() {
    return shutDown.get();
  }

  /** Counts of spans started, ended, exported and dropped (by reason), and of errors. */
  public SdkStats stats() {
    return new SdkStats(tracing.spansStarted(), tracing.spansEnded(), counters.exported(), counters.droppedByReason(),
        counters.exportFailures(), counters.neverEndedCount(), counters.violationsByType(),
        counters.instrumentationErrors(), counters.tailDecidedEarlyCount());
  }

  @Override
  public String toString() {
    return "AgentraceSdk{agent=" + agent + ", version=" + version + ", environment=" + environment + ", sampler="
        + sampler + "}";
  }

  // ---------------------------------------------------------------- builder

  /**
   * Configures an {@link AgentraceSdk}. Not thread-safe; {@link #build()} validates and throws
   * {@link IllegalArgumentException} or {@link IllegalStateException} naming the bad value.
   */
  public static final class Builder {
    private String agent = "unknown_agent";
    private String version = "unversioned";
    private String environment = "default";
    private Sampler sampler = Sampler.alwaysOn();
    private Clock clock = Clock.system();
    private IdGenerator ids = IdGenerator.random();
    private final List<SpanExporter> exporters = new ArrayList<>();
    private final List<SpanProcessor> processors = new ArrayList<>();
    private final Set<SpanExporter> liveExporters = Collections.newSetFromMap(new IdentityHashMap<>());
    private TailSamplingPolicy tailSampling;
    private int maxAttributes = 128;
    private int maxEvents = 128;
    private int maxPayloadChars = DEFAULT_MAX_PAYLOAD_CHARS;
    private int maxTextChars = DEFAULT_MAX_TEXT_CHARS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration batchDelay = DEFAULT_BATCH_DELAY;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private int exporterBacklog = 0;
    private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
    private boolean shutdownHook = true;
    private Duration shutdownHookTimeout = DEFAULT_SHUTDOWN_HOOK_TIMEOUT;
    private boolean strictContext;
    private ConformanceChecker activitySchema;
    private ContextBridge contextBridge;
    private RiskProfile riskProfile = RiskProfile.defaults();
    private Redaction redaction = Redaction.defaults();
    private boolean riskScanning = true;
    private boolean metricsEnabled = true;
    private int metricsMaxKeys = DEFAULT_METRICS_MAX_KEYS;
    private PriceTable priceTable;
    private Duration metricsLogInterval = Duration.ZERO;

    private Builder() {}

    /** The agent's name (OTLP {@code service.name}, {@code gen_ai.agent.name}). */
    public Builder agent(String agent) {
      this.agent = Checks.requireText(agent, "agent");
      return this;
    }

    /** The agent's version, so versions can be compared (drift). */
    public Builder version(String version) {
      this.version = Checks.requireText(version, "version");
      return this;
    }

    /** The deployment environment, e.g. "staging". */
    public Builder environment(String environment) {
      this.environment = Checks.requireText(environment, "environment");
      return this;
    }

    /** Decides which traces are recorded; children follow their parent. Default: {@link Sampler#alwaysOn()}. */
    public Builder sampler(Sampler sampler) {
      this.sampler = Objects.requireNonNull(sampler, "sampler");
      return this;
    }

    /** The time source; default {@link Clock#system()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The id source; default {@link IdGenerator#random()}. */
    public Builder idGenerator(IdGenerator ids) {
      this.ids = Objects.requireNonNull(ids, "idGenerator");
      return this;
    }

    /** Adds an exporter behind the batching pipeline. May be called more than once. */
    public Builder exporter(SpanExporter exporter) {
      exporters.add(Objects.requireNonNull(exporter, "exporter"));
      return this;
    }

    /**
     * Adds an exporter that sees every span as it happens even with {@link #tailSampling tail sampling} on,
     * whatever its {@link SpanExporter#tailSampled()} says: a live view. Without tail sampling it is the same
     * as {@link #exporter}. May be called more than once.
     */
    public Builder liveExporter(SpanExporter exporter) {
      exporters.add(Objects.requireNonNull(exporter, "liveExporter"));
      liveExporters.add(exporter);
      return this;
    }

    /**
     * Exports whole traces by their outcome instead of (or after) deciding at the root: the export worker holds
     * each trace's spans until its local root ends and then exports the trace, or drops it (counted as {@link
     * dev.agentrace.core.export.DropReason#TAIL_SAMPLED}), by {@code policy}. Metrics see every span either way.
     * The decision applies to the exporters whose {@link SpanExporter#tailSampled()} is true (OTLP, JSONL,
     * SLF4J, custom exporters by default), not to live views (the console, {@link #liveExporter}s). Head
     * sampling ({@link #sampler}) still runs first: tail sampling only sees traces it recorded. See
     * docs/sampling.md.
     */
    public Builder tailSampling(TailSamplingPolicy policy) {
      this.tailSampling = Objects.requireNonNull(policy, "tailSampling");
      return this;
    }

    /** Adds a processor, called synchronously on span start/end. May be called more than once. */
    public Builder processor(SpanProcessor processor) {
      processors.add(Objects.requireNonNull(processor, "processor"));
      return this;
    }

    /**
     * Checks every ended span's payload and result against {@code schema}, on the export worker, never
     * on the caller's thread; see {@link SpanData#conformance()}. Replaceable later with
     * {@link AgentraceSdk#activitySchema(ConformanceChecker)}. Runs on the export worker, which exists
     * when the SDK has an exporter or metrics on (the default).
     */
    public Builder activitySchema(ConformanceChecker schema) {
      this.activitySchema = Objects.requireNonNull(schema, "activitySchema");
      return this;
    }

    /** Most attributes kept per span, and per event (default 128); more are dropped and counted. */
    public Builder maxAttributes(int max) {
      this.maxAttributes = Checks.requirePositive(max, "maxAttributes");
      return this;
    }

    /** Most events kept per span (default 128). */
    public Builder maxEvents(int max) {
      this.maxEvents = Checks.requirePositive(max, "maxEvents");
      return this;
    }

    /** Longest input/output JSON kept, in characters (default 65536, minimum 64); longer is truncated with a marker. */
    public Builder maxPayloadChars(int max) {
      if (max < 64) {
        throw new IllegalArgumentException("maxPayloadChars must be >= 64, got " + max);
      }
      this.maxPayloadChars = max;
      return this;
    }

    /**
     * Longest text kept, in characters, for span, event and score names, types, model, session and user
     * ids, attribute keys and string values, and status and exception messages (default 4096, minimum
     * 64). Longer text keeps its start and ends with {@code ...[N chars]}; payloads have their own limit,
     * {@link #maxPayloadChars}. The cap keeps one oversized value from making a batch too large for a
     * backend to accept.
     */
    public Builder maxTextChars(int max) {
      if (max < 64) {
        throw new IllegalArgumentException("maxTextChars must be >= 64, got " + max);
      }
      this.maxTextChars = max;
      return this;
    }

    /** Spans per export batch (default 512). */
    public Builder batchSize(int size) {
      this.batchSize = Checks.requirePositive(size, "batchSize");
      return this;
    }

    /** Longest a span waits in a partial batch (default 200 ms). */
    public Builder batchDelay(Duration delay) {
      Objects.requireNonNull(delay, "batchDelay");
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("batchDelay must be positive, got " + delay);
      }
      this.batchDelay = delay;
      return this;
    }

    /**
     * Spans (and live start events) the export queue holds before dropping (default 131072, rounded up
     * to a power of two). With the exporter backlogs it decides how large a burst survives a slow exporter:
     * the default holds a burst of 100,000 spans with their start events. Slots are references: the
     * queue costs 4 to 8 bytes a slot; what waits in it is bounded by this count and, for spans with large
     * payloads, by {@link #maxBufferedBytes}.
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 2) {
        throw new IllegalArgumentException("queueCapacity must be >= 2, got " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /** Batches an exporter may have waiting before its batches are dropped (default: queue capacity / batch size). */
    public Builder exporterBacklog(int batches) {
      this.exporterBacklog = Checks.requirePositive(batches, "exporterBacklog");
      return this;
    }

    /**
     * The most memory the payloads of spans on their way to the exporters may take (default 64 MiB,
     * minimum 1 MiB). The queue and the exporter backlogs limit how many spans wait; this limits their
     * size when exporters fall behind, for example during a long backend outage. Spans whose input and
     * output together reach 512 characters count, at two bytes a character (the most a Java string
     * takes), from their end until every exporter has had them; a span that would go over the limit is
     * dropped and counted as {@code buffer_full}. Smaller spans are bounded by their count.
     */
    public Builder maxBufferedBytes(long bytes) {
      if (bytes < 1024 * 1024) {
        throw new IllegalArgumentException("maxBufferedBytes must be at least 1 MiB (1048576), got " + bytes);
      }
      this.maxBufferedBytes = bytes;
      return this;
    }

    /**
     * Whether {@link AgentraceSdk#metrics()} records (default true). Off, spans are still priced; with no
     * exporter either, no export worker is started at all.
     */
    public Builder metrics(boolean enabled) {
      this.metricsEnabled = enabled;
      return this;
    }

    /**
     * Most distinct metrics keys — (kind, type) pairs — kept (default 256); spans of further keys are added up
     * in the overflow bucket. A key's memory follows the ranges it records — about 8 KB per doubling of a
     * measurement's largest value beyond 2048 units — measured at about 120 KB for a tool type (latency only)
     * and 350–550 KB for an LLM type with tokens, cost and a score, so the default caps the worst case near
     * 30–140 MB.
     */
    public Builder metricsMaxKeys(int max) {
      this.metricsMaxKeys = Checks.requirePositive(max, "metricsMaxKeys");
      return this;
    }

    /**
     * Prices for spans with token usage and a model but no explicit cost (default
     * {@link PriceTable#defaults()}; {@link PriceTable#empty()} computes no cost).
     */
    public Builder priceTable(PriceTable prices) {
      this.priceTable = Objects.requireNonNull(prices, "priceTable");
      return this;
    }

    /**
     * Logs the metrics table (logger {@code dev.agentrace.metrics}, INFO) at most this often, from the export
     * worker after a span ends; {@link Duration#ZERO} (the default) never logs.
     */
    public Builder metricsLogInterval(Duration interval) {
      Objects.requireNonNull(interval, "metricsLogInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("metricsLogInterval must be zero (off) or positive, got " + interval);
      }
      this.metricsLogInterval = interval;
      return this;
    }

    /**
     * Whether a JVM shutdown hook flushes and shuts the SDK down (default true). The hook has 5 s (see
     * {@link #shutdownHook(boolean, Duration)}) to export what is left, and logs a warning with the counts
     * if anything was dropped; an agent can also call {@link AgentraceSdk#shutdown(Duration)} itself.
     */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      return this;
    }

    /**
     * Whether a JVM shutdown hook shuts the SDK down, and how long it may take (default on, 5 s). The JVM
     * waits for the hook, so this is how long tracing may delay the exit; what the hook cannot export in
     * that time is counted and logged as dropped. Raise it for exporters that need longer to drain a
     * large backlog (a slow backend, fsync per batch).
     */
    public Builder shutdownHook(boolean enabled, Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("shutdown hook timeout must be positive, got " + timeout);
      }
      this.shutdownHook = enabled;
      this.shutdownHookTimeout = timeout;
      return this;
    }

    /**
     * Strict context mode, for tests (default off). Every span records where it was started (a stack
     * trace per span: too slow for production), and every context mistake is logged with that place and
     * kept for {@link AgentraceSdk#contextViolations()} instead of being logged once per kind: a task run
     * through {@code tracer.wrap(..)} that returns with a span still open, a span closed before a span
     * opened inside it, a span never ended. Instrumentation calls still never throw; the testing module's
     * {@code AgentraceExtension.builder().strictContext()} turns the list into a failed test.
     */
    public Builder strictContext(boolean enabled) {
      this.strictContext = enabled;
      return this;
    }

    /** How detected data categories weigh in each span's {@link RiskResult}; default {@link RiskProfile#defaults()}. */
    public Builder riskProfile(RiskProfile profile) {
      this.riskProfile = Objects.requireNonNull(profile, "riskProfile");
      return this;
    }

    /** Which detected categories are replaced before exporters see them; default {@link Redaction#defaults()} (credentials). */
    public Builder redaction(Redaction redaction) {
      this.redaction = Objects.requireNonNull(redaction, "redaction");
      return this;
    }

    /**
     * Whether the export worker scans payloads, attributes and events for sensitive data (default true).
     * Off means no {@link RiskResult} and no redaction at all, whatever {@link #redaction} says.
     */
    public Builder riskScanning(boolean enabled) {
      this.riskScanning = enabled;
      return this;
    }

    /**
     * Joins this SDK's context to another tracing system's in the same process (default: none), so that
     * spans of both nest in one trace: for OpenTelemetry, {@code AgentraceOpenTelemetry.contextBridge()}
     * from {@code agentrace-opentelemetry}. See {@link ContextBridge} for what crosses and when.
     */
    public Builder contextBridge(ContextBridge bridge) {
      this.contextBridge = Objects.requireNonNull(bridge, "contextBridge");
      return this;
    }

    /** Builds the SDK and starts its export worker. */
    public AgentraceSdk build() {
      if (batchSize > queueCapacity) {
        throw new IllegalArgumentException("batchSize (" + batchSize + ") must not exceed queueCapacity (" + queueCapacity + ")");
      }
      if (exporterBacklog == 0) {
        exporterBacklog = Math.max(2, queueCapacity / batchSize);
      }
      return new AgentraceSdk(this);
    }
  }
}
