package dev.agentrace.examples;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for a chat model: answers from a fixed script, reports token counts, takes a few
 * milliseconds, and fails once with a rate limit when told to, so the demo can show a retried call.
 */
final class FakeModel {
  /** What a real client would return. */
  record Reply(String text, long inputTokens, long outputTokens, long cachedTokens) {}

  /** Thrown like a provider's HTTP 429. */
  static final class RateLimitedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RateLimitedException(String message) {
      super(message);
    }
  }

  private final String name;
  private final AtomicInteger rateLimitsLeft;

  FakeModel(String name, int rateLimitsToSimulate) {
    this.name = name;
    this.rateLimitsLeft = new AtomicInteger(rateLimitsToSimulate);
  }

  String name() {
    return name;
  }

  Reply chat(List<Map<String, String>> messages, boolean mayRateLimit) {
    sleep(12);
    if (mayRateLimit && rateLimitsLeft.getAndDecrement() > 0) {
      throw new RateLimitedException("429 Too Many Requests: rate limit for " + name + " reached, retry after 20 ms");
    }
    String last = messages.get(messages.size() - 1).get("content");
    long in = 0;
    for (Map<String, String> m : messages) {
      in += m.get("content").length() / 4 + 4;
    }
    String text = script(last);
    return new Reply(text, in, text.length() / 4 + 1, in > 40 ? 32 : 0);
  }

  private static String script(String prompt) {
    int context = prompt.indexOf(" CONTEXT:");
    if (context >= 0) {
      prompt = prompt.substring(0, context);
    }
    if (prompt.startsWith("PLAN:")) {
      if (prompt.contains("refund")) {
        return "1. look up the order 2. check the refund policy in the knowledge base";
      }
      if (prompt.contains("down")) {
        return "1. search the web for a status page 2. check the knowledge base";
      }
      return "1. check the knowledge base";
    }
    if (prompt.contains("refund")) {
      return "Your order A-1001 is eligible for a refund; I have started it. It will arrive in 3-5 days.";
    }
    if (prompt.contains("down")) {
      return "I could not reach the status page, but our knowledge base says the EU region had a brief outage; it is resolved.";
    }
    return "You can change your password under Settings > Security > Password.";
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
