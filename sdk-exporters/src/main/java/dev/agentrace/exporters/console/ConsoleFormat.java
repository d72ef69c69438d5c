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
import dev.agentrace.exporters.internal.Text;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the conversation view writes its lines: the start line, the end line and the trace summary, with
 * colours, one-line previews, status, usage and flags. {@link ConsoleExporter} decides when a line is
 * written and at what depth. Immutable and thread-safe.
 */
final class ConsoleFormat {
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

  private final boolean color;
  private final int previewLength;
  private final int maxLineWidth;

  ConsoleFormat(ConsoleExporter.ColorMode mode, PrintStream target, int previewLength, int maxLineWidth) {
    this.previewLength = previewLength;
    this.maxLineWidth = maxLineWidth;
    this.color = switch (mode) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> target == System.out && System.getenv("NO_COLOR") == null && isTerminal();
    };
  }

  /**
   * Whether standard output is a terminal. Before Java 22, {@code System.console()} is null unless it is;
   * from 22 on, a console exists even when output is redirected and {@code Console.isTerminal()} (looked up
   * reflectively, since this jar targets 17) tells.
   */
  @SuppressWarnings("SystemConsoleNull") // null before 22, and the 22+ case is handled below
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

  boolean color() {
    return color;
  }

  int previewLength() {
    return previewLength;
  }

  int maxLineWidth() {
    return maxLineWidth;
  }

  /**
   * Cuts the line that starts at {@code from} to {@link #maxLineWidth} visible columns (ANSI codes take
   * none), ending it with "..." and a colour reset, so a terminal does not wrap it. 0 means no limit.
   */
  void fit(StringBuilder text, int from) {
    if (maxLineWidth <= 0) {
      return;
    }
    int visible = 0;
    int cut = -1;
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\u001B') {
        int end = text.indexOf("m", i);
        i = end < 0 ? text.length() : end + 1;
        continue;
      }
      if (visible == maxLineWidth - 3) {
        cut = i;
      }
      visible++;
      i += Character.isHighSurrogate(c) && i + 1 < text.length() ? 2 : 1;
    }
    if (visible > maxLineWidth) {
      text.setLength(cut);
      text.append(color ? "..." + RESET : "...");
    }
  }

  /** The line of a span that started: kind, name, model and input preview. */
  void started(SpanData s, int depth, StringBuilder text) {
    int from = text.length();
    indent(text, depth);
    text.append(paint(DIM, "> "));
    label(s, text);
    if (s.model() != null) {
      text.append(" (").append(Text.preview(s.model(), previewLength)).append(')');
    }
    if (s.input() != null) {
      text.append("  ").append(paint(DIM, "in: " + Text.preview(s.input(), previewLength)));
    }
    fit(text, from);
    text.append(NL);
  }

  /** The line of a span that ended: status, duration, tokens, cost, schema and risk flags, output preview. */
  void ended(SpanData s, int depth, StringBuilder text) {
    int from = text.length();
    indent(text, depth);
    text.append(paint(DIM, "< "));
    label(s, text);
    text.append("  ").append(status(s));
    text.append("  ").append(duration(s.durationNanos()));
    TokenUsage usage = s.usage();
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
    fit(text, from);
    text.append(NL);
  }

  /** The summary line of a trace whose root ended after {@code rootNanos}. */
  void summary(String traceId, ConsoleExporter.TraceState trace, long rootNanos, StringBuilder text) {
    StringBuilder summary = new StringBuilder("= trace ").append(traceId).append(" done: ")
        .append(trace.spans).append(trace.spans == 1 ? " span" : " spans");
    if (trace.anyUsage) {
      summary.append(", ").append(trace.tokens).append(" tokens");
    }
    if (trace.anyCost) {
      summary.append(", ").append(cost(trace.cost));
    }
    summary.append(", ").append(trace.errors).append(trace.errors == 1 ? " error" : " errors");
    summary.append(", ").append(duration(rootNanos));
    int from = text.length();
    text.append(paint(BOLD, summary.toString()));
    fit(text, from);
    text.append(NL);
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
}
