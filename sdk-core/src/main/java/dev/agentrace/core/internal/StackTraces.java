package dev.agentrace.core.internal;

import dev.agentrace.api.internal.Fatal;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Renders throwables as bounded text: a stack trace for a span's {@code exception} event ({@link
 * #render}) and a one-line description for placeholders ({@link #describe}). Internal: not API, may
 * change without notice.
 *
 * <p>A throwable's methods are user code and may throw, return null or recurse; nothing here throws
 * because of that (only {@link VirtualMachineError}s other than {@link StackOverflowError} are
 * rethrown, see {@link Fatal}). The output is bounded whatever the throwable holds.
 *
 * <p>Stateless and thread-safe.
 */
public final class StackTraces {

  /** Longest message text kept by {@link #describe} and per throwable by {@link #render}. */
  static final int MAX_MESSAGE_CHARS = 2000;

  /** Most causes {@link #render} follows below the throwable it was given. */
  static final int MAX_CAUSES = 32;

  private StackTraces() {}

  /**
   * Renders {@code t} like {@link Throwable#printStackTrace()}, bounded: a header line ({@code
   * toString()}, normally {@code "type: message"}), then at most {@code maxFrames} lines {@code
   * "\tat frame"} and {@code "\t... N more"} for the frames left out, then the same for each cause
   * after {@code "Caused by: "}. Frames a cause shares with the trace it caused are counted in
   * {@code "... N more"} before {@code maxFrames} applies, as the JDK does.
   *
   * <p>Bounds: at most {@value #MAX_CAUSES} causes are followed; each header keeps at most {@value
   * #MAX_MESSAGE_CHARS} characters of message text. A cause already shown is written as {@code
   * "Caused by: [CIRCULAR REFERENCE: header]"} and ends the chain. Suppressed exceptions are not
   * included. Lines are separated by {@code '\n'}, with no trailing newline.
   *
   * <p>Never throws (except {@link VirtualMachineError}s other than {@link StackOverflowError}), even
   * if the throwable's {@code toString()}, {@code getMessage()}, {@code getStackTrace()} or {@code
   * getCause()} throw. A {@code null} throwable renders as {@code "null"}; a negative {@code
   * maxFrames} counts as zero.
   */
  public static String render(Throwable t, int maxFrames) {
    if (t == null) {
      return "null";
    }
    int frameLimit = Math.max(maxFrames, 0);
    StringBuilder out = new StringBuilder(128 + 64 * Math.min(frameLimit, 64));
    try {
      Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      StackTraceElement[] enclosing = new StackTraceElement[0];
      Throwable current = t;
      for (int causes = 0; current != null; causes++) {
        if (causes > 0) {
          out.append("\nCaused by: ");
        }
        if (!seen.add(current)) {
          out.append("[CIRCULAR REFERENCE: ").append(header(current)).append(']');
          break;
        }
        if (causes > MAX_CAUSES) {
          out.append("[more causes not shown]");
          break;
        }
        out.append(header(current));
        StackTraceElement[] trace = frames(current);
        int unique = trace.length - framesInCommon(trace, enclosing);
        int shown = Math.min(unique, frameLimit);
        for (int i = 0; i < shown; i++) {
          out.append("\n\tat ").append(trace[i]);
        }
        if (trace.length > shown) {
          out.append("\n\t... ").append(trace.length - shown).append(" more");
        }
        enclosing = trace;
        current = cause(current);
      }
      return out.toString();
    } catch (Throwable failure) {
      // Keep what was rendered; the builder itself is always in a consistent state.
      Fatal.rethrowIfFatal(failure);
      return out.append("\n[rendering failed: ").append(failure.getClass().getName()).append(']')
          .toString();
    }
  }

  private static String header(Throwable t) {
    String text;
    try {
      text = t.toString();
    } catch (Throwable failure) {
      Fatal.rethrowIfFatal(failure);
      text = null;
    }
    if (text == null) {
      text = describe(t);
    }
    return text.length() > MAX_MESSAGE_CHARS ? cut(text) : text;
  }

  private static StackTraceElement[] frames(Throwable t) {
    try {
      StackTraceElement[] trace = t.getStackTrace();
      return trace != null ? trace : new StackTraceElement[0];
    } catch (Throwable failure) {
      Fatal.rethrowIfFatal(failure);
      return new StackTraceElement[0];
    }
  }

  private static Throwable cause(Throwable t) {
    try {
      return t.getCause();
    } catch (Throwable failure) {
      Fatal.rethrowIfFatal(failure);
      return null;
    }
  }

  private static int framesInCommon(StackTraceElement[] trace, StackTraceElement[] enclosing) {
    int i = trace.length - 1;
    int j = enclosing.length - 1;
    int common = 0;
    while (i >= 0 && j >= 0 && trace[i] != null && trace[i].equals(enclosing[j])) {
      common++;
      i--;
      j--;
    }
    return common;
  }

  /** {@code "Type: message"} (or {@code "Type"}), with the message cut; never throws. */
  static String describe(Throwable t) {
    if (t == null) {
      return "null";
    }
    String type = t.getClass().getName();
    String message;
    try {
      message = t.getMessage();
    } catch (Throwable failure) {
      Fatal.rethrowIfFatal(failure);
      return type + ": [getMessage() threw " + failure.getClass().getName() + "]";
    }
    if (message == null) {
      return type;
    }
    return type + ": " + (message.length() > MAX_MESSAGE_CHARS ? cut(message) : message);
  }

  private static String cut(String text) {
    return text.substring(0, MAX_MESSAGE_CHARS) + "... [" + (text.length() - MAX_MESSAGE_CHARS)
        + " more chars]";
  }
}
