package dev.agentrace.exporters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.SpanExporterContractTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The live view as an exporter (the shared contract) and its configuration; the page itself is in LiveViewBrowserTest. */
class LiveViewTest extends SpanExporterContractTest {

  @Override
  protected SpanExporter newExporter() {
    return LiveView.builder().printUrl(false).build();
  }

  @Test
  void url_isLoopbackWithALongRandomToken() {
    LiveView a = (LiveView) exporter;
    LiveView b = LiveView.builder().printUrl(false).build();
    try {
      URI url = URI.create(a.url());
      assertThat(url.getHost()).isIn("127.0.0.1", "[::1]");
      assertThat(url.getQuery()).startsWith("token=");
      assertThat(url.getQuery().substring(6)).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
      assertThat(b.url()).isNotEqualTo(a.url());
      assertThat(a.exportsStarts()).isTrue();
    } finally {
      b.shutdown();
    }
  }

  @Test
  void builder_badPortOrBound_isRejectedNamingTheValue() {
    assertThatThrownBy(() -> LiveView.builder().port(70_000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> LiveView.builder().maxSpans(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSpans").hasMessageContaining("0");
  }

  @Test
  void build_portTaken_failsNamingThePort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> LiveView.builder().printUrl(false).port(port).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining(String.valueOf(port));
    }
  }
}
