package com.example.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The page's step 2 as a user runs it: Main against a loopback OTLP/HTTP receiver (not shown on the page). */
class MainTest {
  @Test void main_exportsTheRunOverOtlpAndPrintsIt() throws Exception {
    AtomicInteger spansPosted = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/v1/traces", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        if (body.readAllBytes().length > 0) {
          spansPosted.incrementAndGet();
        }
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      Main.main(new String[] {"http://127.0.0.1:" + receiver.getAddress().getPort()});
    } finally {
      System.setOut(stdout);
      receiver.stop(0);
    }
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(spansPosted.get()).isGreaterThan(0);
    assertThat(out).contains("Refunds take 5 days").contains("handle_ticket").contains("web_search");
  }
}
