package dev.agentrace.exporters.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live view's memory: the latest JSONL record of each span, grouped by trace in the order runs first appeared,
 * holding at most {@code maxSpans} spans. When a new span would exceed that, whole runs fall off, oldest first,
 * and are counted. Not thread-safe: {@link LiveServer} guards it with its lock.
 */
final class RunStore {
  private final int maxSpans;
  /** trace id → (span id → record JSON), both in first-seen order. */
  private final LinkedHashMap<String, LinkedHashMap<String, String>> runs = new LinkedHashMap<>();
  private int spans;
  private long droppedRuns;

  RunStore(int maxSpans) {
    this.maxSpans = maxSpans;
  }

  /** Keeps {@code json} as the span's latest record; returns the trace ids of the runs that fell off to make room. */
  List<String> put(String traceId, String spanId, String json) {
    LinkedHashMap<String, String> run = runs.computeIfAbsent(traceId, k -> new LinkedHashMap<>());
    if (run.put(spanId, json) == null) {
      spans++;
    }
    List<String> evicted = List.of();
    Iterator<Map.Entry<String, LinkedHashMap<String, String>>> oldest = runs.entrySet().iterator();
    while (spans > maxSpans && oldest.hasNext()) {
      Map.Entry<String, LinkedHashMap<String, String>> e = oldest.next();
      if (e.getKey().equals(traceId)) {
        continue;
      }
      spans -= e.getValue().size();
      oldest.remove();
      droppedRuns++;
      if (evicted.isEmpty()) {
        evicted = new ArrayList<>();
      }
      evicted.add(e.getKey());
    }
    // One run larger than the whole budget: its oldest spans go instead, so memory stays bounded.
    for (Iterator<String> first = run.keySet().iterator(); spans > maxSpans && first.hasNext(); ) {
      first.next();
      first.remove();
      spans--;
    }
    return evicted;
  }

  /** Every record held, run by run in first-seen order. */
  List<String> snapshot() {
    List<String> all = new ArrayList<>(spans);
    for (LinkedHashMap<String, String> run : runs.values()) {
      all.addAll(run.values());
    }
    return all;
  }

  long droppedRuns() {
    return droppedRuns;
  }

  int spans() {
    return spans;
  }

  int runs() {
    return runs.size();
  }
}
