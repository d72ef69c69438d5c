package dev.agentrace.exporters.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.export.DropReason;
import dev.agentrace.core.internal.Warnings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A mistyped endpoint must show its cause at the first failure, not after the retry budget or as a bare
 * shutdown_timeout count: a closed loopback port is retried for a long budget while the log is read.
 */
class OtlpFailureVisibilityTest {
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

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void export_connectionRefused_logsCauseAtFirstFailureAndShutdownSaysWhy() throws Exception {
    int port = closedPort();
    OtlpHttpExporter exporter = OtlpHttpExporter.builder()
        .endpoint("http://user:secret-password@127.0.0.1:" + port + "/v1/traces")
        .maxRetryTime(Duration.ofSeconds(30)).initialBackoff(Duration.ofMillis(200)).build();
    AgentraceSdk sdk = AgentraceSdk.builder().agent("support-bot").shutdownHook(false).metrics(false)
        .batchDelay(Duration.ofMillis(10)).exporter(exporter).build();
    sdk.tracer().span("step").start().end();

    // Long before the 30 s budget is spent, the cause is in the log: the exception and the endpoint.
    assertThat(sdk.flush(Duration.ofSeconds(2))).isFalse();
    String early = logged();
    assertThat(early).contains("OTLP export failed, retrying for up to 30000 ms")
        .contains("java.net.ConnectException")
        .contains("http://127.0.0.1:" + port + "/v1/traces")
        .doesNotContain("secret-password");

    SdkStats stats = sdk.shutdown(Duration.ofMillis(300));

    assertThat(stats.dropped(DropReason.SHUTDOWN_TIMEOUT)).isEqualTo(1);
    assertThat(stats.spansDropped()).isEqualTo(1);
    String all = logged();
    assertThat(all).contains("did not finish within the shutdown timeout (it has been inside one export call for")
        .contains("retrying a failing endpoint");
    // One line for the first failure of its kind, however many retries follow.
    assertThat(all.split("OTLP export failed, retrying", -1)).hasSize(2);
  }
}
