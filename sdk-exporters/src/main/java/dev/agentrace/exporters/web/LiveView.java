package dev.agentrace.exporters.web;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.internal.JsonlRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A live web page of the agent's runs, served in process on loopback: runs listed as they start, each run as a
 * conversation and as a waterfall, a span's detail, and the metrics (percentiles and a drift comparison) of the
 * runs it holds. Add it like any exporter; it takes start events ({@link #exportsStarts()}), so a step appears
 * in the browser within milliseconds of its start and is updated when it ends, over server-sent events.
 *
 * <pre>{@code
 * LiveView live = LiveView.start();            // prints its URL once
 * AgentraceSdk sdk = AgentraceSdk.builder().agent("support-bot").exporter(live).build();
 * }</pre>
 *
 * <p>Safety: the server listens on the loopback address only; {@link #url()} carries an unguessable access
 * token that every request must present; the page's Content-Security-Policy forbids every other origin; every
 * payload is rendered as text; nothing can be written. Spans reach the view after the SDK's risk/redaction
 * stage, so a redacted value is redacted on the page too.
 *
 * <p>Memory is bounded: the view holds at most {@link Builder#maxSpans(int)} spans (10,000 by default); when a
 * new one would exceed that, the oldest runs fall off and the page says how many. The server stops when the
 * SDK shuts the exporter down; a live view started again on the same port in the same JVM keeps the token, so
 * open pages reconnect to it by themselves. Thread-safe.
 */
public final class LiveView implements SpanExporter {
  private final LiveServer server;
  private final String url;
  private volatile boolean stopped;

  private LiveView(Builder b) {
    this.server = new LiveServer(b.port, b.maxSpans);
    this.url = server.url();
    if (b.printUrl) {
      System.out.println("Agentrace live view: " + url);
    }
  }

  /** A live view on any free loopback port, with the defaults; prints its URL once. */
  public static LiveView start() {
    return builder().build();
  }

  /** A builder for a live view with a chosen port or bounds. */
  public static Builder builder() {
    return new Builder();
  }

  /** The page's address, with its access token: {@code http://127.0.0.1:<port>/?token=<token>}. */
  public String url() {
    return url;
  }

  @Override
  public boolean exportsStarts() {
    return true;
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    if (stopped) {
      return ExportResult.failure("the live view is shut down");
    }
    for (SpanData s : batch) {
      if (s == null) {
        continue;
      }
      byte[] line = JsonlRecord.line(s);
      // The JSONL record without its newline: one SSE data line (the encoder escapes newlines inside strings).
      String json = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
      server.publish(String.valueOf(s.traceId()), String.valueOf(s.spanId()), json);
    }
    return ExportResult.success();
  }

  /** Stops the server; open pages keep what they show and say the view stopped. Idempotent. */
  @Override
  public synchronized void shutdown() {
    if (!stopped) {
      stopped = true;
      server.stop();
    }
  }

  @Override
  public String toString() {
    return "LiveView{" + url.substring(0, url.indexOf('?')) + "}";
  }

  /** Configures a {@link LiveView}. Not thread-safe; {@link #build()} starts the server. */
  public static final class Builder {
    private int port;
    private int maxSpans = 10_000;
    private boolean printUrl = true;

    private Builder() {}

    /** The loopback port, 0 (the default) for any free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 0 (any free port) and 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** How many spans the view holds before the oldest runs fall off; at least 1, 10,000 by default. */
    public Builder maxSpans(int maxSpans) {
      if (maxSpans < 1) {
        throw new IllegalArgumentException("maxSpans must be at least 1, was " + maxSpans);
      }
      this.maxSpans = maxSpans;
      return this;
    }

    /** Whether {@link #build()} prints the URL to standard output (true by default). */
    public Builder printUrl(boolean printUrl) {
      this.printUrl = printUrl;
      return this;
    }

    /**
     * Starts the server on loopback.
     *
     * @throws IllegalStateException if the port cannot be bound, naming it
     */
    public LiveView build() {
      return new LiveView(this);
    }
  }
}
