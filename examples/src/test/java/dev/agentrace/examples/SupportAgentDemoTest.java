package dev.agentrace.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the demo as ./run-demo.sh does (20 times faster) and reads what a user would see. */
class SupportAgentDemoTest {
  @TempDir Path dir;

  private String run(String... extra) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      String[] args = new String[6 + extra.length];
      args[0] = "--jsonl";
      args[1] = dir.resolve("traces.jsonl").toString();
      args[2] = "--pace";
      args[3] = "0.05";
      args[4] = "--report";
      args[5] = dir.resolve("report.html").toString();
      System.arraycopy(extra, 0, args, 6, extra.length);
      SupportAgentDemo.main(args);
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void demo_printsNoLineWiderThan120_oneTraceDonePerTicket_andAFreshJsonlEachRun() throws Exception {
    String first = run();
    long spansFirst = Files.readAllLines(dir.resolve("traces.jsonl")).size();
    String second = run();
    List<String> lines = second.lines().toList();

    assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(SupportAgentDemo.MAX_WIDTH));
    assertThat(lines.stream().filter(l -> l.startsWith("= trace "))).hasSize(3);
    assertThat(Files.readAllLines(dir.resolve("traces.jsonl"))).hasSize((int) spansFirst);
    assertThat(first).contains("JSONL (fresh file");

    run("--append");
    assertThat(Files.readAllLines(dir.resolve("traces.jsonl"))).hasSize((int) (2 * spansFirst));
  }

  @Test
  void demo_tableShowsRiskAndQuality_andDriftFlagsTheWebSearchErrorRateRise() throws Exception {
    String out = run();

    String header = out.lines().filter(l -> l.startsWith("type ")).findFirst().orElseThrow();
    assertThat(header).contains("risk", "quality");
    assertThat(out.lines().filter(l -> l.startsWith("agent "))).singleElement().asString().contains("helpful=");
    assertThat(out.lines().filter(l -> l.contains("web_search") && l.contains("error rate"))).singleElement()
        .asString().contains("16.7 % → 66.7 %").contains("FLAGGED");
    assertThat(out).doesNotContain("100.0 % → 100.0 %");
  }

  @Test
  void demo_printsTheLiveViewUrl_writesTheReport_andDoesNotWaitWithoutATerminal() throws Exception {
    String out = run();

    assertThat(out.lines().filter(l -> l.startsWith("Agentrace live view: http://127.0.0.1:"))).singleElement()
        .asString().contains("/?token=");
    assertThat(out).contains("HTML report (opens offline): " + dir.resolve("report.html").toAbsolutePath())
        .doesNotContain("Press Enter");
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("\"version\":\"1.5.0\"", "\"name\":\"handle_ticket\"")
        .doesNotContainPattern("(?i)<(script|link|img)[^>]+(src|href)=");
  }
}
