package dev.agentrace.exporters.jsonl;

import static dev.agentrace.exporters.TestSdk.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.FakeSpan;
import dev.agentrace.exporters.JsonTree;
import dev.agentrace.exporters.SpanExporterContractTest;
import dev.agentrace.exporters.TestSdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSONL exporter, read back from disk line by line. */
class JsonlExporterTest extends SpanExporterContractTest {
  @TempDir
  Path dir;

  @Override
  protected SpanExporter newExporter() {
    return JsonlExporter.create(dir.resolve("contract.jsonl"));
  }

  private static List<Map<String, Object>> records(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(JsonTree.object(line));
    }
    return out;
  }

  @Test
  void export_realRun_writesStartAndEndRecordsInOrder() throws IOException {
    Path file = dir.resolve("logs/agentrace-traces.jsonl");
    try (TestSdk t = TestSdk.with(JsonlExporter.create(file))) {
      try (Span run = t.tracer().span("handle_ticket").kind(SpanKind.AGENT).session("sess-42").user("user-7")
          .input("Where is my order?").start()) {
        t.advanceMillis(5);
        try (Span llm = t.tracer().span("plan").kind(SpanKind.LLM).model("gpt-4o").input("messages")
            .attribute("temperature", 0.2).start()) {
          t.advanceMillis(800);
          llm.event("first_token", Map.of("index", 3L));
          llm.output("call lookup_order").usage(120, 45, 30, 10).cost(0.0012).score("relevance", 0.9).ok();
        }
        t.advanceMillis(10);
        run.output("It ships today").ok();
      }
      t.flush();
    }
    List<Map<String, Object>> records = records(file);
    assertThat(records).extracting(r -> r.get("event") + " " + r.get("name"))
        .containsExactly("start handle_ticket", "start plan", "end plan", "end handle_ticket");

    Map<String, Object> startRoot = records.get(0);
    assertThat(startRoot).contains(
        entry("trace_id", "00000000000000000000000000000001"),
        entry("span_id", "0000000000000001"),
        entry("kind", "AGENT"),
        entry("type", "agent"),
        entry("agent", "support-bot"),
        entry("version", "1.4.2"),
        entry("environment", "staging"),
        entry("session_id", "sess-42"),
        entry("user_id", "user-7"),
        entry("start_time_unix_nano", T0),
        entry("start_time", "2023-11-14T22:13:20Z"),
        entry("input", "Where is my order?"));
    assertThat(startRoot).doesNotContainKeys("parent_span_id", "end_time_unix_nano", "status", "output", "conformance");

    Map<String, Object> endLlm = records.get(2);
    assertThat(endLlm).contains(
        entry("parent_span_id", "0000000000000001"),
        entry("model", "gpt-4o"),
        entry("start_time_unix_nano", T0 + 5_000_000L),
        entry("end_time_unix_nano", T0 + 805_000_000L),
        entry("end_time", "2023-11-14T22:13:20.805Z"),
        entry("duration_nanos", 800_000_000L),
        entry("duration_ms", 800.0),
        entry("status", "OK"),
        entry("output", "call lookup_order"),
        entry("attributes", Map.of("temperature", 0.2)),
        entry("usage", Map.of("input_tokens", 120L, "output_tokens", 45L, "cached_input_tokens", 30L,
            "reasoning_tokens", 10L, "total_tokens", 165L)),
        entry("cost_usd", 0.0012),
        entry("scores", Map.of("relevance", 0.9)),
        entry("conformance", Map.of("status", "NOT_CHECKED", "reason", "no activity schema")),
        entry("risk", Map.of("level", "NONE", "score", 0L, "categories", List.of(), "redacted", false)),
        entry("thread", Thread.currentThread().getName()));
    assertThat(endLlm.get("events")).isEqualTo(List.of(Map.of("name", "first_token",
        "time_unix_nano", T0 + 805_000_000L, "time", "2023-11-14T22:13:20.805Z", "attributes", Map.of("index", 3L))));
  }

  @Test
  void export_jsonPayloads_areEmbeddedAsJsonAndInvalidOnesAsStrings() throws IOException {
    Path file = dir.resolve("payloads.jsonl");
    FakeSpan s = FakeSpan.valid("search", SpanKind.TOOL);
    s.input = "{\n  \"query\": \"refund policy\",\n  \"k\": 3\n}";
    s.output = "{\"hits\": [\"a\", \"b\"]";
    assertThat(JsonlExporter.create(file).export(List.of(s)).isSuccess()).isTrue();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1);
    Map<String, Object> record = JsonTree.object(lines.get(0));
    assertThat(record.get("input")).isEqualTo(Map.of("query", "refund policy", "k", 3L));
    assertThat(record.get("output")).isEqualTo("{\"hits\": [\"a\", \"b\"]");
  }

  @Test
  void export_conformanceAndRisk_areWrittenInFull() throws IOException {
    Path file = dir.resolve("flags.jsonl");
    FakeSpan s = FakeSpan.valid("web_search", SpanKind.TOOL);
    s.conformance = Conformance.violates(List.of(new Violation("input", "/query", "required", "query is required")));
    s.risk = new RiskResult(RiskLevel.HIGH, 80, List.of("email"), true);
    s.usage = new TokenUsage(1, 2, 0, 0);
    JsonlExporter.create(file).export(List.of(s));
    Map<String, Object> record = records(file).get(0);
    assertThat(record.get("conformance")).isEqualTo(Map.of("status", "VIOLATES", "violations",
        List.of(Map.of("part", "input", "path", "/query", "keyword", "required", "message", "query is required"))));
    assertThat(record.get("risk")).isEqualTo(Map.of("level", "HIGH", "score", 80L, "categories", List.of("email"), "redacted", true));
  }

  @Test
  void includeStarts_false_writesOnlyEndsAndAsksForNoStarts() throws IOException {
    Path file = dir.resolve("ends.jsonl");
    JsonlExporter exporter = JsonlExporter.builder(file).includeStarts(false).build();
    assertThat(exporter.exportsStarts()).isFalse();
    try (TestSdk t = TestSdk.with(exporter)) {
      t.tracer().span("a").start().end();
      t.flush();
    }
    assertThat(records(file)).extracting(r -> r.get("event")).containsExactly("end");
  }

  @Test
  void append_defaultKeepsContentAndFalseTruncates() throws IOException {
    Path file = dir.resolve("append.jsonl");
    Files.writeString(file, "{\"previous\":true}\n");
    JsonlExporter.create(file).export(List.of(FakeSpan.valid("x", SpanKind.TOOL)));
    assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("{\"previous\":true}");

    JsonlExporter.builder(file).append(false).build();
    assertThat(Files.size(file)).isZero();
  }

  @Test
  void rotation_bySize_keepsWholeBatchesAndMaxFiles() throws IOException {
    Path file = dir.resolve("rot.jsonl");
    JsonlExporter exporter = JsonlExporter.builder(file).maxFileBytes(3_000).maxFiles(2).fsync(false).build();
    int batches = 12;
    for (int b = 0; b < batches; b++) {
      List<SpanData> batch = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        FakeSpan s = FakeSpan.valid("batch" + b + "-span" + i, SpanKind.TOOL);
        s.input = "\"" + "p".repeat(200) + "\"";
        batch.add(s);
      }
      assertThat(exporter.export(batch).isSuccess()).isTrue();
    }
    Path first = dir.resolve("rot.jsonl.1");
    Path second = dir.resolve("rot.jsonl.2");
    assertThat(file).exists();
    assertThat(first).exists();
    assertThat(second).exists();
    assertThat(dir.resolve("rot.jsonl.3")).doesNotExist();
    for (Path p : List.of(file, first, second)) {
      assertThat(Files.size(p)).isLessThanOrEqualTo(3_000);
      List<Map<String, Object>> records = records(p);
      assertThat(records.size() % 3).as("whole batches only in %s", p).isZero();
    }
    // The newest batches are in the current file, the oldest kept ones in .2.
    assertThat(records(file)).last().extracting(r -> r.get("name")).isEqualTo("batch11-span2");
  }

  @Test
  void export_concurrentExportersOnOneFile_neverTearALine() throws Exception {
    Path file = dir.resolve("shared.jsonl");
    int writers = 4;
    int batches = 30;
    int perBatch = 20;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        JsonlExporter exporter = JsonlExporter.builder(file).fsync(false).build();
        int writer = w;
        done.add(pool.submit(() -> {
          for (int b = 0; b < batches; b++) {
            List<SpanData> batch = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
              FakeSpan s = FakeSpan.valid("w" + writer + "-b" + b + "-s" + i, SpanKind.LLM);
              s.output = "\"" + "o".repeat(4_000) + "\"";
              batch.add(s);
            }
            ExportResult r = exporter.export(batch);
            assertThat(r.isSuccess()).isTrue();
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(writers * batches * perBatch);
    for (String line : lines) {
      assertThat(JsonTree.object(line)).containsKey("name");
    }
  }

  @Test
  void create_pathUnderAFile_failsNamingThePath() throws IOException {
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> JsonlExporter.create(notADir.resolve("traces.jsonl")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain-file");
  }

  @Test
  void export_fileDeletedBetweenBatches_isRecreated() throws IOException {
    Path file = dir.resolve("gone.jsonl");
    JsonlExporter exporter = JsonlExporter.create(file);
    Files.delete(file);
    assertThat(exporter.export(List.of(FakeSpan.valid("x", SpanKind.TOOL))).isSuccess()).isTrue();
    assertThat(records(file)).hasSize(1);
  }

  @Test
  void export_hostileSpans_leaveOnlyCompleteParseableLines() throws IOException {
    Path file = dir.resolve("hostile.jsonl");
    JsonlExporter.create(file).export(SpanExporterContractTest.hostileSpans());
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      assertThat(JsonTree.parse(line)).isInstanceOf(Map.class);
    }
  }

  @Test
  void create_fileEndingInATornLine_removesItSoTheNextLineIsWhole() throws IOException {
    Path file = dir.resolve("torn.jsonl");
    // Longer than one read chunk, so the search for the last newline crosses chunks.
    Files.writeString(file, "{\"before\":true}\n{\"event\":\"end\",\"input\":\"" + "x".repeat(20_000));
    JsonlExporter exporter = JsonlExporter.create(file);
    assertThat(Files.readString(file)).isEqualTo("{\"before\":true}\n");
    assertThat(exporter.export(List.of(FakeSpan.valid("after", SpanKind.TOOL))).isSuccess()).isTrue();
    assertThat(records(file)).extracting(r -> r.containsKey("before") ? "before" : r.get("name"))
        .containsExactly("before", "after");
  }

  @Test
  void create_fileOfOnlyATornLine_isEmptied() throws IOException {
    Path file = dir.resolve("only-torn.jsonl");
    Files.writeString(file, "{\"event\":\"start\",\"na");
    JsonlExporter.create(file);
    assertThat(Files.size(file)).isZero();
  }

  @Test
  void create_fileEndingInANewline_isLeftAsItIs() throws IOException {
    Path file = dir.resolve("whole.jsonl");
    Files.writeString(file, "{\"a\":1}\n{\"b\":2}\n");
    JsonlExporter.create(file);
    assertThat(Files.readString(file)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
  }
}
