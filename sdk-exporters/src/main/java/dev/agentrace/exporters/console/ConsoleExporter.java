package dev.agentrace.exporters.console;

import dev.agentrace.core.export.SpanExporter;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The conversation view: prints an agent run as it unfolds, for a human watching the agent think. Each
 * span is printed when it starts (kind, name, model, input preview) and again when it ends (status,
 * duration, tokens, cost, schema and risk flags, output preview), indented by its depth in the trace;
 * when a trace's root span ends, one summary line gives its span count, tokens, cost, errors and
 * duration.
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
 * {@link Builder#previewLength}. The view reads no clock: every time it prints comes from the spans.
 * Depth is tracked per trace and forgotten when the trace's root ends; at most {@code 1000} traces are
 * tracked at once (the least recently active is forgotten first), so memory stays bounded even when
 * roots never end.
 *
 * <p>Thread-safe; output of one batch is printed with one call, so concurrent writers to the same
 * stream do not split a batch's lines.
 */
public interface ConsoleExporter extends SpanExporter {

  /** A view printing to {@code System.out}, colour on a terminal only, previews of 100 characters. */
  static ConsoleExporter create() {
    return builder().build();
  }

  /** A builder with the defaults of {@link #create()}. */
  static Builder builder() {
    return new Builder();
  }

  /** When to use ANSI colour. */
  enum ColorMode {
    /** Only when printing to {@code System.out} on a terminal and {@code NO_COLOR} is not set. */
    AUTO,
    /** Always (for terminals the detection misses, or for tests of colour). */
    ON,
    /** Never. */
    OFF
  }

  /** Configures a {@link ConsoleExporter}. Not thread-safe; bad values throw {@link IllegalArgumentException}. */
  final class Builder {
    PrintStream target = System.out;
    ColorMode color = ColorMode.AUTO;
    int previewLength = 100;

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

    /** Builds the view. */
    public ConsoleExporter build() {
      return new ConversationView(this);
    }
  }
}
