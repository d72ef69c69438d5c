package dev.agentrace.benchmarks;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Agentrace's side of the comparison: discards every batch and counts the spans that reached it. */
final class CountingExporter implements SpanExporter {
  private final AtomicLong spans = new AtomicLong();

  @Override
  public ExportResult export(List<SpanData> batch) {
    spans.addAndGet(batch.size());
    return ExportResult.success();
  }

  long count() {
    return spans.get();
  }
}
