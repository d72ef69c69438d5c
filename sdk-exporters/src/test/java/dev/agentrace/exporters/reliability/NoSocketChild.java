package dev.agentrace.exporters.reliability;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.exporters.console.ConsoleExporter;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A child JVM for {@link NoSocketReliabilityTest}: traces a few thousand spans through an SDK with no
 * network exporter, then prints how many sockets the process has open ({@code sockets=N}, read from
 * /proc/self/fd) and the SDK's stats.
 *
 * <p>Arguments: {@code none} (no exporter: metrics and risk scanning only) or {@code local <dir>} (JSONL
 * and console exporters).
 */
public final class NoSocketChild {
  private NoSocketChild() {}

  public static void main(String[] args) throws IOException {
    AgentraceSdk.Builder b = AgentraceSdk.builder().agent("offline-agent").shutdownHook(false);
    if (args[0].equals("local")) {
      b.exporter(JsonlExporter.create(Path.of(args[1]).resolve("spans.jsonl")))
          .exporter(ConsoleExporter.builder().target(new PrintStream(OutputStream.nullOutputStream())).build());
    }
    AgentraceSdk sdk = b.build();
    Tracer tracer = sdk.tracer();
    for (int i = 0; i < 5_000; i++) {
      try (Span agent = tracer.span("handle_ticket").kind(SpanKind.AGENT).input("ticket " + i).start()) {
        try (Span llm = tracer.span("chat").kind(SpanKind.LLM).model("gpt-4o")
            .input(Map.of("prompt", "my key is sk-proj-abcdefghijklmnopqrstuvwxyz012345")).start()) {
          llm.usage(100, 20).output("ok");
        }
      }
    }
    sdk.flush(Duration.ofSeconds(10));
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(10));
    System.out.println("sockets=" + sockets());
    System.out.println("started=" + stats.spansStarted() + " exported=" + stats.spansExported()
        + " dropped=" + stats.spansDropped());
  }

  private static long sockets() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException gone) {
          return false; // the fd of the listing itself, closed by now
        }
      }).count();
    }
  }
}
