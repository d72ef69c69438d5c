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

/** Runs the LangChain4j demo as {@code ./run-demo.sh --langchain4j} does (20 times faster). */
class LangChain4jAgentDemoTest {
  @TempDir Path dir;

  @Test
  void demo_tracesEachMessage_withToolsGuardrailAndRetrieval_inTheConsoleAndTheJsonl() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      LangChain4jAgentDemo.main(new String[] {"--jsonl", dir.resolve("t.jsonl").toString(), "--pace", "0.05"});
    } finally {
      System.setOut(original);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    List<String> jsonl = Files.readAllLines(dir.resolve("t.jsonl")).stream()
        .filter(l -> l.contains("\"event\":\"end\"")).toList();

    assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(SupportAgentDemo.MAX_WIDTH));
    assertThat(lines.stream().filter(l -> l.startsWith("= trace "))).hasSize(3);
    assertThat(lines).anyMatch(l -> l.startsWith("< AGENT handle  OK"))
        .anyMatch(l -> l.contains("< TOOL refund  ERROR: payments service timed out refunding B-2002"))
        .anyMatch(l -> l.contains("< GUARDRAIL NoSecrets  ERROR"))
        .anyMatch(l -> l.contains("< RETRIEVAL retrieve  OK"));
    // 7 spans for two concurrent status lookups, 6 for the failed refund, 3 for the guarded message.
    assertThat(jsonl).hasSize(16);
    assertThat(jsonl).filteredOn(l -> l.contains("\"kind\":\"TOOL\"")).hasSize(3);
    assertThat(jsonl).filteredOn(l -> l.contains("\"kind\":\"LLM\"")).hasSize(4);
  }
}
