package dev.agentrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Agentrace;
import dev.agentrace.api.Tracer;
import org.junit.jupiter.api.Test;

class GlobalInstallTest {
  private static final Tracer CAPTURED_EARLY = Agentrace.tracer();

  @Test
  void installAsGlobal_tracerCapturedBeforeInstall_recordsUntilShutdown() {
    TestSdk t = TestSdk.create();
    t.sdk.installAsGlobal();
    CAPTURED_EARLY.span("via-global").start().end();
    assertThat(t.span("via-global").agent()).isEqualTo("test-agent");

    t.sdk.shutdown(TestSdk.WAIT);
    assertThat(CAPTURED_EARLY.span("after").start().isRecording()).isFalse();
  }
}
