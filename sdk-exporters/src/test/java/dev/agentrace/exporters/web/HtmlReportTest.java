package dev.agentrace.exporters.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.exporters.JsonTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report file itself; how it renders is HtmlReportBrowserTest's job. */
class HtmlReportTest {
  @TempDir
  Path dir;

  @Test
  void fromJsonl_lineCutByACrash_isSkipped_andTheRestIsInline() throws Exception {
    Path jsonl = dir.resolve("traces.jsonl");
    Files.writeString(jsonl, "{\"event\":\"end\",\"trace_id\":\"t\",\"span_id\":\"a\",\"name\":\"one\"}\n"
        + "\n{\"event\":\"end\",\"trace_id\":\"t\",\"span_id\":\"b\",\"name\":\"two</script>\"}\n"
        + "{\"event\":\"end\",\"trace_id\":\"t\",\"span_id\":\"c\",\"na");
    Path html = dir.resolve("out/report.html");
    HtmlReport.fromJsonl(jsonl, html);

    String page = Files.readString(html);
    String marker = "id=\"agentrace-data\">";
    int start = page.indexOf(marker) + marker.length();
    List<?> records = (List<?>) JsonTree.parse(page.substring(start, page.indexOf("</script>", start)));
    assertThat(records).hasSize(2);
    assertThat(page).contains("\"records\":2").doesNotContain("two</script>");
  }
}
