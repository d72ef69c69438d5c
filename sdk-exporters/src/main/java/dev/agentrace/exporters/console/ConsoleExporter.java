package dev.agentrace.exporters.console;

import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The conversation view: prints an agent run as it unfolds, for a human watching the agent think. Each
 * span is printed when it starts (kind, name, model, input preview) and again when it ends (status,
 * duration, tokens, cost, schema and risk flags, output preview), indented by its depth in the trace;
 * when a trace's root span ends, one summary line gives its span count, tokens, cost, errors and
 * duration. That line is printed once per trace: a span that ends after its root (a fire-and-forget
 * task, say) is printed at its depth with no second summary.
 *
 * <pre>{@code
 * > AGENT handle_ticket  in: "Where is my order?"
 *   > LLM plan (gpt-4o)  in: "Where is my order?"
 *   < LLM plan  OK  820.0 ms  tokens 120 in / 45 out  $0.0012  out: "Look it up"
 * < AGENT handle_ticket  OK  1.02 s  out: "It ships today"
 * = trace 4bf92f3577b34da6a3ce929d0e0e4736 done: 2 spans, 165 tokens, $0.0012, 0 errors, 1.02 s
 * }</pre>
 *
 * <p>ANSI colour is used only when the target is {@code System.out} attached to a terminal and
 * {@code NO_COLOR} is not set, unless forced on or off. Previews are one line, cut at
 * {@link Builder#previewLength}; with {@link Builder#maxLineWidth} whole lines are cut to fit a terminal. The view reads no clock: every time it prints comes from the spans.
 * Depth is tracked per trace and forgotten once its root and its open spans have ended; at most
 * {@code 1000} traces are tracked at once (the least recently active is forgotten first), so memory
 * stays bounded even when roots never end.
 *
 * <p>Thread-safe: the traces it tracks are guarded by one lock. Output of one batch is printed with one
 * call, so concurrent writers to the same stream do not split a batch's lines.
 */
public final class ConsoleExporter implements SpanExporter {
  static final int MAX_TRACKED_TRACES = 1000;

  private final PrintStream out;
  private final ConsoleFormat format;
  private final Object lock = new Object();
  /** Access-ordered, so the least recently active trace is the one forgotten at the cap. Guarded by lock. */
  private final LinkedHashMap<String, TraceState> traces = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TraceState> eldest) {
      return size() > MAX_TRACKED_TRACES;
    }
  };
  /**
   * Traces whose root ended, so a span ending (or starting) after its root is printed without a second
   * "trace done" line. Insertion-ordered and capped like {@link #traces}. Guarded by lock.
   */
  private final LinkedHashMap<String, Boolean> finished = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > MAX_TRACKED_TRACES;
    }
  };
  private volatile boolean shutdown;

  /** What the view remembers of a trace until its root ends. */
  static final class TraceState {
    /** Depth of each span that started and has not ended yet. */
    final Map<String, Integer> depths = new HashMap<>();
    String rootSpanId;
    int spans;
    long tokens;
    boolean anyUsage;
    double cost;
    boolean anyCost;
    int errors;
    /** The root ended and its summary was printed; the trace stays only until its open spans end. */
    boolean done;
  }

  /** A view printing to {@code System.out}, colour on a terminal only, previews of 100 characters. */
  public static ConsoleExporter create() {
    return builder().build();
  }

  /** A builder with the defaults of {@link #create()}. */
  public static Builder builder() {
    return new Builder();
  }

  private ConsoleExporter(Builder b) {
    this.out = b.target;
    this.format = new ConsoleFormat(b.color, b.target, b.previewLength, b.maxLineWidth);
  }

  @Override
  public boolean exportsStarts() {
    return true;
  }

  /** A live view: with tail sampling on, the console still shows every span as it happens. */
  @Override
  public boolean tailSampled() {
    return false;
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    if (shutdown) {
      return ExportResult.failure("ConsoleExporter is shut down");
    }
    if (batch == null || batch.isEmpty()) {
      return ExportResult.success();
    }
    StringBuilder text = new StringBuilder(128 * batch.size());
    int failed = 0;
    synchronized (lock) {
      for (SpanData s : batch) {
        int mark = text.length();
        try {
          if (s.ended()) {
            ended(s, text);
          } else {
            started(s, text);
          }
        } catch (RuntimeException e) {
          text.setLength(mark);
          failed++;
        }
      }
    }
    out.print(text);
    out.flush();
    return failed == 0 ? ExportResult.success() : ExportResult.partialSuccess(failed, failed + " spans could not be rendered");
  }

  private void started(SpanData s, StringBuilder text) {
    TraceState trace = state(key(s.traceId()));
    int depth = depthOf(trace, s);
    trace.depths.put(key(s.spanId()), depth);
    if (!trace.done && trace.rootSpanId == null && depth == 0) {
      trace.rootSpanId = key(s.spanId());
    }
    format.started(s, depth, text);
  }

  private void ended(SpanData s, StringBuilder text) {
    String traceKey = key(s.traceId());
    TraceState trace = state(traceKey);
    Integer known = trace.depths.remove(key(s.spanId()));
    int depth = known != null ? known : depthOf(trace, s);
    if (!trace.done && trace.rootSpanId == null && depth == 0) {
      trace.rootSpanId = key(s.spanId());
    }
    trace.spans++;
    TokenUsage usage = s.usage();
    if (usage != null) {
      trace.tokens += usage.totalTokens();
      trace.anyUsage = true;
    }
    if (s.cost() != null) {
      trace.cost += s.cost();
      trace.anyCost = true;
    }
    if (s.status() == SpanStatus.ERROR) {
      trace.errors++;
    }
    format.ended(s, depth, text);
    if (!trace.done && key(s.spanId()).equals(trace.rootSpanId)) {
      trace.done = true;
      finished.put(traceKey, Boolean.TRUE);
      format.summary(traceKey, trace, s.durationNanos(), text);
    }
    if (trace.done && trace.depths.isEmpty()) {
      traces.remove(traceKey);
    }
  }

  /** The state of a trace, new if untracked; marked done if its root already ended. */
  private TraceState state(String traceKey) {
    TraceState trace = traces.get(traceKey);
    if (trace == null) {
      trace = new TraceState();
      trace.done = finished.containsKey(traceKey);
      traces.put(traceKey, trace);
    }
    return trace;
  }

  /**
   * 0 for a root, and for a span whose parent this view never saw (remote, or forgotten); 1 for a span of
   * a finished trace whose parent already ended.
   */
  private static int depthOf(TraceState trace, SpanData s) {
    String parent = s.parentSpanId();
    if (parent == null || parent.isEmpty()) {
      return 0;
    }
    Integer parentDepth = trace.depths.get(parent);
    return parentDepth != null ? parentDepth + 1 : trace.done ? 1 : 0;
  }

  private static String key(String id) {
    return id == null ? "" : id;
  }

  /** How many traces the view is tracking now; for tests of the memory bound. */
  int trackedTraces() {
    synchronized (lock) {
      return traces.size();
    }
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public void shutdown() {
    shutdown = true;
    out.flush();
  }

  @Override
  public String toString() {
    return "ConsoleExporter{color=" + format.color() + ", previewLength=" + format.previewLength()
        + ", maxLineWidth=" + format.maxLineWidth() + "}";
  }

  /** When to use ANSI colour. */
  public enum ColorMode {
    /** Only when printing to {@code System.out} on a terminal and {@code NO_COLOR} is not set. */
    AUTO,
    /** Always (for terminals the detection misses, or for tests of colour). */
    ON,
    /** Never. */
    OFF
  }

  /** Configures a {@link ConsoleExporter}. Not thread-safe; bad values throw {@link IllegalArgumentException}. */
  public static final class Builder {
    PrintStream target = System.out;
    ColorMode color = ColorMode.AUTO;
    int previewLength = 100;
    int maxLineWidth;

    Builder() {}

    /** Where to print (default {@code System.out}); the stream is flushed after each batch, never closed. */
    public Builder target(PrintStream target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /** Colour mode (default {@link ColorMode#AUTO}). */
    public Builder color(ColorMode color) {
      this.color = Objects.requireNonNull(color, "color");
      return this;
    }

    /** Longest input/output/error preview, in characters (default 100, at least 10). */
    public Builder previewLength(int chars) {
      if (chars < 10) {
        throw new IllegalArgumentException("previewLength must be >= 10, got " + chars);
      }
      this.previewLength = chars;
      return this;
    }

    /**
     * Widest line, in columns (default 0: no limit). Longer lines are cut and end with "...", so a
     * terminal of that width does not wrap them; the output preview, last on the line, goes first.
     */
    public Builder maxLineWidth(int columns) {
      if (columns != 0 && columns < 40) {
        throw new IllegalArgumentException("maxLineWidth must be 0 (no limit) or >= 40, got " + columns);
      }
      this.maxLineWidth = columns;
      return this;
    }

    /** Builds the view. */
    public ConsoleExporter build() {
      return new ConsoleExporter(this);
    }
  }
}
