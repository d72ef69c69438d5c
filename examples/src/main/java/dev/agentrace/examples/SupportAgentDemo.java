package dev.agentrace.examples;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.core.metrics.DriftReport;
import dev.agentrace.core.metrics.MetricsSnapshot;
import dev.agentrace.exporters.console.ConsoleExporter;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import dev.agentrace.exporters.web.HtmlReport;
import dev.agentrace.exporters.web.LiveView;
import dev.agentrace.schema.ActivitySchema;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo: a simulated support agent (scripted model and tools, no network) handles three tickets
 * while Agentrace traces every step. The console shows each run unfolding live; every span is also
 * written to {@code agentrace-traces.jsonl} (a fresh file each run, unless {@code --append}), and with
 * {@code --otlp <url>} sent to an OTLP endpoint. A live web view serves the runs on loopback while the demo
 * runs (its URL is printed first; on a terminal the demo keeps serving until Enter is pressed), and
 * {@code agentrace-report.html} (or {@code --report <path>}) gets the same page as one offline file at the end.
 *
 * <p>Live: the scripted model and tools take realistic time (hundreds of milliseconds a step), and the
 * demo's SDK exports every {@value #LIVE_BATCH_DELAY_MILLIS} ms instead of the default 200 ms, so each
 * line appears as its step starts or ends rather than a whole ticket at once. {@code --pace <factor>}
 * scales every simulated latency (tests run at 0.05).
 */
public final class SupportAgentDemo {
  /** Short enough that a 100 ms step is seen starting before it ends; a service keeps the 200 ms default. */
  static final long LIVE_BATCH_DELAY_MILLIS = 20;
  /** No line the demo prints is wider than this, so an ordinary terminal does not wrap it. */
  static final int MAX_WIDTH = 120;

  private SupportAgentDemo() {}

  /**
   * Runs the demo; {@code --otlp <url>} adds an OTLP/HTTP exporter, {@code --jsonl <path>} moves the file,
   * {@code --append} keeps earlier runs in it, {@code --pace <factor>} scales the simulated latencies,
   * {@code --report <path>} moves the HTML report.
   */
  public static void main(String[] args) throws Exception {
    String otlp = null;
    Path jsonl = Path.of("agentrace-traces.jsonl");
    boolean append = false;
    double pace = 1;
    Path report = Path.of("agentrace-report.html");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--otlp" -> otlp = value(args, ++i, "--otlp");
        case "--jsonl" -> jsonl = Path.of(value(args, ++i, "--jsonl"));
        case "--append" -> append = true;
        case "--pace" -> pace = Double.parseDouble(value(args, ++i, "--pace"));
        case "--report" -> report = Path.of(value(args, ++i, "--report"));
        default -> throw new IllegalArgumentException("unknown option '" + args[i]
            + "'; use --otlp <url>, --jsonl <path>, --append, --pace <factor> or --report <path>");
      }
    }
    // One live view and one report for the demo's three SDKs (the live run and the two replays).
    LiveView live = LiveView.start();
    List<SpanData> ended = Collections.synchronizedList(new ArrayList<>());
    AgentraceSdk.Builder builder = AgentraceSdk.builder()
        .agent("support-bot").version("1.4.2").environment("demo")
        .batchDelay(Duration.ofMillis(LIVE_BATCH_DELAY_MILLIS))
        .activitySchema(ActivitySchema.fromResource("support-bot.schema.json"))
        .exporter(ConsoleExporter.builder().previewLength(60).maxLineWidth(MAX_WIDTH).build())
        .exporter(JsonlExporter.builder(jsonl).append(append).build())
        .exporter(outliving(live))
        .exporter(collecting(ended));
    if (otlp != null) {
      builder.exporter(OtlpHttpExporter.builder().endpoint(otlp).build());
    }
    AgentraceSdk sdk = builder.build().installAsGlobal();

    List<SupportAgent.Ticket> tickets = List.of(
        new SupportAgent.Ticket("T-1", "cust-42", "I want a refund for order A-1001", "A-1001"),
        new SupportAgent.Ticket("T-2", "cust-7", "Your service was down this morning, what happened?", null),
        new SupportAgent.Ticket("T-3", "cust-42", "How do I change my password? I sign in as jane.doe@example.com", null));

    System.out.println("support-bot 1.4.2 handles " + tickets.size() + " tickets; each step is printed as it starts (>) and ends (<).");
    System.out.println();
    SupportAgent agent = new SupportAgent(sdk.tracer(), new FakeModel("gpt-4o-mini", 1, pace),
        new FakeTools(300, 1, pace), pace);
    try (ExecutorService platformPool = sdk.tracer().wrap(Executors.newFixedThreadPool(3));
         ExecutorService virtualThreads = sdk.tracer().wrap(Executors.newVirtualThreadPerTaskExecutor())) {
      for (int i = 0; i < tickets.size(); i++) {
        // Alternate the tool fan-out between a platform pool and virtual threads: both carry the span.
        agent.handle(tickets.get(i), i % 2 == 0 ? platformPool : virtualThreads);
        sdk.flush(Duration.ofSeconds(5));
      }
    }

    printSummary(sdk.shutdown(Duration.ofSeconds(5)), append, jsonl);

    // Drift: the same agent, two versions, each handling a batch of tickets. 1.5.0 ships a new search
    // client: slower, and its status-page requests time out 4 times in 6 instead of 1 in 6, so more
    // answers are hedged and the judge's "helpful" score drops.
    System.out.println();
    System.out.println("Replaying " + 6 * tickets.size() + " tickets, 20x faster, on support-bot 1.4.2 and on 1.5.0,");
    System.out.println("whose new web_search client is slower and times out 4 times in 6 (1.4.2: 1 in 6)...");
    MetricsSnapshot baseline = replay("1.4.2", 300, 1, tickets, pace / 20, live, ended);
    MetricsSnapshot candidate = replay("1.5.0", 1200, 4, tickets, pace / 20, live, ended);
    System.out.println();
    System.out.println(baseline.table());
    System.out.println(DriftReport.compare(baseline, candidate).table());

    HtmlReport.write(ended, report);
    System.out.println("HTML report (opens offline): " + report.toAbsolutePath());
    if (onTerminal()) {
      // Only on a terminal: piped or scripted runs (CI, tests) must never wait for a key.
      System.out.println("The live view keeps serving at " + live.url());
      System.out.println("Press Enter to stop.");
      new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())).readLine();
    }
    live.shutdown();
  }

  /**
   * Whether stdin and stdout are a terminal. Before Java 22 that is {@code System.console() != null}; from 22 on
   * a console exists even when the streams are redirected, and {@code Console.isTerminal()} (not in the Java 17
   * API this module compiles against, hence the reflection) tells.
   */
  @SuppressWarnings("SystemConsoleNull") // the null check is the Java 17-21 answer; isTerminal() covers 22+
  static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * The live view for one of the demo's SDKs: each SDK shuts its exporters down when it ends, but the page
   * must keep serving across all three, so this view's shutdown is left to the demo.
   */
  private static SpanExporter outliving(LiveView live) {
    return new SpanExporter() {
      @Override
      public ExportResult export(List<SpanData> batch) {
        return live.export(batch);
      }

      @Override
      public boolean exportsStarts() {
        return true;
      }
    };
  }

  /** Keeps every ended span, for the HTML report written at the end. */
  private static SpanExporter collecting(List<SpanData> into) {
    return batch -> {
      into.addAll(batch);
      return ExportResult.success();
    };
  }

  /** Runs {@code tickets} six times through a quiet SDK of {@code version} and returns its percentiles. */
  private static MetricsSnapshot replay(String version, long webSearchMillis, int webSearchFailuresInSix,
      List<SupportAgent.Ticket> tickets, double pace, LiveView live, List<SpanData> ended) {
    AgentraceSdk sdk = AgentraceSdk.builder().agent("support-bot").version(version).environment("demo")
        .exporter(outliving(live)).exporter(collecting(ended)).build();
    SupportAgent agent = new SupportAgent(sdk.tracer(), new FakeModel("gpt-4o-mini", 0, pace),
        new FakeTools(webSearchMillis, webSearchFailuresInSix, pace), pace);
    try (ExecutorService pool = sdk.tracer().wrap(Executors.newFixedThreadPool(3))) {
      for (int round = 0; round < 6; round++) {
        for (SupportAgent.Ticket ticket : tickets) {
          agent.handle(ticket, pool);
        }
      }
    }
    sdk.flush(Duration.ofSeconds(5));
    MetricsSnapshot snapshot = sdk.metrics().snapshot();
    sdk.shutdown(Duration.ofSeconds(5));
    return snapshot;
  }

  /** The demos' closing lines: what the SDK counted, and where the JSONL file is. */
  static void printSummary(SdkStats stats, boolean append, Path jsonl) {
    System.out.println();
    System.out.println("spans started " + stats.spansStarted() + ", exported " + stats.spansExported()
        + ", dropped " + stats.spansDropped());
    System.out.println((append ? "JSONL appended to " : "JSONL (fresh file; --append keeps earlier runs) ")
        + jsonl.toAbsolutePath());
  }

  /** The value after option {@code args[i - 1]}; both demos read their options with it. */
  static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
