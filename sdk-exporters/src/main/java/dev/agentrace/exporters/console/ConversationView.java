package dev.agentrace.exporters.console;

import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.ConformanceStatus;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.exporters.internal.Text;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The console conversation view; see {@link ConsoleExporter}. */
final class ConversationView implements ConsoleExporter {
  static final int MAX_TRACKED_TRACES = 1000;

  private static final String RESET = "\u001B[0m";
  private static final String BOLD = "\u001B[1m";
  private static final String DIM = "\u001B[2m";
  private static final String RED = "\u001B[31m";
  private static final String GREEN = "\u001B[32m";
  private static final String YELLOW = "\u001B[33m";
  private static final String BLUE = "\u001B[34m";
  private static final String MAGENTA = "\u001B[35m";
  private static final String CYAN = "\u001B[36m";
  private static final String NL = System.lineSeparator();

  private final PrintStream out;
  private final boolean color;
  private final int previewLength;
  /** Access-ordered, so the least recently active trace is the one forgotten at the cap. Guarded by this. */
  private final LinkedHashMap<String, TraceState> traces = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TraceState> eldest) {
      return size() > MAX_TRACKED_TRACES;
    }
  };
  private volatile boolean shutdown;

  /** What the view remembers of a trace until its root ends. */
  private static final class TraceState {
    /** Depth of each span that started and has not ended yet. */
    final Map<String, Integer> depths = new HashMap<>();
    String rootSpanId;
    int spans;
    long tokens;
    boolean anyUsage;
    double cost;
    boolean anyCost;
    int errors;
  }

  ConversationView(ConsoleExporter.Builder b) {
    this.out = b.target;
    this.previewLength = b.previewLength;
    this.color = switch (b.color) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> b.target == System.out && System.getenv("NO_COLOR") == null && isTerminal();
    };
  }

  /**
   * Whether standard output is a terminal. Before Java 22, {@code System.console()} is null unless it is;
   * from 22 on, a console exists even when output is redirected and {@code Console.isTerminal()} (looked up
   * reflectively, since this jar targets 17) tells.
   */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException before22) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean exportsStarts() {
    return true;
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
    synchronized (this) {
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
    TraceState trace = traces.computeIfAbsent(key(s.traceId()), k -> new TraceState());
    int depth = depthOf(trace, s);
    trace.depths.put(key(s.spanId()), depth);
    if (trace.rootSpanId == null && depth == 0) {
      trace.rootSpanId = key(s.spanId());
    }
    indent(text, depth);
    text.append(paint(DIM, "> "));
    label(s, text);
    if (s.model() != null) {
      text.append(" (").append(Text.preview(s.model(), previewLength)).append(')');
    }
    if (s.input() != null) {
      text.append("  ").append(paint(DIM, "in: " + Text.preview(s.input(), previewLength)));
    }
    text.append(NL);
  }

  private void ended(SpanData s, StringBuilder text) {
    String traceKey = key(s.traceId());
    TraceState trace = traces.computeIfAbsent(traceKey, k -> new TraceState());
    Integer known = trace.depths.remove(key(s.spanId()));
    int depth = known != null ? known : depthOf(trace, s);
    if (trace.rootSpanId == null && depth == 0) {
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

    indent(text, depth);
    text.append(paint(DIM, "< "));
    label(s, text);
    text.append("  ").append(status(s));
    text.append("  ").append(duration(s.durationNanos()));
    if (usage != null) {
      text.append("  tokens ").append(usage.inputTokens()).append(" in / ").append(usage.outputTokens()).append(" out");
      if (usage.cachedInputTokens() > 0) {
        text.append(" (").append(usage.cachedInputTokens()).append(" cached)");
      }
      if (usage.reasoningTokens() > 0) {
        text.append(" (").append(usage.reasoningTokens()).append(" reasoning)");
      }
    }
    if (s.cost() != null) {
      text.append("  ").append(cost(s.cost()));
    }
    flags(s.conformance(), s.risk(), text);
    if (s.output() != null) {
      text.append("  ").append(paint(DIM, "out: " + Text.preview(s.output(), previewLength)));
    }
    text.append(NL);

    if (key(s.spanId()).equals(trace.rootSpanId)) {
      traces.remove(traceKey);
      StringBuilder summary = new StringBuilder("= trace ").append(traceKey).append(" done: ")
          .append(trace.spans).append(trace.spans == 1 ? " span" : " spans");
      if (trace.anyUsage) {
        summary.append(", ").append(trace.tokens).append(" tokens");
      }
      if (trace.anyCost) {
        summary.append(", ").append(cost(trace.cost));
      }
      summary.append(", ").append(trace.errors).append(trace.errors == 1 ? " error" : " errors");
      summary.append(", ").append(duration(s.durationNanos()));
      text.append(paint(BOLD, summary.toString())).append(NL);
    }
  }

  /** 0 for a root, and for a span whose parent this view never saw (remote, or forgotten). */
  private static int depthOf(TraceState trace, SpanData s) {
    String parent = s.parentSpanId();
    if (parent == null || parent.isEmpty()) {
      return 0;
    }
    Integer parentDepth = trace.depths.get(parent);
    return parentDepth == null ? 0 : parentDepth + 1;
  }

  private void label(SpanData s, StringBuilder text) {
    SpanKind kind = s.kind() == null ? SpanKind.CUSTOM : s.kind();
    text.append(paint(kindColor(kind), kind.name())).append(' ').append(Text.preview(s.name(), previewLength));
    String type = s.type();
    if (type != null && !type.equals(kind.defaultType()) && !type.equals(s.name())) {
      text.append(" [").append(Text.preview(type, previewLength)).append(']');
    }
  }

  private String status(SpanData s) {
    SpanStatus st = s.status() == null ? SpanStatus.UNSET : s.status();
    return switch (st) {
      case OK -> paint(GREEN, "OK");
      case ERROR -> paint(RED, "ERROR" + (s.statusMessage() == null ? "" : ": " + Text.preview(s.statusMessage(), previewLength)));
      default -> "UNSET";
    };
  }

  private void flags(Conformance c, RiskResult r, StringBuilder text) {
    if (c != null && c.isFlagged()) {
      StringBuilder flag = new StringBuilder("[schema ").append(c.status());
      List<Violation> violations = c.violations();
      if (c.status() == ConformanceStatus.VIOLATES && violations != null && !violations.isEmpty() && violations.get(0) != null) {
        Violation first = violations.get(0);
        flag.append(": ").append(first.part()).append(Objects.toString(first.path(), "")).append(' ').append(first.keyword());
        if (violations.size() > 1) {
          flag.append(" +").append(violations.size() - 1).append(" more");
        }
      }
      text.append("  ").append(paint(YELLOW, Text.preview(flag.append(']').toString(), previewLength)));
    }
    if (r != null && r.level() != null && r.level().compareTo(RiskLevel.MEDIUM) >= 0) {
      text.append("  ").append(paint(YELLOW, "[risk " + r.level() + (r.categories().isEmpty() ? "" : ": "
          + String.join(",", r.categories().stream().filter(Objects::nonNull).toList())) + (r.redacted() ? ", redacted" : "") + "]"));
    }
  }

  private static String kindColor(SpanKind kind) {
    return switch (kind) {
      case AGENT -> MAGENTA;
      case LLM -> CYAN;
      case TOOL -> YELLOW;
      case RETRIEVAL, EMBEDDING, RERANKER -> BLUE;
      default -> null;
    };
  }

  private String paint(String code, String s) {
    return color && code != null ? code + s + RESET : s;
  }

  private static void indent(StringBuilder text, int depth) {
    for (int i = 0; i < depth; i++) {
      text.append("  ");
    }
  }

  /** Sub-millisecond with two decimals, milliseconds with one, seconds with two. */
  static String duration(long nanos) {
    double ms = nanos / 1e6;
    if (ms < 1) {
      return String.format(Locale.ROOT, "%.2f ms", ms);
    }
    if (ms < 1000) {
      return String.format(Locale.ROOT, "%.1f ms", ms);
    }
    return String.format(Locale.ROOT, "%.2f s", ms / 1000);
  }

  /** Dollars and cents from $1 up; below, three significant digits, since model calls cost fractions of a cent. */
  static String cost(double usd) {
    if (!Double.isFinite(usd)) {
      return "$?";
    }
    if (Math.abs(usd) >= 1) {
      return String.format(Locale.ROOT, "$%.2f", usd);
    }
    if (usd == 0) {
      return "$0";
    }
    return "$" + new BigDecimal(usd).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  private static String key(String id) {
    return id == null ? "" : id;
  }

  /** How many traces the view is tracking now; for tests of the memory bound. */
  synchronized int trackedTraces() {
    return traces.size();
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
    return "ConsoleExporter{color=" + color + ", previewLength=" + previewLength + "}";
  }
}
