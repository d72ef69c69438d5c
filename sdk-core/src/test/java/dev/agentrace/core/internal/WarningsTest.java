package dev.agentrace.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Warnings in this JVM, which has slf4j-simple (printing to standard error). */
class WarningsTest {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void captureStderr() {
    Warnings.reset();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(original);
  }

  private String logged() {
    System.err.flush();
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void usesFallback_withSlf4jProvider_isFalse() {
    assertThat(Warnings.usesFallback()).isFalse();
  }

  @Test
  void once_reasonQuotingBracesWithoutError_isPrintedAsIs() {
    Warnings.once("test-braces", "HTTP 400: body {} was empty", null);
    Warnings.once("test-braces", "HTTP 400: body {} was empty", null);

    assertThat(logged()).contains("HTTP 400: body {} was empty (further occurrences").doesNotContain("body null");
    assertThat(logged().split("HTTP 400", -1)).hasSize(2);
  }

  @Test
  void once_errorWhoseToStringThrows_isContainedAndStillLogged() {
    RuntimeException hostile = new RuntimeException("hidden") {
      private static final long serialVersionUID = 1L;

      @Override
      public String toString() {
        throw new IllegalStateException("boom");
      }
    };

    Warnings.once("test-hostile", "Exporter x failed.", hostile);

    assertThat(logged()).contains("Exporter x failed.").contains("could not be printed: java.lang.IllegalStateException");
  }
}
