package dev.agentrace.testing;

import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.ConformanceChecker;
import dev.agentrace.core.IdGenerator;
import dev.agentrace.core.Sampler;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.SpanProcessor;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives every test a fresh {@link AgentraceSdk} and captures the spans it
 * ends, for assertions with {@link AgentraceAssertions}.
 *
 * <pre>{@code
 * class AgentTest {
 *   @RegisterExtension static AgentraceExtension tracing = AgentraceExtension.create();
 *
 *   @Test void searchesBeforeAnswering() {
 *     new MyAgent(tracing.tracer()).handle("refund please");
 *     assertThat(tracing.trace()).hasRoot("handle_ticket").hasChildren("plan", "web_search");
 *   }
 * }
 * }</pre>
 *
 * <p>Before each test the extension builds an SDK whose export pipeline feeds an
 * {@link InMemorySpanExporter}; after the test it shuts that SDK down (ending spans left open as
 * "never ended"). Spans travel the SDK's normal pipeline, so worker stages such as conformance checks,
 * redaction and metrics apply as in production. {@link #spans()} flushes the pipeline first: a span
 * ended on the test's thread is there at once, and one ended on another thread is there once the
 * thread has ended it (use {@link #awaitSpans} when the test cannot know that).
 *
 * <p>Thread-safe for use from the test and the threads it starts. One test at a time: a static
 * extension shared by test methods that JUnit runs concurrently would hand them the same SDK.
 */
public final class AgentraceExtension implements BeforeEachCallback, AfterEachCallback {
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(20);

  private final String agent;
  private final String version;
  private final String environment;
  private final boolean deterministic;
  private final Sampler sampler;
  private final List<Supplier<? extends SpanExporter>> exporters;
  private final List<Supplier<? extends SpanProcessor>> processors;
  private final List<Consumer<AgentraceSdk.Builder>> customizers;
  private final boolean installAsGlobal;
  private final ConformanceChecker activitySchema;
  private final boolean failOnNonConformant;
  private final boolean strictContext;

  /** The SDK of the running test; null between tests. */
  private volatile PerTest current;

  private record PerTest(AgentraceSdk sdk, InMemorySpanExporter memory, TestClock clock) {}

  private AgentraceExtension(Builder b) {
    this.agent = b.agent;
    this.version = b.version;
    this.environment = b.environment;
    this.deterministic = b.deterministic;
    this.sampler = b.sampler;
    this.exporters = List.copyOf(b.exporters);
    this.processors = List.copyOf(b.processors);
    this.customizers = List.copyOf(b.customizers);
    this.installAsGlobal = b.installAsGlobal;
    this.activitySchema = b.activitySchema;
    this.failOnNonConformant = b.failOnNonConformant;
    this.strictContext = b.strictContext;
  }

  /** An extension with the defaults: system clock, random ids, every trace sampled. */
  public static AgentraceExtension create() {
    return builder().build();
  }

  /** A builder for an extension with options. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    TestClock clock = deterministic ? TestClock.create() : null;
    AgentraceSdk.Builder b = AgentraceSdk.builder()
        .agent(agent)
        .version(version)
        .environment(environment)
        .shutdownHook(false)
        .strictContext(strictContext)
        .exporter(memory);
    if (sampler != null) {
      b.sampler(sampler);
    }
    if (activitySchema != null) {
      b.activitySchema(activitySchema);
    }
    if (clock != null) {
      b.clock(clock).idGenerator(IdGenerator.sequential());
    }
    for (Supplier<? extends SpanExporter> e : exporters) {
      b.exporter(e.get());
    }
    for (Supplier<? extends SpanProcessor> p : processors) {
      b.processor(p.get());
    }
    for (Consumer<AgentraceSdk.Builder> c : customizers) {
      c.accept(b);
    }
    AgentraceSdk sdk = b.build();
    if (installAsGlobal) {
      sdk.installAsGlobal();
    }
    current = new PerTest(sdk, memory, clock);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    PerTest t = current;
    current = null;
    if (t == null) {
      return;
    }
    // Shutdown also uninstalls the SDK from the global entry point if it was installed. It runs before
    // the conformance check so spans still in the pipeline, or left open and ended by shutdown, count.
    t.sdk().shutdown(FLUSH_TIMEOUT);
    if (strictContext) {
      failIfAnyContextViolation(t.sdk().contextViolations());
    }
    if (failOnNonConformant) {
      failIfAnyFlagged(t.memory().spans());
    }
  }

  private static void failIfAnyContextViolation(List<String> violations) {
    if (violations.isEmpty()) {
      return;
    }
    StringBuilder m = new StringBuilder("Expected every span to be ended in the scope that opened it, but found "
        + violations.size() + (violations.size() == 1 ? " context mistake:" : " context mistakes:"));
    for (String v : violations) {
      m.append("\n- ").append(v.replace("\n", "\n  "));
    }
    throw new AssertionError(m.toString());
  }

  private static void failIfAnyFlagged(List<SpanData> spans) {
    StringBuilder m = new StringBuilder();
    int flagged = 0;
    for (SpanData s : spans) {
      if (s.conformance().isFlagged()) {
        flagged++;
        m.append("\n- '").append(s.name()).append("' (type ").append(s.type() == null ? "none" : "'" + s.type() + "'")
            .append("): ").append(SpanDataAssert.conformanceDescription(s.conformance()).replace("\n  ", "\n    "));
      }
    }
    if (flagged > 0) {
      throw new AssertionError("Expected every span to conform to the activity schema but " + flagged + " of "
          + spans.size() + (flagged == 1 ? " does not:" : " do not:") + m);
    }
  }

  /** The tracer of this test's SDK. */
  public Tracer tracer() {
    return state().sdk().tracer();
  }

  /** This test's SDK, for flush, stats, metrics and the like. */
  public AgentraceSdk sdk() {
    return state().sdk();
  }

  /**
   * This test's clock, standing still until the test advances it.
   *
   * @throws IllegalStateException unless the extension was built with {@link Builder#deterministic()}
   */
  public TestClock clock() {
    TestClock c = state().clock();
    if (c == null) {
      throw new IllegalStateException("this extension uses the system clock; build it with "
          + "AgentraceExtension.builder().deterministic() for a TestClock");
    }
    return c;
  }

  /** Every span ended so far in this test, in the order they ended; flushes the pipeline first. */
  public List<SpanData> spans() {
    PerTest t = state();
    t.sdk().flush(FLUSH_TIMEOUT);
    return t.memory().spans();
  }

  /** The spans of {@link #spans()} grouped into traces, ordered by when each trace started. */
  public List<Trace> traces() {
    return Trace.group(spans());
  }

  /** The one trace recorded in this test; fails if there is none or more than one. */
  public Trace trace() {
    List<Trace> traces = traces();
    if (traces.size() != 1) {
      StringBuilder m = new StringBuilder("Expected exactly one trace but found ").append(traces.size());
      for (Trace t : traces) {
        m.append("\n\n").append(t);
      }
      throw new AssertionError(m.append(inFlight(sdk().stats())).toString());
    }
    return traces.get(0);
  }

  /**
   * The single span named {@code name} ended so far; fails, listing the names there are, if there is
   * none or more than one.
   */
  public SpanData span(String name) {
    List<SpanData> spans = spans();
    SpanData found = null;
    int count = 0;
    for (SpanData s : spans) {
      if (s.name().equals(name)) {
        found = s;
        count++;
      }
    }
    if (count != 1) {
      throw new AssertionError("Expected exactly one span named '" + name + "' but found " + count
          + "; spans ended: " + SpanDataAssert.names(spans) + inFlight(sdk().stats()));
    }
    return found;
  }

  /**
   * Waits until at least {@code count} spans have ended, on any thread, and returns them all (as
   * {@link #spans()}); fails when {@code timeout} passes first, saying how many ended and how many
   * are still open.
   */
  public List<SpanData> awaitSpans(int count, Duration timeout) {
    return await(spans -> spans.size() >= count, timeout, "at least " + count + " spans");
  }

  /**
   * Waits until a span named {@code name} has ended, on any thread, and returns the first one to
   * end; fails when {@code timeout} passes first.
   */
  public SpanData awaitSpan(String name, Duration timeout) {
    Predicate<SpanData> named = s -> s.name().equals(name);
    return await(list -> list.stream().anyMatch(named), timeout, "a span named '" + name + "'")
        .stream().filter(named).findFirst().orElseThrow();
  }

  private List<SpanData> await(Predicate<List<SpanData>> done, Duration timeout, String what) {
    Objects.requireNonNull(timeout, "timeout");
    PerTest t = state();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // Flushing exports whatever has ended by now instead of waiting for the batch delay.
      t.sdk().flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      List<SpanData> spans = t.memory().spans();
      long left = deadline - System.nanoTime();
      if (done.test(spans)) {
        return spans;
      }
      if (left <= 0) {
        throw new AssertionError("Expected " + what + " to end within " + timeout + " but " + spans.size()
            + " ended: " + SpanDataAssert.names(spans) + inFlight(t.sdk().stats()));
      }
      try {
        t.memory().awaitMoreThan(spans.size(), Duration.ofNanos(Math.min(left, POLL.toNanos())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  private static String inFlight(SdkStats stats) {
    long open = stats.spansStarted() - stats.spansEnded();
    return open > 0 ? "; " + open + (open == 1 ? " span is" : " spans are") + " still open" : "";
  }

  private PerTest state() {
    PerTest t = current;
    if (t == null) {
      throw new IllegalStateException("no test is running: register the extension with @RegisterExtension and use it"
          + " from a test, or from @BeforeEach/@AfterEach methods");
    }
    return t;
  }

  @Override
  public String toString() {
    return "AgentraceExtension{agent=" + agent + ", deterministic=" + deterministic + "}";
  }

  /**
   * Options of an {@link AgentraceExtension}. Factories and customizers run once per test, so each
   * test's SDK gets fresh exporters and processors even when the extension is a static field.
   *
   * <p>Not thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private String agent = "test-agent";
    private String version = "test";
    private String environment = "test";
    private boolean deterministic;
    private Sampler sampler;
    private final List<Supplier<? extends SpanExporter>> exporters = new ArrayList<>();
    private final List<Supplier<? extends SpanProcessor>> processors = new ArrayList<>();
    private final List<Consumer<AgentraceSdk.Builder>> customizers = new ArrayList<>();
    private boolean installAsGlobal;
    private ConformanceChecker activitySchema;
    private boolean failOnNonConformant;
    private boolean strictContext;

    private Builder() {}

    /** The agent name on every span (default "test-agent"). */
    public Builder agent(String agent) {
      this.agent = agent;
      return this;
    }

    /** The agent version on every span (default "test"). */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /** The environment on every span (default "test"). */
    public Builder environment(String environment) {
      this.environment = environment;
      return this;
    }

    /**
     * Each test gets a fresh {@link TestClock} (see {@link AgentraceExtension#clock()}) and sequential
     * ids starting at 1, so timestamps, durations and ids are the same on every run.
     */
    public Builder deterministic() {
      this.deterministic = true;
      return this;
    }

    /** The sampler (default: every trace). */
    public Builder sampler(Sampler sampler) {
      this.sampler = Objects.requireNonNull(sampler, "sampler");
      return this;
    }

    /** Adds an exporter, made by {@code factory} for each test, behind the batching pipeline. */
    public Builder exporter(Supplier<? extends SpanExporter> factory) {
      exporters.add(Objects.requireNonNull(factory, "exporter factory"));
      return this;
    }

    /** Adds a processor, made by {@code factory} for each test. */
    public Builder processor(Supplier<? extends SpanProcessor> factory) {
      processors.add(Objects.requireNonNull(factory, "processor factory"));
      return this;
    }

    /**
     * Customises each test's SDK builder after the extension's own settings (so it may override them),
     * for options the extension does not name, such as batching limits or risk scanning.
     */
    public Builder configure(Consumer<AgentraceSdk.Builder> customizer) {
      customizers.add(Objects.requireNonNull(customizer, "customizer"));
      return this;
    }

    /**
     * Installs each test's SDK as the global tracer ({@code Agentrace.tracer()}) for the test's
     * duration, for code that uses the global entry point. Tests that do so must not run concurrently.
     */
    public Builder installAsGlobal() {
      this.installAsGlobal = true;
      return this;
    }

    /**
     * The activity schema each test's SDK checks spans against, so {@code isConformant()} and the like
     * have something to report. A schema set through {@link #configure} as well wins, as it runs later.
     */
    public Builder activitySchema(ConformanceChecker schema) {
      this.activitySchema = Objects.requireNonNull(schema, "activitySchema");
      return this;
    }

    /**
     * After each test, fails it when any span it ended violates the activity schema or has a type the
     * schema does not declare, listing each such span's name, type and violations. The SDK is shut
     * down first either way. Spans not checked (nothing recorded, a truncated payload) do not fail the test.
     */
    public Builder failOnNonConformant() {
      this.failOnNonConformant = true;
      return this;
    }

    /**
     * Strict context mode ({@link AgentraceSdk.Builder#strictContext}): after each test, fails it when
     * the test left a span open (never ended), closed a span before one opened inside it, or ran a task
     * through {@code tracer.wrap(..)} that returned with a span still open. The failure lists each mistake
     * with the stack of the line that started the span. The SDK is shut down first either way.
     */
    public Builder strictContext() {
      this.strictContext = true;
      return this;
    }

    /**
     * The extension.
     *
     * @throws NullPointerException or IllegalArgumentException naming the agent, version or environment if
     *     one is null or blank: the SDK's own builder checks them here, so the rules are the SDK's
     */
    public AgentraceExtension build() {
      AgentraceSdk.builder().agent(agent).version(version).environment(environment);
      return new AgentraceExtension(this);
    }
  }
}
