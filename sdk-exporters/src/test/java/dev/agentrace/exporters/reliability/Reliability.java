package dev.agentrace.exporters.reliability;

import dev.agentrace.core.SdkStats;
import dev.agentrace.exporters.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shared pieces of the reliability scenarios ({@code *ReliabilityTest}): the load size, and the report
 * row each scenario writes so that docs/reliability.md is built from a real run.
 *
 * <p>Two variants: the CI variant (the default, sized to keep {@code ./run-tests.sh} short) and the full
 * variant, {@code -Dagentrace.reliability=full}, run by {@code ./run-reliability.sh}, which also renders
 * the table. Rows go to {@code target/reliability/<variant>.jsonl}, one JSON object per line.
 */
public final class Reliability {
  /** The system property choosing the variant: {@code ci} (default) or {@code full}. */
  public static final String VARIANT_PROPERTY = "agentrace.reliability";

  private Reliability() {}

  /** Whether this is the full variant. */
  public static boolean full() {
    String v = System.getProperty(VARIANT_PROPERTY, "ci");
    if (!v.equals("ci") && !v.equals("full")) {
      throw new IllegalArgumentException(VARIANT_PROPERTY + " must be \"ci\" or \"full\", got \"" + v + "\"");
    }
    return v.equals("full");
  }

  /** {@code ci} in the CI variant, {@code full} in the full one. */
  public static int scale(int ci, int full) {
    return full() ? full : ci;
  }

  /** {@link #scale(int, int)} for durations and other longs. */
  public static long scale(long ci, long full) {
    return full() ? full : ci;
  }

  /**
   * One line of the report. {@code lostUncounted} is what no counter explains:
   * {@code started - exported - dropped}; every scenario asserts it is 0 before recording the row.
   *
   * @param scenario short name, e.g. "OTLP outage 3 s, then recovery"
   * @param load what was driven, e.g. "4 threads × 25,000 spans"
   * @param faults what was injected, e.g. "connection refused 1 s; 503 + Retry-After: 1; 429"
   * @param started recording spans started
   * @param exported spans the exporter(s) accepted
   * @param dropped spans counted as dropped, all reasons
   * @param notes anything else worth a column: drop reasons, worst offer latency, heap
   */
  public record Row(String scenario, String load, String faults, long started, long exported, long dropped,
      String notes) {
    public long lostUncounted() {
      return started - exported - dropped;
    }
  }

  /** A row from an SDK's stats after shutdown; drop reasons go to the notes in front of {@code notes}. */
  public static Row row(String scenario, String load, String faults, SdkStats stats, String notes) {
    String reasons = stats.droppedByReason().isEmpty() ? "" : "dropped " + new TreeMap<>(stats.droppedByReason());
    String all = reasons.isEmpty() ? notes : notes == null || notes.isEmpty() ? reasons : reasons + "; " + notes;
    return new Row(scenario, load, faults, stats.spansStarted(), stats.spansExported(), stats.spansDropped(), all);
  }

  /**
   * The command that runs {@code main} in a child JVM: this JVM's {@code java} and the test classpath
   * (surefire puts all of it in {@code java.class.path}, no manifest-only jar), then {@code args}.
   */
  public static List<String> childJvm(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** Appends the row to this variant's report file. Call it after the scenario's assertions passed. */
  public static synchronized void record(Row row) {
    Path dir = Path.of("target", "reliability");
    Path file = dir.resolve((full() ? "full" : "ci") + ".jsonl");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("scenario", row.scenario());
    fields.put("load", row.load());
    fields.put("faults", row.faults());
    fields.put("started", row.started());
    fields.put("exported", row.exported());
    fields.put("dropped", row.dropped());
    fields.put("lostUncounted", row.lostUncounted());
    fields.put("notes", row.notes() == null ? "" : row.notes());
    fields.put("java", Runtime.version().toString());
    String line = Json.toJson(g -> Json.writeObject(g, fields)) + "\n";
    try {
      Files.createDirectories(dir);
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the reliability report row to " + file, e);
    }
  }
}
