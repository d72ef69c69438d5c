package dev.agentrace.benchmarks;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/** OpenTelemetry's side of the comparison: discards every batch and counts the spans that reached it. */
final class OtelCountingExporter implements SpanExporter {
  private final AtomicLong spans = new AtomicLong();

  @Override
  public CompletableResultCode export(Collection<SpanData> batch) {
    spans.addAndGet(batch.size());
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  long count() {
    return spans.get();
  }
}
