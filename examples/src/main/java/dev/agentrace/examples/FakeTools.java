package dev.agentrace.examples;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripted tools: a knowledge-base search, an order lookup, and a web search whose status-page requests
 * time out {@code webSearchFailuresInSix} times in every six calls (the first calls fail first). Latencies
 * are realistic and scaled by the pace, as in {@link FakeModel}.
 */
final class FakeTools {
  private final long webSearchMillis;
  private final int webSearchFailuresInSix;
  private final double pace;
  private final AtomicInteger webSearchCalls = new AtomicInteger();

  FakeTools(long webSearchMillis, int webSearchFailuresInSix, double pace) {
    this.webSearchMillis = webSearchMillis;
    this.webSearchFailuresInSix = webSearchFailuresInSix;
    this.pace = pace;
  }

  List<Map<String, Object>> kbSearch(String query) {
    FakeModel.sleep(140, pace);
    return List.of(
        Map.of("doc", "kb/refunds.md", "score", 0.92, "snippet", "Refunds within 30 days of delivery."),
        Map.of("doc", "kb/outages.md", "score", 0.71, "snippet", "EU region incident 2026-11-20, resolved."));
  }

  Map<String, Object> orderLookup(String orderId) {
    FakeModel.sleep(90, pace);
    return Map.of("order", orderId, "status", "delivered", "total_usd", 129.90, "days_since_delivery", 6);
  }

  List<String> webSearch(String query) throws IOException {
    FakeModel.sleep(webSearchMillis, pace);
    if (query.contains("status") && webSearchCalls.getAndIncrement() % 6 < webSearchFailuresInSix) {
      throw new IOException("connect timed out: status.example.com:443");
    }
    return List.of("https://status.example.com/incidents/2026-11-20", "https://example.com/result-2");
  }
}
