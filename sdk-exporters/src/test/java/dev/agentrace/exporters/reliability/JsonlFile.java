package dev.agentrace.exporters.reliability;

import dev.agentrace.exporters.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSONL file as the reliability scenarios judge it: every newline-terminated line must be one JSON
 * object (a strict parse, so a torn or glued line fails the test with its line number), and whatever
 * follows the last newline is kept apart as the unterminated tail, which only a writer killed in the
 * middle of a write can leave.
 *
 * @param records the parsed lines, in file order
 * @param tail the bytes after the last newline, decoded; empty when the file ends with a newline
 */
record JsonlFile(List<Map<String, Object>> records, String tail) {

  static JsonlFile read(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    List<Map<String, Object>> records = new ArrayList<>();
    int from = 0;
    int line = 1;
    for (int nl; (nl = text.indexOf('\n', from)) >= 0; from = nl + 1, line++) {
      String json = text.substring(from, nl);
      try {
        records.add(JsonTree.object(json));
      } catch (RuntimeException e) {
        throw new AssertionError("line " + line + " of " + file + " is not one JSON object: "
            + abbreviate(json), e);
      }
    }
    return new JsonlFile(records, text.substring(from));
  }

  /** The end records ({@code "event":"end"}), one per exported span. */
  List<Map<String, Object>> ends() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> r : records) {
      if ("end".equals(r.get("event"))) {
        out.add(r);
      }
    }
    return out;
  }

  /** The distinct span ids among the end records. */
  Set<Object> endSpanIds() {
    Set<Object> ids = new HashSet<>();
    for (Map<String, Object> r : ends()) {
      ids.add(r.get("span_id"));
    }
    return ids;
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 150) + " … " + s.substring(s.length() - 150);
  }
}
