package dev.agentrace.benchmarks;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.risk.Redaction;
import dev.agentrace.core.risk.RiskProfile;
import dev.agentrace.core.risk.RiskStage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The export worker's risk stage ({@link RiskStage#process}, the default profile and redaction), on the
 * text agents actually send: clean chat, where nothing must be found and every byte is overhead.
 *
 * <ul>
 *   <li>{@code riskScanCleanChat}: one span whose input is a clean 65-message support chat as the SDK
 *       captures it (JSON, {@value #CLEAN_CHAT_BYTES} UTF-8 bytes (15,881): order numbers, dates, times, prices,
 *       tracking numbers, URLs, tool calls with JSON arguments and JSON tool results nested as strings).
 *       Throughput mode with a {@code bytes} counter, so JMH prints the scan rate in bytes/s directly
 *       ({@code riskScanCleanChat:bytes}); the target is ≥ 1 GB/s.
 *   <li>{@code riskStageLlmSpan}: the whole stage on one LLM span: the 5-message request of
 *       {@link SpanBenchmarks#CHAT} in, a 300-character assistant reply out, model and token counts.
 * </ul>
 *
 * <p>The spans are real: recorded through an SDK without exporters (so no export worker runs and the
 * stage under test is the only one that touches them) and handed to the stage as the pipeline does. The stage
 * finds nothing in them, so processing one leaves its text as it was and a span can be processed again.
 * Setup checks that: a payload the scanner flags would measure the detectors, not the clean path.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class RiskBenchmarks {
  /**
   * UTF-8 bytes of the clean chat's JSON text (all ASCII but a few accented names and a euro sign).
   * Checked at setup against the payload as captured.
   */
  public static final int CLEAN_CHAT_BYTES = 15_881;

  /** A 300-character assistant reply (checked at setup). */
  static final String REPLY = "Your order A-1042 left our Leeds warehouse on June 9th and is with the carrier now; "
      + "the tracking page shows it due on Thursday, June 12, between 9:00 and 13:00. I have changed the delivery "
      + "address to 14 Harbour Street as you asked. Is there anything else I can help with, or shall I close the ticket?";

  /** The stage as the SDK builds it by default. */
  @State(Scope.Thread)
  public static class Stage {
    RiskStage stage;
    WorkerSpan cleanChat;
    WorkerSpan llm;

    @Setup(Level.Trial)
    public void record() {
      if (REPLY.length() != 300) {
        throw new IllegalStateException("reply is " + REPLY.length() + " characters, not 300");
      }
      // No exporter and no metrics: the SDK starts no export worker, so an ended span stays unfrozen and
      // the stage under test is the only one that touches it, as RiskStageTest drives it.
      AgentraceSdk sdk = AgentraceSdk.builder().agent("support-bot").metrics(false).shutdownHook(false).build();
      Span conversation = sdk.tracer().span("conversation").kind(SpanKind.LLM).model("gpt-4o").input(cleanChat())
          .start();
      conversation.usage(4_096, 120);
      conversation.end();
      Span plan = sdk.tracer().span("plan").kind(SpanKind.LLM).model("gpt-4o").input(SpanBenchmarks.CHAT).start();
      plan.output(Map.of("role", "assistant", "content", REPLY)).usage(412, 75);
      plan.end();
      sdk.shutdown(Duration.ofSeconds(30));
      // The span is the worker's view of itself (the pipeline hands stages the span object).
      cleanChat = (WorkerSpan) conversation;
      llm = (WorkerSpan) plan;
      stage = new RiskStage(RiskProfile.defaults(), Redaction.defaults());

      int bytes = cleanChat.input().getBytes(StandardCharsets.UTF_8).length;
      if (bytes != CLEAN_CHAT_BYTES) {
        throw new IllegalStateException("clean chat is " + bytes + " bytes; update CLEAN_CHAT_BYTES and its Javadoc");
      }
      for (WorkerSpan w : List.of(cleanChat, llm)) {
        String in = w.input();
        String out = w.output();
        stage.process(w);
        if (w.risk().level() != RiskLevel.NONE || !w.risk().categories().isEmpty() || !in.equals(w.input())
            || (out != null && !out.equals(w.output()))) {
          throw new IllegalStateException("benchmark text is not clean: " + w.risk() + " in " + w.name());
        }
      }
    }
  }

  /** Bytes scanned: JMH reports this counter per second, the scan rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Scanned {
    public long bytes;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public WorkerSpan riskScanCleanChat(Stage s, Scanned scanned) {
    s.stage.process(s.cleanChat);
    scanned.bytes += CLEAN_CHAT_BYTES;
    return s.cleanChat;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public WorkerSpan riskStageLlmSpan(Stage s) {
    s.stage.process(s.llm);
    return s.llm;
  }

  // ---------------------------------------------------------------- the clean chat

  private static final String[] CUSTOMERS = {"Maria", "Tom", "Priya", "José", "Chen", "Amélie", "Oluwaseun", "Hannah"};
  private static final String[] ITEMS = {"a standing desk", "two pairs of running shoes", "the 27-inch monitor",
      "a coffee grinder", "three packs of printer paper", "the winter jacket in size M", "a set of kitchen knives",
      "the noise-cancelling headphones"};
  private static final String[] CITIES = {"Leeds", "Rotterdam", "Lyon", "Austin", "Porto", "Kraków", "Osaka", "Denver"};

  /**
   * A long support conversation (system prompt, then 16 exchanges of user question, assistant tool call,
   * JSON tool result and assistant answer), varied by exchange so no two messages are the same.
   */
  static List<Map<String, Object>> cleanChat() {
    List<Map<String, Object>> messages = new ArrayList<>();
    messages.add(Map.of("role", "system", "content", "You are the support assistant of Acme Home. Be brief and "
        + "friendly, cite the order number in every answer, never promise a refund before the return is scanned, "
        + "and hand over to a person when the customer asks for one. Office hours: Monday to Friday, 8:00-18:00 CET."));
    for (int i = 0; i < 16; i++) {
      String name = CUSTOMERS[i % CUSTOMERS.length];
      String item = ITEMS[(i * 3) % ITEMS.length];
      String city = CITIES[(i * 5) % CITIES.length];
      String order = "A-" + (1042 + i * 37);
      String date = "2025-06-" + (10 + i);
      String price = (19 + i * 13) + "." + (10 + i * 7) % 100;
      String call = "call_" + (i + 1);
      messages.add(Map.of("role", "user", "content", switch (i % 4) {
        case 0 -> "Hi, it's " + name + ". Where is my order #" + order + "? I ordered " + item
            + " on " + date + " and the page still says \"processing\".";
        case 1 -> "Hello! Could you tell me when " + item + " from order " + order + " will reach " + city
            + "? I'm away from Friday at 14:30 until the following Tuesday.";
        case 2 -> "I was charged €" + price + " twice for order " + order + ", can you check? Thanks, " + name + ".";
        default -> "The box for " + order + " arrived damaged (the corner was crushed, see photo 2 of 3). "
            + "Can I return " + item + " or get a replacement before " + date + "?";
      }));
      messages.add(Map.of("role", "assistant", "content", "Let me look that up for you, " + name + ".",
          "tool_calls", List.of(Map.of("id", call, "type", "function", "function", Map.of("name", "lookup_order",
              "arguments", "{\"order\":\"" + order + "\",\"include\":[\"items\",\"shipping\",\"payments\"]}")))));
      messages.add(Map.of("role", "tool", "tool_call_id", call, "content", "{\"order\":\"" + order
          + "\",\"status\":\"" + (i % 3 == 0 ? "in_transit" : i % 3 == 1 ? "delivered" : "processing")
          + "\",\"eta\":\"" + date + "\",\"carrier\":\"DHL Express\",\"tracking\":\"JD01460000" + (3000 + i * 11)
          + "\",\"warehouse\":\"" + city + "\",\"items\":[{\"sku\":\"ACM-" + (200 + i) + "-BLK\",\"qty\":" + (1 + i % 3)
          + ",\"price\":" + price + "}],\"total\":" + price + ",\"currency\":\"EUR\",\"updated_at\":\"" + date
          + "T09:" + (10 + i) + ":00Z\"}"));
      messages.add(Map.of("role", "assistant", "content", switch (i % 3) {
        case 0 -> "Thanks for waiting, " + name + ". Order " + order + " left our " + city + " warehouse and "
            + "is with DHL Express now; it is due on " + date + ". You can follow it at "
            + "https://acme.example/track/" + order + " and I'll keep an eye on it too.";
        case 1 -> "Good news: order " + order + " was delivered on " + date + " at 11:42 and signed for at "
            + "reception. If you can't find it, let me know and I'll open a carrier investigation (it takes 3-5 "
            + "working days).";
        default -> "I can see one payment of €" + price + " for order " + order + "; the second line on your "
            + "statement is a pending authorisation that your bank releases within 7 days. Nothing else to do!";
      }));
    }
    return messages;
  }
}
