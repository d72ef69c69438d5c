package dev.agentrace.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.testing.AgentraceExtension;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The integration never installs a global OpenTelemetry (GlobalOpenTelemetry.isSet() needs 1.48+). */
class GlobalOpenTelemetryTest {
  final InMemorySpanExporter exported = InMemorySpanExporter.create();

  @RegisterExtension
  final AgentraceExtension agentrace = AgentraceExtension.builder()
      .configure(b -> b.contextBridge(AgentraceOpenTelemetry.contextBridge()))
      .exporter(() -> AgentraceOpenTelemetry.exporter(exported))
      .build();

  @Test
  void bridgeAndExporter_used_neverSetGlobalOpenTelemetry() {
    agentrace.tracer().span("step").run(() -> {
      try (Span inner = agentrace.tracer().span("inner").start()) {
        assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId())
            .isEqualTo(inner.context().spanId());
      }
    });
    assertThat(agentrace.sdk().flush(Duration.ofSeconds(10))).isTrue();
    assertThat(exported.getFinishedSpanItems()).hasSize(2);
    assertThat(GlobalOpenTelemetry.isSet()).isFalse();
  }
}
