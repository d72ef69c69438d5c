package dev.agentrace.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Warnings in this JVM, which has slf4j-simple (printing to standard error). */
class WarningsTest {
  @RegisterExtension
  final CapturedStderr stderr = new CapturedStderr();

  @Test
  void usesFallback_withSlf4jProvider_isFalse() {
    assertThat(Warnings.usesFallback()).isFalse();
  }

  @Test
  void once_reasonQuotingBracesWithoutError_isPrintedAsIs() {
    Warnings.once("test-braces", "HTTP 400: body {} was empty", null);
    Warnings.once("test-braces", "HTTP 400: body {} was empty", null);

    assertThat(stderr.text()).contains("HTTP 400: body {} was empty (further occurrences").doesNotContain("body null");
    assertThat(stderr.text().split("HTTP 400", -1)).hasSize(2);
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

    assertThat(stderr.text()).contains("Exporter x failed.").contains("could not be printed: java.lang.IllegalStateException");
  }
}
