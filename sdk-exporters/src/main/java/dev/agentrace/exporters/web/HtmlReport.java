package dev.agentrace.exporters.web;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.exporters.internal.Json;
import dev.agentrace.exporters.internal.JsonlRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes one self-contained HTML file with the live view's page (trace list, conversation, waterfall, span
 * detail, metrics): data, script and styles inline, no request to any origin (its Content-Security-Policy
 * forbids them), so it opens offline from disk and can be attached to a bug report. Payloads are rendered as text.
 *
 * <pre>{@code
 * HtmlReport.write(spans, Path.of("agentrace-report.html"));
 * HtmlReport.fromJsonl(Path.of("traces.jsonl"), Path.of("report.html"));
 * // java -cp <exporters jar and deps> dev.agentrace.exporters.web.HtmlReport traces.jsonl -o report.html
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /**
   * Writes the report of {@code spans} (ended spans and start events, as an exporter or the testing module
   * captured them) to {@code html}, replacing it.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(List<SpanData> spans, Path html) {
    Objects.requireNonNull(spans, "spans");
    StringBuilder data = new StringBuilder(spans.size() * 600 + 2).append('[');
    int count = 0;
    for (SpanData s : spans) {
      if (s == null) {
        continue;
      }
      count++;
      byte[] line = JsonlRecord.line(s);
      if (data.length() > 1) {
        data.append(',');
      }
      data.append(new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
    }
    writePage(data.append(']').toString(), count, html);
  }

  /**
   * Writes the report of a JSONL file the {@code JsonlExporter} wrote to {@code html}, replacing it. Lines that
   * are not one JSON value (a line cut by a crash) are skipped.
   *
   * @throws UncheckedIOException if a file cannot be read or written
   */
  public static void fromJsonl(Path jsonl, Path html) {
    Objects.requireNonNull(jsonl, "jsonl");
    StringBuilder data = new StringBuilder().append('[');
    int count = 0;
    try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        String record = line.strip();
        if (record.startsWith("{") && Json.isSingleValue(record)) {
          data.append(count++ == 0 ? "" : ",").append(record);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jsonl, e);
    }
    writePage(data.append(']').toString(), count, html);
  }

  private static void writePage(String data, int records, Path html) {
    Objects.requireNonNull(html, "html");
    String config = "{\"mode\":\"report\",\"records\":" + records + "}";
    try {
      Path parent = html.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(html, Page.render(Page.random(18), false, config, data), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + html, e);
    }
  }

  /**
   * The command line: {@code HtmlReport <traces.jsonl> [-o <report.html>]}; the output defaults to the input's
   * name with {@code .html}. Exits with status 2 on a usage error, 1 when a file cannot be read or written.
   */
  public static void main(String[] args) {
    Path in = null;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      if ((args[i].equals("-o") || args[i].equals("--output")) && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else if (in == null && !args[i].startsWith("-")) {
        in = Path.of(args[i]);
      } else {
        usage("unexpected argument: " + args[i]);
        return;
      }
    }
    if (in == null) {
      usage("no JSONL file given");
      return;
    }
    if (out == null) {
      String name = in.getFileName().toString();
      int dot = name.lastIndexOf('.');
      out = in.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".html");
    }
    try {
      fromJsonl(in, out);
    } catch (UncheckedIOException e) {
      System.err.println("HtmlReport: " + e.getMessage() + ": " + e.getCause().getMessage());
      System.exit(1);
    }
    System.out.println("Wrote " + out.toAbsolutePath());
  }

  private static void usage(String problem) {
    System.err.println("HtmlReport: " + problem);
    System.err.println("usage: java -cp <agentrace-exporters jar and dependencies> dev.agentrace.exporters.web.HtmlReport"
        + " <traces.jsonl> [-o <report.html>]");
    System.exit(2);
  }
}
