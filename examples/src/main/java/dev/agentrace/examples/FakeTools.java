package dev.agentrace.examples;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Scripted tools: a knowledge-base search, an order lookup, and a web search that is down. */
final class FakeTools {
  private final long webSearchMillis;

  FakeTools(long webSearchMillis) {
    this.webSearchMillis = webSearchMillis;
  }

  List<Map<String, Object>> kbSearch(String query) {
    FakeModel.sleep(8);
    return List.of(
        Map.of("doc", "kb/refunds.md", "score", 0.92, "snippet", "Refunds within 30 days of delivery."),
        Map.of("doc", "kb/outages.md", "score", 0.71, "snippet", "EU region incident 2026-11-20, resolved."));
  }

  Map<String, Object> orderLookup(String orderId) {
    FakeModel.sleep(5);
    return Map.of("order", orderId, "status", "delivered", "total_usd", 129.90, "days_since_delivery", 6);
  }

  List<String> webSearch(String query) throws IOException {
    FakeModel.sleep(webSearchMillis);
    if (query.contains("status")) {
      throw new IOException("connect timed out: status.example.com:443");
    }
    return List.of("https://example.com/result-1", "https://example.com/result-2");
  }
}
