package dev.agentrace.langchain4j;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.SpanKind;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.testing.AgentraceExtension;
import dev.agentrace.testing.Trace;
import dev.langchain4j.service.AiServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several AI service calls at once, on a thread pool and on virtual threads; tools run concurrently. */
class ConcurrencyTest {
  private static final int CALLS = 12;

  @RegisterExtension
  static final AgentraceExtension tracing = AgentraceExtension.builder().strictContext().build();

  interface Assistant {
    String answer(String question);
  }

  @Test
  void callsOnAThreadPool_eachAreTheirOwnTree() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      runConcurrently(pool);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void callsOnVirtualThreads_eachAreTheirOwnTree() throws Exception {
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      runConcurrently(virtual);
    }
  }

  /**
   * Every call starts at once (a latch), so their model calls and tools interleave; each trace must still
   * hold exactly its own call: the tool input and the answer name the call's own order.
   */
  private void runConcurrently(ExecutorService executor) throws Exception {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
        .chatModel(new ScriptedChatModel(ScriptedChatModel::orderAgent, lc4j.chatModelListener()))
        .tools(new OrderTools())
        .build();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      String order = "A-" + i;
      answers.add(executor.submit(() -> {
        go.await();
        return assistant.answer("Where is order " + order + "?");
      }));
    }
    go.countDown();
    for (int i = 0; i < CALLS; i++) {
      assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("A-" + i + " shipped");
    }

    tracing.awaitSpans(CALLS * 4, Duration.ofSeconds(10));
    List<Trace> traces = tracing.traces();
    assertThat(traces).hasSize(CALLS);
    Map<String, Trace> byOrder = new ConcurrentHashMap<>();
    for (Trace trace : traces) {
      assertThat(trace).hasRoot("answer").hasSpanCount(4).hasNoErrors();
      assertThat(trace).span("answer").hasKind(SpanKind.AGENT)
          .hasChildren("chat scripted-1", "orderStatus", "chat scripted-1");
      SpanData agent = trace.root();
      String order = agent.input().replaceAll(".*order (A-\\d+).*", "$1");
      assertThat(trace).span("orderStatus").hasInputAt("/orderId", order).hasOutput("\"" + order + " shipped\"");
      assertThat(agent.output()).isEqualTo("\"" + order + " shipped\"");
      byOrder.put(order, trace);
    }
    assertThat(byOrder).hasSize(CALLS);
  }

  @Test
  void toolsExecutedConcurrently_nestUnderTheirAgent_withTheirOwnThreadsAndTimes() {
    AgentraceLangChain4j lc4j = AgentraceLangChain4j.create(tracing.tracer());
    OrderTools tools = new OrderTools();
    ExecutorService toolPool = Executors.newFixedThreadPool(3, named("tool-worker"));
    try {
      Assistant assistant = lc4j.instrument(AiServices.builder(Assistant.class))
          .chatModel(new ScriptedChatModel(ScriptedChatModel::orderAgent, lc4j.chatModelListener()))
          .tools(tools)
          .executeToolsConcurrently(toolPool)
          .build();

      String answer = assistant.answer("Where are orders A-1, A-2 and X-3?");

      assertThat(answer).isEqualTo("A-1 shipped; A-2 shipped; warehouse offline for X-3");
    } finally {
      toolPool.shutdownNow();
    }
    Trace trace = tracing.trace();
    assertThat(trace).hasRoot("answer").hasSpanCount(6);
    List<SpanData> toolSpans = trace.findAll("orderStatus");
    assertThat(toolSpans).hasSize(3);
    SpanData firstModelCall = trace.findAll("chat scripted-1").get(0);
    for (SpanData tool : toolSpans) {
      assertThat(tool).hasParent(trace.root()).hasKind(SpanKind.TOOL);
      assertThat(tool.threadName()).startsWith("tool-worker");
      assertThat(tool.startEpochNanos()).isGreaterThanOrEqualTo(firstModelCall.endEpochNanos());
    }
    assertThat(toolSpans).filteredOn(s -> s.input().contains("X-3")).singleElement()
        .satisfies(s -> assertThat(s).isError().hasErrorMessageContaining("warehouse offline for X-3"));
    assertThat(toolSpans).filteredOn(s -> !s.input().contains("X-3")).allSatisfy(s -> assertThat(s).isOk());
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    Supplier<Integer> next = new java.util.concurrent.atomic.AtomicInteger()::incrementAndGet;
    return r -> new Thread(r, prefix + "-" + next.get());
  }
}
