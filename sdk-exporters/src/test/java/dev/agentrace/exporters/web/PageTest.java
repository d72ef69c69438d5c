package dev.agentrace.exporters.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.exporters.JsonTree;
import org.junit.jupiter.api.Test;

class PageTest {

  @Test
  void render_dataThatClosesTheScriptBlock_staysInsideIt() {
    String data = "[{\"input\":\"</script><script>alert(1)</script><!--\"}]";
    String html = Page.render("n0nce", false, "{}", data);
    assertThat(html).doesNotContain("</script><script>alert(1)").doesNotContain("<!--\"");
    String block = html.substring(html.indexOf("id=\"agentrace-data\">") + 20, html.indexOf("</script>",
        html.indexOf("id=\"agentrace-data\">")));
    assertThat(JsonTree.parse(block)).isEqualTo(JsonTree.parse(data));
  }

  @Test
  void csp_forbidsOtherOrigins_reportConnectsNowhere() {
    assertThat(Page.csp("abc", false)).contains("default-src 'none'", "script-src 'nonce-abc'", "connect-src 'none'")
        .doesNotContain("http", "*", "unsafe");
    assertThat(Page.csp("abc", true)).contains("connect-src 'self'").doesNotContain("http", "*", "unsafe");
  }
}
