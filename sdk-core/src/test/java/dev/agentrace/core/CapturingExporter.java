package dev.agentrace.core;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A real exporter for core tests: keeps what it is given, optionally slowly or by failing. */
public final class CapturingExporter implements SpanExporter {
  private final List<SpanData> spans = new ArrayList<>();
  private final List<SpanData> starts = new ArrayList<>();
  private final boolean wantsStarts;
  public volatile long delayMillis;
  public volatile RuntimeException toThrow;
  public volatile CountDownLatch block;
  public volatile int shutdowns;

  public CapturingExporter() {
    this(false);
  }

  public CapturingExporter(boolean wantsStarts) {
    this.wantsStarts = wantsStarts;
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    CountDownLatch b = block;
    if (b != null) {
      try {
        b.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException t = toThrow;
    if (t != null) {
      throw t;
    }
    synchronized (this) {
      for (SpanData s : batch) {
        (s.ended() ? spans : starts).add(s);
      }
    }
    return ExportResult.success();
  }

  @Override
  public boolean exportsStarts() {
    return wantsStarts;
  }

  @Override
  public void shutdown() {
    shutdowns++;
  }

  public synchronized List<SpanData> spans() {
    return new ArrayList<>(spans);
  }

  public synchronized List<SpanData> starts() {
    return new ArrayList<>(starts);
  }

  public SpanData span(String name) {
    return spans().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span named " + name + " in " + spans()));
  }
}
