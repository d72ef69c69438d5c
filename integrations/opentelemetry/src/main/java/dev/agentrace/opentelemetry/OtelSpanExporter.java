package dev.agentrace.opentelemetry;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.internal.otlp.OtlpMapping;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adapts an OpenTelemetry exporter: each batch is grouped by resource and mapped by {@link OtlpMapping} (the
 * same decisions as Agentrace's own OTLP exporter), then handed over as OpenTelemetry span data. Called by the
 * SDK's export thread for this exporter, one batch at a time.
 */
final class OtelSpanExporter implements SpanExporter {
  /** How long one batch may wait for the OpenTelemetry exporter (which has its own, usually shorter, timeout). */
  private static final long RESULT_WAIT_SECONDS = 30;

  private final io.opentelemetry.sdk.trace.export.SpanExporter delegate;

  OtelSpanExporter(io.opentelemetry.sdk.trace.export.SpanExporter delegate) {
    this.delegate = delegate;
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    OtlpMapping.Batch prepared = OtlpMapping.prepare(batch);
    List<io.opentelemetry.sdk.trace.data.SpanData> out = new ArrayList<>(batch.size());
    for (OtlpMapping.ResourceGroup group : prepared.groups()) {
      Resource resource = Resource.create(OtelSpanData.attributes(group.resource()));
      for (SpanData s : group.spans()) {
        out.add(new OtelSpanData(s, resource));
      }
    }
    if (out.isEmpty()) {
      return prepared.invalid() == 0 ? ExportResult.success()
          : ExportResult.partialSuccess(prepared.invalid(), "span ids are not valid hex");
    }
    CompletableResultCode result = delegate.export(out).join(RESULT_WAIT_SECONDS, TimeUnit.SECONDS);
    if (!result.isDone()) {
      return ExportResult.failure(delegate + " did not finish a batch within " + RESULT_WAIT_SECONDS + " s");
    }
    if (!result.isSuccess()) {
      Throwable cause = failureCause(result);
      return cause == null ? ExportResult.failure(delegate + " reported a failed export")
          : ExportResult.failure(delegate + " reported a failed export", cause);
    }
    return prepared.invalid() == 0 ? ExportResult.success()
        : ExportResult.partialSuccess(prepared.invalid(), "span ids are not valid hex");
  }

  /** The failure's cause where the OpenTelemetry version reports one (1.48+), else null. */
  private static Throwable failureCause(CompletableResultCode result) {
    try {
      return result.getFailureThrowable();
    } catch (NoSuchMethodError e) {
      return null;
    }
  }

  @Override
  public void flush() {
    delegate.flush().join(RESULT_WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void shutdown() {
    delegate.shutdown().join(RESULT_WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "AgentraceOpenTelemetry.exporter(" + delegate + ")";
  }
}
