package dev.agentrace.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.data.SpanData;
import org.junit.jupiter.api.Test;

class NeverEndedTest {

  @Test
  void shutdown_openSpan_exportedAsNeverEndedAndCounted() {
    TestSdk t = TestSdk.create();
    t.tracer().span("forgotten").start();
    SdkStats stats = t.sdk.shutdown(TestSdk.WAIT);
    SpanData d = t.exporter.span("forgotten");
    assertThat(d.status()).isEqualTo(SpanStatus.ERROR);
    assertThat(d.statusMessage()).startsWith("never ended");
    assertThat(d.attributes()).containsEntry("agentrace.never_ended", true);
    assertThat(stats.neverEnded()).isEqualTo(1);
    assertThat(stats.spansStarted()).isEqualTo(stats.spansExported());
  }

  @Test
  void deadThread_openSpan_reapedAsNeverEnded() throws Exception {
    TestSdk t = TestSdk.create();
    Thread th = new Thread(() -> t.tracer().span("abandoned").start(), "short-lived");
    th.start();
    th.join();
    for (SdkSpan orphan : Scopes.reapDeadThreads()) {
      orphan.tracing().orphans.endAbandoned(orphan, "its thread ended");
    }
    SpanData d = t.span("abandoned");
    assertThat(d.statusMessage()).contains("its thread ended");
    assertThat(d.threadName()).isEqualTo("short-lived");
    assertThat(t.sdk.stats().neverEnded()).isEqualTo(1);
    t.sdk.shutdown(TestSdk.WAIT);
  }
}
