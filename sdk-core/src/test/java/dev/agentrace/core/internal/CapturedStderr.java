package dev.agentrace.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures standard error for each test (where slf4j-simple and the System.Logger fallback print the SDK's
 * warnings) and re-arms the once-per-kind warnings, so a test sees the warnings its own code causes.
 * Register with {@code @RegisterExtension final CapturedStderr stderr = new CapturedStderr();}.
 */
public final class CapturedStderr implements BeforeEachCallback, AfterEachCallback {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream original;

  @Override
  public void beforeEach(ExtensionContext context) {
    Warnings.reset();
    original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.setErr(original);
  }

  /** What was printed to standard error during this test so far. */
  public String text() {
    System.err.flush();
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }
}
