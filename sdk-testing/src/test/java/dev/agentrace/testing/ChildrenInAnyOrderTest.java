package dev.agentrace.testing;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A parallel fan-out of tool spans, whose start order the test fixes, asserted with and without order. */
class ChildrenInAnyOrderTest {
  @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.builder().deterministic().build();

  /**
   * The root "answer" fans three tool spans out to a {@code tracer.wrap(..)}-ped pool of three threads;
   * the tools start in {@code startOrder} (each thread waits for the previous one to start its span).
   */
  private Trace fanOut(String... startOrder) throws Exception {
    Tracer tracer = tracing.tracer();
    CountDownLatch[] turns = new CountDownLatch[startOrder.length + 1];
    for (int i = 0; i < turns.length; i++) {
      turns[i] = new CountDownLatch(1);
    }
    ExecutorService pool = tracer.wrap(Executors.newFixedThreadPool(startOrder.length));
    try (Span run = tracer.span("answer").kind(SpanKind.AGENT).start()) {
      List<Future<?>> futures = new ArrayList<>();
      CountDownLatch allStarted = new CountDownLatch(startOrder.length);
      for (int i = 0; i < startOrder.length; i++) {
        int turn = i;
        String tool = startOrder[i];
        futures.add(pool.submit(() -> {
          allStarted.countDown();
          turns[turn].await();
          try (Span s = tracer.span(tool).kind(SpanKind.TOOL).start()) {
            tracing.clock().advanceMillis(1);
            s.ok();
          }
          // The next tool starts only once this one has ended, so every duration on the test clock is exact.
          turns[turn + 1].countDown();
          return null;
        }));
      }
      allStarted.await(5, TimeUnit.SECONDS);       // all three threads are waiting: they run in parallel
      turns[0].countDown();
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.SECONDS);
      }
      run.ok();
    } finally {
      pool.shutdown();
    }
    return tracing.trace();
  }

  @Test
  void hasChildrenInAnyOrder_parallelFanOutInEveryStartOrder_passes() throws Exception {
    Trace t = fanOut("search_docs", "search_web", "search_tickets");
    assertThat(t).hasChildrenInAnyOrder("search_web", "search_tickets", "search_docs")
        .root().hasChildrenInAnyOrder("search_tickets", "search_docs", "search_web");
  }

  @Test
  void hasChildrenInAnyOrder_otherStartOrder_passes() throws Exception {
    Trace t = fanOut("search_tickets", "search_web", "search_docs");
    assertThat(t).hasChildrenInAnyOrder("search_web", "search_tickets", "search_docs")
        .root().hasChildrenInAnyOrder("search_docs", "search_web", "search_tickets");
  }

  @Test
  void hasChildren_fanOutStartedInAnotherOrder_failsSayingOnlyTheOrderDiffers() throws Exception {
    Trace t = fanOut("search_tickets", "search_web", "search_docs");
    assertThatThrownBy(() -> assertThat(t).hasChildren("search_web", "search_tickets", "search_docs"))
        .hasMessageStartingWith("Expected trace 00000000000000000000000000000001 to have root 'answer' with children"
            + " [search_web, search_tickets, search_docs] (in start order) but they are"
            + " [search_tickets, search_web, search_docs]; the same spans in another order"
            + " (hasChildrenInAnyOrder(..) ignores the order)\ntrace:\nanswer (AGENT, OK, 3.0 ms)\n"
            + "  search_tickets (TOOL, OK, 1.0 ms)\n");
    assertThatThrownBy(() -> assertThat(t).root().hasChildren("search_web", "search_tickets", "search_docs"))
        .hasMessageStartingWith("Expected span 'answer' to have children [search_web, search_tickets, search_docs]"
            + " (in start order) but they are [search_tickets, search_web, search_docs]; the same spans in another"
            + " order (hasChildrenInAnyOrder(..) ignores the order)\nspan: answer (AGENT, OK, 3.0 ms)\ntrace:\n");
  }

  @Test
  void hasChildrenInAnyOrder_wrongMissingOrExtraChild_failsNamingThem() throws Exception {
    Trace t = fanOut("search_docs", "search_web", "search_tickets");
    assertThatThrownBy(() -> assertThat(t).hasChildrenInAnyOrder("search_web", "search_docs", "search_kb"))
        .hasMessageStartingWith("Expected trace 00000000000000000000000000000001 to have root 'answer' with children"
            + " [search_web, search_docs, search_kb] (in any order) but they are"
            + " [search_docs, search_web, search_tickets]; missing [search_kb]; unexpected [search_tickets]\ntrace:\n")
        .hasMessageContaining("  search_tickets (TOOL, OK, 1.0 ms)\n");
    assertThatThrownBy(() -> assertThat(t).hasChildrenInAnyOrder("search_web", "search_docs"))
        .hasMessageContaining("(in any order) but they are [search_docs, search_web, search_tickets];"
            + " unexpected [search_tickets]\ntrace:");
    assertThatThrownBy(() -> assertThat(t).hasChildrenInAnyOrder("search_web", "search_docs", "search_tickets", "search_web"))
        .hasMessageContaining("(in any order) but they are [search_docs, search_web, search_tickets];"
            + " missing [search_web]\ntrace:");
    assertThatThrownBy(() -> assertThat(t).root().hasChildrenInAnyOrder("search_web", "search_kb", "search_docs"))
        .hasMessageStartingWith("Expected span 'answer' to have children [search_web, search_kb, search_docs]"
            + " (in any order) but they are [search_docs, search_web, search_tickets]; missing [search_kb];"
            + " unexpected [search_tickets]\nspan: answer (AGENT, OK, 3.0 ms)\ntrace:\n");
  }

  @Test
  void hasChildrenInAnyOrder_spanAssertWithoutTrace_throwsSayingHowToReachIt() throws Exception {
    fanOut("search_docs");
    assertThatThrownBy(() -> assertThat(tracing.span("answer")).hasChildrenInAnyOrder("search_docs"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hasChildrenInAnyOrder(..) needs the span's trace");
  }
}
