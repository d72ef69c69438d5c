package dev.agentrace.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StackTracesTest {

  @Test
  void render_causeChain_matchesJdkRenderingWhenUnbounded() {
    Exception e = new IllegalStateException("outer", deepException(5, "inner"));

    assertThat(StackTraces.render(e, 10_000)).isEqualTo(jdkStackTrace(e));
  }

  @Test
  void render_frameLimit_showsThatManyFramesAndCountsTheRest() {
    RuntimeException e = deepException(40, "deep");
    int total = e.getStackTrace().length;

    String text = StackTraces.render(e, 3);

    String[] lines = text.split("\n");
    assertThat(lines[0]).isEqualTo("java.lang.RuntimeException: deep");
    assertThat(Arrays.stream(lines).filter(l -> l.startsWith("\tat ")).count()).isEqualTo(3);
    assertThat(lines[1]).isEqualTo("\tat " + e.getStackTrace()[0]);
    assertThat(lines[lines.length - 1]).isEqualTo("\t... " + (total - 3) + " more");
  }

  @Test
  void render_negativeFrameLimit_writesHeadersOnly() {
    RuntimeException e = new RuntimeException("top", new IOException("io"));

    String text = StackTraces.render(e, -1);

    assertThat(text).doesNotContain("\tat ");
    assertThat(text).startsWith("java.lang.RuntimeException: top\n\t... ");
    assertThat(text).contains("\nCaused by: java.io.IOException: io\n\t... ");
  }

  @Test
  void render_causeCycle_terminatesWithCircularReference() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b");
    a.initCause(b);
    b.initCause(a);

    String text = StackTraces.render(a, 2);

    assertThat(text).contains("\nCaused by: java.lang.RuntimeException: b\n");
    assertThat(text).endsWith("\nCaused by: [CIRCULAR REFERENCE: java.lang.RuntimeException: a]");
  }

  @Test
  void render_longCauseChain_boundedNumberOfCauses() {
    Throwable t = new RuntimeException("root");
    for (int i = 0; i < 1_000; i++) {
      t = new RuntimeException("level " + i, t);
    }

    String text = StackTraces.render(t, 1);

    assertThat(text.split("Caused by: ", -1)).hasSize(StackTraces.MAX_CAUSES + 2);
    assertThat(text).endsWith("Caused by: [more causes not shown]");
  }

  @Test
  void render_hugeMessage_headerBounded() {
    RuntimeException e = new RuntimeException("m".repeat(1_000_000));
    int headerLength = e.toString().length();

    String text = StackTraces.render(e, 0);

    assertThat(text.length()).isLessThan(StackTraces.MAX_MESSAGE_CHARS + 100);
    assertThat(text)
        .contains("m... [" + (headerLength - StackTraces.MAX_MESSAGE_CHARS) + " more chars]\n\t... ");
  }

  @Test
  void render_throwableWhoseMethodsAllThrow_stillRenders() {
    String text = StackTraces.render(new EverythingThrows(), 5);

    assertThat(text)
        .isEqualTo(
            EverythingThrows.class.getName()
                + ": [getMessage() threw java.lang.IllegalStateException]");
  }

  @Test
  void render_throwingToStringButWorkingMessage_usesTypeAndMessage() {
    String text = StackTraces.render(new ToStringThrows("still useful"), 0);

    assertThat(text).startsWith(ToStringThrows.class.getName() + ": still useful\n\t... ");
  }

  @Test
  void render_null_rendersNull() {
    assertThat(StackTraces.render(null, 5)).isEqualTo("null");
  }

  @Test
  void describe_throwableWithMessage_writesTypeAndMessage() {
    assertThat(StackTraces.describe(new IllegalStateException("broken"))).isEqualTo("java.lang.IllegalStateException: broken");
  }

  @Test
  void describe_throwableWithoutMessage_writesTypeOnly() {
    assertThat(StackTraces.describe(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void describe_hugeMessage_cutWithCountOfCharactersLeftOut() {
    String text = StackTraces.describe(new RuntimeException("m".repeat(5_000)));

    assertThat(text)
        .isEqualTo("java.lang.RuntimeException: " + "m".repeat(StackTraces.MAX_MESSAGE_CHARS) + "... [3000 more chars]");
  }

  @Test
  void describe_getMessageThrows_namesWhatItThrew() {
    assertThat(StackTraces.describe(new EverythingThrows()))
        .isEqualTo(EverythingThrows.class.getName() + ": [getMessage() threw java.lang.IllegalStateException]");
  }

  @Test
  void describe_null_writesNull() {
    assertThat(StackTraces.describe(null)).isEqualTo("null");
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static String jdkStackTrace(Throwable t) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      t.printStackTrace(out);
    }
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n").stripTrailing();
  }

  private static RuntimeException deepException(int depth, String message) {
    return depth == 0 ? new RuntimeException(message) : deepException(depth - 1, message);
  }

  private static final class ToStringThrows extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ToStringThrows(String message) {
      super(message);
    }

    @Override
    public String toString() {
      throw new IllegalStateException("no toString");
    }
  }

  private static final class EverythingThrows extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new IllegalStateException();
    }

    @Override
    public String toString() {
      throw new IllegalStateException();
    }

    @Override
    public StackTraceElement[] getStackTrace() {
      throw new IllegalStateException();
    }

    @Override
    public synchronized Throwable getCause() {
      throw new IllegalStateException();
    }
  }
}
