package dev.agentrace.exporters.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.export.DropReason;
import dev.agentrace.core.internal.CapturedStderr;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mistyped endpoint must show its cause at the first failure, not after the retry budget or as a bare
 * shutdown_timeout count: a closed loopback port is retried for a long budget while the log is read.
 */
class OtlpFailureVisibilityTest {
  @RegisterExtension
  final CapturedStderr stderr = new CapturedStderr();

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
    String early = stderr.text();
    assertThat(early).contains("OTLP export failed, retrying for up to 30000 ms")
        .contains("java.net.ConnectException")
        .contains("http://127.0.0.1:" + port + "/v1/traces")
        .doesNotContain("secret-password");

    SdkStats stats = sdk.shutdown(Duration.ofMillis(300));

    assertThat(stats.dropped(DropReason.SHUTDOWN_TIMEOUT)).isEqualTo(1);
    assertThat(stats.spansDropped()).isEqualTo(1);
    String all = stderr.text();
    assertThat(all).contains("did not finish within the shutdown timeout (it has been inside one export call for")
        .contains("retrying a failing endpoint");
    // One line for the first failure of its kind, however many retries follow.
    assertThat(all.split("OTLP export failed, retrying", -1)).hasSize(2);
  }
}
