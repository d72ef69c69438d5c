package dev.agentrace.examples;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for a chat model: answers from a fixed script, reports token counts, takes about as
 * long as a small hosted model (a few hundred milliseconds, times the pace), and fails once with a rate
 * limit when told to, so the demo can show a retried call.
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
  private final double pace;

  /** {@code pace} scales every simulated latency: 1 is real time, 0.05 twenty times faster. */
  FakeModel(String name, int rateLimitsToSimulate, double pace) {
    this.name = name;
    this.rateLimitsLeft = new AtomicInteger(rateLimitsToSimulate);
    this.pace = pace;
  }

  String name() {
    return name;
  }

  Reply chat(List<Map<String, String>> messages, boolean mayRateLimit) {
    String last = messages.get(messages.size() - 1).get("content");
    if (mayRateLimit && rateLimitsLeft.getAndDecrement() > 0) {
      sleep(60, pace);
      throw new RateLimitedException("429 Too Many Requests: rate limit for " + name + " reached");
    }
    long in = 0;
    for (Map<String, String> m : messages) {
      in += m.get("content").length() / 4 + 4;
    }
    String text = script(last);
    sleep(250 + 4L * text.length(), pace); // time to first token, then streaming the answer
    return new Reply(text, in, text.length() / 4 + 1, in > 40 ? 32 : 0);
  }

  private static String script(String prompt) {
    int context = prompt.indexOf(" CONTEXT:");
    boolean statusPageDown = context >= 0 && prompt.substring(context).contains("unavailable: connect timed out");
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
      return statusPageDown
          ? "I could not reach the status page; our knowledge base mentions an EU outage, but I cannot confirm it."
          : "The status page confirms a brief EU outage this morning; it is resolved, and nothing was lost.";
    }
    return "You can change your password under Settings > Security > Password.";
  }

  /** Sleeps {@code millis × pace}, standing in for the network and the model. */
  static void sleep(long millis, double pace) {
    try {
      Thread.sleep(Math.round(millis * pace));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
