package dev.agentrace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.SpanData;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exporter on its own, behind a hand-built SDK, as code without the extension would use it. */
class InMemorySpanExporterTest {
  final InMemorySpanExporter memory = InMemorySpanExporter.create();
  final AgentraceSdk sdk = AgentraceSdk.builder().exporter(memory).shutdownHook(false).build();

  @AfterEach
  void shutdown() {
    sdk.shutdown(Duration.ofSeconds(10));
  }

  @Test
  void spans_afterFlush_holdsEndedSpansInEndOrder() {
    sdk.tracer().span("outer").run(() -> sdk.tracer().span("inner").start().end());
    assertThat(sdk.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(memory.spans()).extracting(SpanData::name).containsExactly("inner", "outer");
    assertThat(memory.spans()).allMatch(SpanData::ended);
  }

  @Test
  void spans_isASnapshot_andResetForgets() {
    sdk.tracer().span("one").start().end();
    sdk.flush(Duration.ofSeconds(10));
    var snapshot = memory.spans();
    assertThatThrownBy(() -> snapshot.clear()).isInstanceOf(UnsupportedOperationException.class);
    memory.reset();
    assertThat(memory.spans()).isEmpty();
    assertThat(snapshot).hasSize(1);
    sdk.tracer().span("two").start().end();
    sdk.flush(Duration.ofSeconds(10));
    assertThat(memory.spans()).extracting(SpanData::name).containsExactly("two");
    assertThat(memory).hasToString("InMemorySpanExporter{1 spans}");
  }
}
