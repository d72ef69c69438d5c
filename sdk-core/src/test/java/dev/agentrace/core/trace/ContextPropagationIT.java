package dev.agentrace.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.Sampler;
import dev.agentrace.core.TestSdk;
import org.junit.jupiter.api.Test;

/**
 * The context rules against the packaged multi-release jar (failsafe). On Java 25+ closed scopes must
 * use the ScopedValue binding and write no ThreadLocal; below 25, the ThreadLocal fallback.
 */
class ContextPropagationIT extends ContextPropagationTest {

  @Test
  void binding_matchesRuntimeVersion() {
    String expected = Runtime.version().feature() >= 25 ? "scoped-value" : "thread-local";
    assertThat(ScopedBinding.mode()).isEqualTo(expected);
  }

  @Test
  void closedScope_onJava25_writesNoThreadLocal() {
    boolean scoped = ScopedBinding.mode().equals("scoped-value");
    tracer.span("closed").run(() -> {
      assertThat(tracer.currentSpan().isRecording()).isTrue();
      if (scoped) {
        assertThat(Scopes.currentOpen()).isNull();
      } else {
        assertThat(Scopes.currentOpen()).isSameAs(tracer.currentSpan());
      }
    });
  }

  @Test
  void closedUnsampledScope_onJava25_writesNoThreadLocal() {
    TestSdk off = TestSdk.create(AgentraceSdk.builder().sampler(Sampler.alwaysOff()));
    boolean scoped = ScopedBinding.mode().equals("scoped-value");
    off.tracer().span("closed").run(() -> {
      assertThat(off.tracer().currentSpan().context().isValid()).isTrue();
      assertThat(off.tracer().currentSpan().isRecording()).isFalse();
      assertThat(Scopes.currentOpen() == null).isEqualTo(scoped);
    });
    assertThat(Scopes.currentOpen()).isNull();
    off.sdk.shutdown(TestSdk.WAIT);
  }

  @Test
  void closedScope_insideOpen_openStackUntouchedOnJava25() {
    boolean scoped = ScopedBinding.mode().equals("scoped-value");
    try (Span open = tracer.span("open").start()) {
      tracer.span("closed").run(() -> {
        assertThat(tracer.currentSpan()).isNotSameAs(open);
        assertThat(Scopes.currentOpen()).isSameAs(scoped ? open : tracer.currentSpan());
      });
    }
  }
}
