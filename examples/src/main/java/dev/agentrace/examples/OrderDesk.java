package dev.agentrace.examples;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The LangChain4j demo's order desk: real {@code @Tool} methods (the payments service fails on B orders, to
 * show a failing tool), a policy retriever scored by shared words, and an input guardrail that keeps
 * passwords away from the model. Latencies are scaled by the pace, as in {@link FakeTools}.
 */
public final class OrderDesk {
  private final double pace;

  OrderDesk(double pace) {
    this.pace = pace;
  }

  @Tool("Looks up where an order is")
  public String orderStatus(@P("the order id, like A-1001") String orderId) {
    FakeModel.sleep(150, pace);
    return orderId + " left the warehouse yesterday and arrives Friday";
  }

  @Tool("Refunds an order to the customer's original payment method")
  public String refund(@P("the order id, like A-1001") String orderId) {
    FakeModel.sleep(250, pace);
    if (orderId.startsWith("B")) {
      throw new IllegalStateException("payments service timed out refunding " + orderId);
    }
    return orderId + " refunded";
  }

  /** The shop's policies, ranked by the words they share with the question. */
  static final class Policies implements ContentRetriever {
    private static final List<String> TEXTS = List.of(
        "Orders ship within two business days and arrive within five.",
        "Refunds go back to the original payment method within five business days.",
        "We never ask for your password by chat or e-mail.");

    @Override
    public List<Content> retrieve(Query query) {
      List<String> words = List.of(query.text().toLowerCase(Locale.ROOT).split("\\W+"));
      return TEXTS.stream()
          .map(t -> Map.entry(t, words.stream().filter(w -> w.length() > 3 && t.toLowerCase(Locale.ROOT).contains(w)).count()))
          .filter(e -> e.getValue() > 0)
          .sorted(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed())
          .limit(2)
          .map(e -> Content.from(TextSegment.from(e.getKey()),
              Map.of(ContentMetadata.SCORE, Math.min(1.0, 0.5 + 0.2 * e.getValue()))))
          .toList();
    }
  }

  /** Stops a message that carries a password before any model sees it. */
  static final class NoSecrets implements InputGuardrail {
    @Override
    public InputGuardrailResult validate(UserMessage message) {
      return message.singleText().toLowerCase(Locale.ROOT).contains("password")
          ? failure("the message contains a password; it was not sent to the model")
          : success();
    }
  }
}
