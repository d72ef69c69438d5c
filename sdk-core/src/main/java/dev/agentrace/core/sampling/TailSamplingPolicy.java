package dev.agentrace.core.sampling;

import dev.agentrace.api.SpanStatus;
import dev.agentrace.api.internal.Fatal;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.internal.Checks;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.core.internal.WorkerSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which traces to export once they have ended: every trace that matches one of the {@code keep} rules is
 * exported whole, and a {@link Builder#ratio ratio} of the others, chosen by trace id. Spans are still
 * recorded, checked, priced and measured (metrics, percentiles and drift see every span); the policy only
 * decides what reaches the exporters it applies to (see {@code SpanExporter.tailSampled()}).
 *
 * <pre>{@code
 * TailSamplingPolicy policy = TailSamplingPolicy.builder()
 *     .keepErrors()                           // any span with status ERROR
 *     .keepSlowerThan(Duration.ofSeconds(30)) // the trace took longer
 *     .keepCostAbove(0.50)                    // USD, summed over the trace
 *     .keepNonConforming()                    // a schema violation or an undeclared type
 *     .keepRiskAtLeast(RiskLevel.HIGH)
 *     .keepScoreBelow("faithfulness", 0.7)
 *     .ratio(0.05)                            // and 5 % of the healthy rest
 *     .build();
 * AgentraceSdk sdk = AgentraceSdk.builder().exporter(otlp).tailSampling(policy).build();
 * }</pre>
 *
 * <p>Bounds: the worker holds at most {@link Builder#maxTraces} undecided traces and about {@link
 * Builder#maxBytes} of their spans; beyond either, and for a trace whose local root has not ended within
 * {@link Builder#decisionTimeout}, it decides the oldest trace on the spans it has. Spans of a trace that
 * end after its decision follow it.
 *
 * <p>Immutable and thread-safe; {@link #keeps} may be called from any thread (the SDK calls it on its export
 * worker), and runs the {@link Builder#keepIf custom predicates} on the calling thread.
 */
public final class TailSamplingPolicy {
  /** Default for {@link Builder#maxTraces}. */
  public static final int DEFAULT_MAX_TRACES = 10_000;
  /**
   * Default for {@link Builder#maxBytes}: 32 MiB, half the SDK's default {@code maxBufferedBytes}, which held
   * spans with large payloads also count against: the other half stays for spans on their way to exporters.
   */
  public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
  /** Default for {@link Builder#decisionTimeout}. */
  public static final Duration DEFAULT_DECISION_TIMEOUT = Duration.ofMinutes(5);

  private final boolean keepErrors;
  private final long slowerThanNanos;
  private final double costAbove;
  private final long tokensAbove;
  private final boolean keepNonConforming;
  private final RiskLevel riskAtLeast;
  private final List<String> scoreNames;
  private final double[] scoreBelow;
  private final List<Predicate<? super List<SpanData>>> predicates;
  private final double ratio;
  private final long ratioBound;
  private final int maxTraces;
  private final long maxBytes;
  private final Duration decisionTimeout;

  private TailSamplingPolicy(Builder b) {
    this.keepErrors = b.keepErrors;
    this.slowerThanNanos = b.slowerThanNanos;
    this.costAbove = b.costAbove;
    this.tokensAbove = b.tokensAbove;
    this.keepNonConforming = b.keepNonConforming;
    this.riskAtLeast = b.riskAtLeast;
    this.scoreNames = List.copyOf(b.scoreNames);
    this.scoreBelow = new double[b.scoreThresholds.size()];
    for (int i = 0; i < scoreBelow.length; i++) {
      scoreBelow[i] = b.scoreThresholds.get(i);
    }
    this.predicates = Collections.unmodifiableList(new ArrayList<>(b.predicates));
    this.ratio = b.ratio;
    // The same comparison as Sampler.ratio, so a process with the same ratio decides a trace alike.
    this.ratioBound = (long) (b.ratio * Long.MAX_VALUE);
    this.maxTraces = b.maxTraces;
    this.maxBytes = b.maxBytes;
    this.decisionTimeout = b.decisionTimeout;
  }

  /** A builder with no keep rule, ratio 0 and the default bounds. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether this policy keeps the trace made of {@code trace}'s spans: true if any keep rule matches, else
   * whether its trace id falls in the {@link Builder#ratio ratio}. An empty list is not kept. A custom
   * predicate that throws counts as a match (keeping a trace is the safe side) and is logged once.
   *
   * @param trace the ended spans of one trace (ids of the first span decide the ratio)
   */
  public boolean keeps(List<? extends SpanData> trace) {
    if (trace.isEmpty()) {
      return false;
    }
    if (matchesRule(trace)) {
      return true;
    }
    if (ratioBound == 0) {
      return false;
    }
    // The worker's spans carry the id as numbers: no hex string to build and parse per trace.
    SpanData first = trace.get(0);
    return first instanceof WorkerSpan w ? sampledByRatio(w.traceIdLow()) : sampledByRatio(first.traceId());
  }

  /** Whether a keep rule matches; the ratio aside. */
  private boolean matchesRule(List<? extends SpanData> trace) {
    double cost = 0;
    long tokens = 0;
    long earliestStart = Long.MAX_VALUE;
    long latestEnd = Long.MIN_VALUE;
    for (int i = 0, n = trace.size(); i < n; i++) {
      SpanData s = trace.get(i);
      if (keepErrors && s.status() == SpanStatus.ERROR) {
        return true;
      }
      if (keepNonConforming && s.conformance().isFlagged()) {
        return true;
      }
      if (riskAtLeast != null && s.risk().level().compareTo(riskAtLeast) >= 0) {
        return true;
      }
      if (scoreBelow.length > 0 && scoreBelow(s)) {
        return true;
      }
      Double c = s.cost();
      if (c != null) {
        cost += c;
      }
      TokenUsage u = s.usage();
      if (u != null) {
        tokens += u.totalTokens();
      }
      earliestStart = Math.min(earliestStart, s.startEpochNanos());
      latestEnd = Math.max(latestEnd, s.endEpochNanos());
    }
    if (costAbove >= 0 && cost > costAbove) {
      return true;
    }
    if (tokensAbove >= 0 && tokens > tokensAbove) {
      return true;
    }
    if (slowerThanNanos >= 0 && latestEnd - earliestStart > slowerThanNanos) {
      return true;
    }
    return matchesPredicate(trace);
  }

  private boolean scoreBelow(SpanData s) {
    var scores = s.scores();
    if (scores.isEmpty()) {
      return false;
    }
    for (int i = 0; i < scoreBelow.length; i++) {
      Double v = scores.get(scoreNames.get(i));
      if (v != null && v < scoreBelow[i]) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private boolean matchesPredicate(List<? extends SpanData> trace) {
    if (predicates.isEmpty()) {
      return false;
    }
    // Read-only, so a predicate cannot change what the exporters receive.
    List<SpanData> view = Collections.unmodifiableList((List<SpanData>) trace);
    for (Predicate<? super List<SpanData>> p : predicates) {
      try {
        if (p.test(view)) {
          return true;
        }
      } catch (Throwable e) {
        Fatal.rethrowIfFatal(e);
        Warnings.once("tail-predicate-" + p.getClass().getName(), "Tail sampling predicate " + Warnings.describe(p)
            + " threw; the trace is kept, as if it had matched.", e);
        return true;
      }
    }
    return false;
  }

  /** Whether a trace with this lower-case hex id is in the ratio share (the id's lower 63 bits, as Sampler.ratio). */
  private boolean sampledByRatio(String traceIdHex) {
    return sampledByRatio(traceIdHex.length() == 32 ? Long.parseUnsignedLong(traceIdHex, 16, 32, 16) : 0);
  }

  private boolean sampledByRatio(long traceIdLow) {
    return ratio >= 1.0 || (traceIdLow & Long.MAX_VALUE) < ratioBound;
  }

  /** The share of traces no rule keeps that are exported anyway, chosen by trace id. */
  public double ratio() {
    return ratio;
  }

  /** Most traces held undecided. */
  public int maxTraces() {
    return maxTraces;
  }

  /** About how many bytes the held spans may take. */
  public long maxBytes() {
    return maxBytes;
  }

  /** How long a trace is held, from its first ended span, before it is decided without its local root. */
  public Duration decisionTimeout() {
    return decisionTimeout;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TailSamplingPolicy{");
    if (keepErrors) {
      sb.append("keepErrors, ");
    }
    if (slowerThanNanos >= 0) {
      sb.append("keepSlowerThan=").append(Duration.ofNanos(slowerThanNanos)).append(", ");
    }
    if (costAbove >= 0) {
      sb.append("keepCostAbove=").append(costAbove).append(", ");
    }
    if (tokensAbove >= 0) {
      sb.append("keepTokensAbove=").append(tokensAbove).append(", ");
    }
    if (keepNonConforming) {
      sb.append("keepNonConforming, ");
    }
    if (riskAtLeast != null) {
      sb.append("keepRiskAtLeast=").append(riskAtLeast).append(", ");
    }
    for (int i = 0; i < scoreBelow.length; i++) {
      sb.append("keepScoreBelow=").append(scoreNames.get(i)).append('<').append(scoreBelow[i]).append(", ");
    }
    if (!predicates.isEmpty()) {
      sb.append("keepIf=").append(predicates.size()).append(", ");
    }
    return sb.append("ratio=").append(ratio).append(", maxTraces=").append(maxTraces).append(", maxBytes=")
        .append(maxBytes).append(", decisionTimeout=").append(decisionTimeout).append('}').toString();
  }

  /**
   * Builds a {@link TailSamplingPolicy}. Rules add up: a trace is kept if any of them matches. Each setter
   * throws {@link IllegalArgumentException} (or {@link NullPointerException}) naming a bad value. Not
   * thread-safe.
   */
  public static final class Builder {
    private boolean keepErrors;
    private long slowerThanNanos = -1;
    private double costAbove = -1;
    private long tokensAbove = -1;
    private boolean keepNonConforming;
    private RiskLevel riskAtLeast;
    private final List<String> scoreNames = new ArrayList<>();
    private final List<Double> scoreThresholds = new ArrayList<>();
    private final List<Predicate<? super List<SpanData>>> predicates = new ArrayList<>();
    private double ratio;
    private int maxTraces = DEFAULT_MAX_TRACES;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private Duration decisionTimeout = DEFAULT_DECISION_TIMEOUT;

    private Builder() {}

    /** Keeps a trace with any span whose status is ERROR. */
    public Builder keepErrors() {
      this.keepErrors = true;
      return this;
    }

    /**
     * Keeps a trace that took longer than {@code threshold}: from the earliest start to the latest end of its
     * spans, which is its local root's duration when the children end within the root.
     */
    public Builder keepSlowerThan(Duration threshold) {
      Objects.requireNonNull(threshold, "keepSlowerThan");
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("keepSlowerThan must be zero or positive, got " + threshold);
      }
      this.slowerThanNanos = saturatedNanos(threshold);
      return this;
    }

    /** Keeps a trace whose spans' costs ({@code SpanData.cost()}, explicit or priced) add up to more than {@code usd}. */
    public Builder keepCostAbove(double usd) {
      if (!(usd >= 0) || Double.isInfinite(usd)) {
        throw new IllegalArgumentException("keepCostAbove must be a finite amount >= 0 (USD), got " + usd);
      }
      this.costAbove = usd;
      return this;
    }

    /** Keeps a trace whose spans' total tokens ({@code TokenUsage.totalTokens()}) add up to more than {@code tokens}. */
    public Builder keepTokensAbove(long tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("keepTokensAbove must be >= 0, got " + tokens);
      }
      this.tokensAbove = tokens;
      return this;
    }

    /** Keeps a trace with any span flagged by the activity-schema check (it violates the schema, or its type is undeclared). */
    public Builder keepNonConforming() {
      this.keepNonConforming = true;
      return this;
    }

    /** Keeps a trace with any span whose risk level is {@code level} or higher; {@code level} must be above NONE. */
    public Builder keepRiskAtLeast(RiskLevel level) {
      Objects.requireNonNull(level, "keepRiskAtLeast");
      if (level == RiskLevel.NONE) {
        throw new IllegalArgumentException("keepRiskAtLeast must be LOW, MEDIUM, HIGH or CRITICAL, got NONE (it would keep every trace)");
      }
      this.riskAtLeast = level;
      return this;
    }

    /** Keeps a trace with any span whose score {@code name} is below {@code threshold}; may be called for several names. */
    public Builder keepScoreBelow(String name, double threshold) {
      Checks.requireText(name, "keepScoreBelow name");
      if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
        throw new IllegalArgumentException("keepScoreBelow threshold for '" + name + "' must be finite, got " + threshold);
      }
      scoreNames.add(name);
      scoreThresholds.add(threshold);
      return this;
    }

    /**
     * Keeps a trace for which {@code predicate} is true, given the trace's ended spans (read-only, in the
     * order they ended; the local root last unless the trace was decided without it). Runs on the export
     * worker: it must be fast and must not block. May be called more than once.
     */
    public Builder keepIf(Predicate<? super List<SpanData>> predicate) {
      predicates.add(Objects.requireNonNull(predicate, "keepIf"));
      return this;
    }

    /**
     * The share of traces no rule keeps that are exported anyway (default 0): decided by the trace id like
     * {@code Sampler.ratio}, so every process with the same ratio keeps the same healthy traces.
     */
    public Builder ratio(double ratio) {
      if (!(ratio >= 0.0 && ratio <= 1.0)) {
        throw new IllegalArgumentException("tail sampling ratio must be within [0, 1], got " + ratio);
      }
      this.ratio = ratio;
      return this;
    }

    /** Most traces held undecided (default 10,000); beyond it the oldest is decided on the spans it has. */
    public Builder maxTraces(int max) {
      this.maxTraces = Checks.requirePositive(max, "maxTraces");
      return this;
    }

    /**
     * About how much memory the held spans may take (default 32 MiB, minimum 64 KiB), by an estimate per
     * span of its fixed size plus its payloads, attributes and events; beyond it the oldest trace is decided
     * on the spans it has. Held spans whose payloads reach 512 characters also count against the SDK's
     * {@code maxBufferedBytes} (default 64 MiB) until they are exported or dropped, so keep this below it.
     */
    public Builder maxBytes(long bytes) {
      if (bytes < 64 * 1024) {
        throw new IllegalArgumentException("maxBytes must be at least 64 KiB (65536), got " + bytes);
      }
      this.maxBytes = bytes;
      return this;
    }

    /**
     * How long a trace is held, from its first ended span, waiting for its local root (default 5 minutes);
     * then it is decided on the spans it has and counted in {@code SdkStats.tracesDecidedEarly()}.
     */
    public Builder decisionTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "decisionTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("decisionTimeout must be positive, got " + timeout);
      }
      this.decisionTimeout = timeout;
      return this;
    }

    /** The policy. */
    public TailSamplingPolicy build() {
      return new TailSamplingPolicy(this);
    }

    private static long saturatedNanos(Duration d) {
      try {
        return d.toNanos();
      } catch (ArithmeticException tooLong) {
        return Long.MAX_VALUE;
      }
    }
  }
}
