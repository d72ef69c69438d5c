package dev.agentrace.exporters.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import dev.agentrace.schema.ActivitySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real headless Chromium, offline: it renders from disk with no request but its own file,
 * shows the same conversation, waterfall, detail and metrics as the live view, keeps payloads as text, and stays
 * usable at 10,000 spans.
 */
class HtmlReportBrowserTest {
  private static final String XSS = "<script>alert(1)</script>";
  private static final String ORDER_SCHEMA =
      "{\"type\":\"object\",\"required\":[\"order\"],\"properties\":{\"order\":{\"type\":\"string\"}}}";
  private static Chromium browser;

  @TempDir
  Path dir;

  @BeforeAll
  static void launch() throws Exception {
    browser = Chromium.launch();
  }

  @AfterAll
  static void quit() throws IOException {
    browser.close();
  }

  @Test
  void report_opensOfflineFromDisk_withZeroNetworkRequests_andRendersTheRuns() throws Exception {
    List<SpanData> spans = new ArrayList<>();
    record(spans, "1.4.2", "staging", 3, true);
    record(spans, "1.5.0", "staging", 3, true);
    Path html = dir.resolve("agentrace-report.html");
    HtmlReport.write(spans, html);

    String url = openOffline(html);
    assertThat(browser.requests()).as("every request the page made").containsExactly(url);
    assertThat(browser.text("document.getElementById('status-line').textContent")).contains(spans.size() + " spans");
    assertThat(browser.eval("document.querySelectorAll('#runs-table tbody tr').length")).isEqualTo(10L);

    assertThat(rowsWhenFiltered("filter-status", "ERROR")).isEqualTo(6L);
    assertThat(rowsWhenFiltered("filter-status", "schema")).isEqualTo(2L);
    assertThat(rowsWhenFiltered("filter-status", "")).isEqualTo(10L);
    assertThat(rowsWhenFiltered("filter-type", "order_lookup")).isEqualTo(8L);
    assertThat(rowsWhenFiltered("filter-type", "")).isEqualTo(10L);
    assertThat(rowsWhenFiltered("filter-text", "render")).isEqualTo(2L);
    assertThat(rowsWhenFiltered("filter-text", "")).isEqualTo(10L);

    String xssTrace = traceOf(spans, "<b>render</b>");
    browser.click("tr[data-trace=\"" + xssTrace + "\"]");
    browser.waitFor("document.querySelector('#detail .input-json')");
    assertThat(browser.text("document.querySelector('#detail .input-json').innerText")).contains(XSS);
    assertThat(browser.text("document.getElementById('conversation').innerText")).contains("<b>render</b>");
    assertThat(browser.eval("document.querySelectorAll('b, img').length + document.scripts.length")).isEqualTo(3L);

    String violating = traceOf(spans, "bad_lookup");
    browser.click("tr[data-trace=\"" + violating + "\"]");
    browser.click("#view-waterfall");
    browser.waitFor("document.querySelector('#waterfall .wf-bar.violates')");
    browser.click("#waterfall .wf-row:nth-child(2)");
    browser.waitFor("document.querySelector('#detail .violations')");
    assertThat(browser.text("document.querySelector('#detail .violations').innerText")).contains("/order", "type");

    browser.click("tr[data-trace=\"" + traceOf(spans, "handle_ticket") + "\"]");
    browser.click("#view-conversation");
    browser.waitFor("document.querySelectorAll('#conversation .conv-item').length === 6");
    shot("report-conversation.png");
    browser.click("#view-waterfall");
    browser.click("#waterfall .wf-row:nth-child(4)");
    browser.waitFor("document.querySelector('#detail .stack')");
    shot("report-waterfall.png");

    browser.click("#tab-metrics");
    browser.waitFor("document.querySelectorAll('#metrics-table tbody tr').length > 0");
    assertThat(browser.eval("document.getElementById('page-metrics').getBoundingClientRect().height > 0"
        + " && document.getElementById('page-runs').getBoundingClientRect().height === 0")).isEqualTo(true);
    String metrics = browser.text("document.getElementById('metrics-table').innerText");
    assertThat(metrics).contains("support-bot", "1.4.2", "1.5.0", "order_lookup", "llm");
    browser.eval("(function(){var a=document.getElementById('drift-a'), b=document.getElementById('drift-b');"
        + "a.value='version\\u00001.4.2'; b.value='version\\u00001.5.0'; b.dispatchEvent(new Event('change'));})()");
    browser.waitFor("document.querySelectorAll('#drift-table tbody tr').length > 0");
    assertThat(browser.text("document.getElementById('drift-table').innerText")).contains("order_lookup", "4 / 4");
    shot("report-metrics.png");
    assertThat(browser.requests()).as("every request the page made").containsExactly(url);
  }

  @Test
  void fromJsonl_andTheCommandLine_writeTheSameSelfContainedPage() throws Exception {
    Path jsonl = dir.resolve("traces.jsonl");
    AgentraceSdk sdk = builder("1.4.2", "staging").exporter(JsonlExporter.create(jsonl)).build();
    String trace = SupportRun.record(sdk.tracer(), false);
    sdk.shutdown(Duration.ofSeconds(5));
    Path html = dir.resolve("report.html");
    HtmlReport.main(new String[] {jsonl.toString(), "-o", html.toString()});

    String page = Files.readString(html);
    assertThat(page).doesNotContainPattern("(?i)<(script|link|img)[^>]+(src|href)=")
        .doesNotContain("http://", "https://");
    openOffline(html);
    assertThat(browser.requests()).hasSize(1);
    browser.click("tr[data-trace=\"" + trace + "\"]");
    browser.waitFor("document.querySelectorAll('#conversation .conv-item').length === 6");
  }

  /** The size and load time of a report at 10,000 spans: printed for docs/web-view.md and the note. */
  @Test
  void report_tenThousandSpans_loadsAndStaysUsable() throws Exception {
    List<SpanData> spans = new ArrayList<>();
    AgentraceSdk sdk = builder("1.4.2", "prod").exporter(capture(spans)).build();
    for (int i = 0; i < 2_000; i++) {
      SupportRun.record(sdk.tracer(), false);
      if (i % 200 == 0) {
        sdk.flush(Duration.ofSeconds(30));
      }
    }
    sdk.shutdown(Duration.ofSeconds(30));
    assertThat(spans).hasSize(10_000);
    Path html = dir.resolve("big.html");
    HtmlReport.write(spans, html);

    long t0 = System.nanoTime();
    openOffline(html);
    browser.waitFor("document.querySelectorAll('#runs-table tbody tr').length === 300");
    double loadMs = (System.nanoTime() - t0) / 1e6;
    long t1 = System.nanoTime();
    browser.click("#runs-table tbody tr:nth-child(1)");
    browser.waitFor("document.querySelectorAll('#conversation .conv-item').length === 6");
    double clickMs = (System.nanoTime() - t1) / 1e6;
    double renderMs = ((Number) browser.eval("window.agentraceRenderMs")).doubleValue();
    browser.eval("(function(){var f=document.getElementById('filter-text'); f.value='no such text';"
        + "f.dispatchEvent(new Event('input'));})()");
    browser.waitFor("document.querySelectorAll('#runs-table tbody tr').length === 0");
    String line = String.format("report of %d spans (%d runs): %.1f MB, opened and rendered in Chromium in %.0f ms,"
            + " a run opened in %.0f ms (click to conversation, of which %.0f ms the page's own render)", spans.size(),
        2_000, Files.size(html) / 1e6, loadMs, clickMs, renderMs);
    System.out.println(line);
    Files.writeString(Path.of("target", "report-10k.txt"), line + "\n");
    assertThat(browser.requests()).hasSize(1);
  }

  /** Sets a filter control as a user would and returns how many runs the list shows. */
  private static Object rowsWhenFiltered(String control, String value) throws Exception {
    browser.eval("(function(){var c=document.getElementById('" + control + "'); c.value=" + Chromium.quote(value)
        + "; c.dispatchEvent(new Event('input'));})()");
    return browser.eval("document.querySelectorAll('#runs-table tbody tr').length");
  }

  private static String openOffline(Path html) throws Exception {
    browser.call("Network.emulateNetworkConditions",
        Map.of("offline", true, "latency", 0L, "downloadThroughput", -1L, "uploadThroughput", -1L));
    browser.events.clear();
    String url = html.toUri().toString();
    browser.open(url);
    browser.waitFor("document.getElementById('status-line').textContent.indexOf('report') === 0");
    return url;
  }

  private static void record(List<SpanData> into, String version, String environment, int runs, boolean extras)
      throws InterruptedException {
    AgentraceSdk sdk = builder(version, environment).exporter(capture(into)).build();
    for (int i = 0; i < runs; i++) {
      SupportRun.record(sdk.tracer(), true);
    }
    if (extras) {
      try (Span s = sdk.tracer().span("<b>render</b>").kind(SpanKind.TOOL).input(XSS).start()) {
        s.output(Map.of("html", XSS));
      }
      try (Span run = sdk.tracer().span("bad_lookup").kind(SpanKind.AGENT).start();
          Span tool = sdk.tracer().span("order_lookup").kind(SpanKind.TOOL).type("order_lookup")
              .input(Map.of("order", 1234L)).start()) {
        tool.output(Map.of("status", "unknown"));
        run.output("done");
      }
    }
    sdk.shutdown(Duration.ofSeconds(10));
  }

  private static AgentraceSdk.Builder builder(String version, String environment) {
    return AgentraceSdk.builder().agent("support-bot").version(version).environment(environment).shutdownHook(false)
        .batchDelay(Duration.ofMillis(20))
        .activitySchema(ActivitySchema.builder().type("order_lookup", ORDER_SCHEMA, null).build());
  }

  private static SpanExporter capture(List<SpanData> into) {
    return batch -> {
      synchronized (into) {
        into.addAll(batch);
      }
      return ExportResult.success();
    };
  }

  private static String traceOf(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().traceId();
  }

  private static void shot(String name) throws Exception {
    String dir = System.getProperty("agentrace.screenshots");
    if (dir != null) {
      browser.screenshot(Path.of(dir, name));
    }
  }
}
