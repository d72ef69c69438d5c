package dev.agentrace.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.internal.CapturedStderr;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An exporter's failures are logged with their cause, one line per kind, and shutdown says why spans went. */
class ExportFailureVisibilityTest {
  @RegisterExtension
  final CapturedStderr stderr = new CapturedStderr();

  /** Fails with a timeout, then twice with a 404, then hangs until released. */
  private static final class FailingExporter implements SpanExporter {
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public ExportResult export(List<SpanData> batch) {
      switch (calls.incrementAndGet()) {
        case 1:
          return ExportResult.failure("sending failed: read timed out", new SocketTimeoutException("read timed out"));
        case 2:
        case 3:
          return ExportResult.failure("HTTP 404 from http://collector:4318/v1/trace: not found (not retried)");
        default:
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return ExportResult.success();
      }
    }
  }

  private static AgentraceSdk sdk(SpanExporter exporter) {
    return AgentraceSdk.builder().agent("support-bot").shutdownHook(false).metrics(false)
        .batchDelay(Duration.ofMillis(5)).exporter(exporter).build();
  }

  @Test
  void exportFailure_eachKind_isLoggedOnceWithItsCause() {
    FailingExporter exporter = new FailingExporter();
    AgentraceSdk sdk = sdk(exporter);
    for (int i = 0; i < 3; i++) {
      sdk.tracer().span("step").start().end();
      assertThat(sdk.flush(Duration.ofSeconds(5))).isTrue();
    }
    exporter.release.countDown();
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(5));

    assertThat(stats.dropped(DropReason.EXPORT_FAILED)).isEqualTo(3);
    String log = stderr.text();
    assertThat(log).contains("failed: sending failed: read timed out").contains("java.net.SocketTimeoutException");
    // The 404 after a timeout is a different mistake and is logged too, but once.
    assertThat(log.split("failed: HTTP 404 from http://collector:4318/v1/trace", -1)).hasSize(2);
  }

  @Test
  void shutdown_exporterStuckAfterFailure_warningNamesTheLastFailure() {
    FailingExporter exporter = new FailingExporter();
    exporter.calls.set(1); // starts with the 404
    AgentraceSdk sdk = sdk(exporter);
    sdk.tracer().span("first").start().end();
    assertThat(sdk.flush(Duration.ofSeconds(5))).isTrue(); // the 404
    sdk.tracer().span("second").start().end();
    assertThat(sdk.flush(Duration.ofSeconds(5))).isTrue(); // the 404 again
    sdk.tracer().span("third").start().end();
    assertThat(sdk.flush(Duration.ofMillis(300))).isFalse(); // the exporter hangs

    SdkStats stats = sdk.shutdown(Duration.ofMillis(200));
    exporter.release.countDown();

    assertThat(stats.dropped(DropReason.EXPORT_FAILED)).isEqualTo(2);
    assertThat(stats.dropped(DropReason.SHUTDOWN_TIMEOUT)).isEqualTo(1);
    assertThat(stderr.text()).contains("did not finish within the shutdown timeout (it has been inside one export call for")
        .contains("its last export failed: HTTP 404 from http://collector:4318/v1/trace");
  }
}
