package dev.agentrace.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Real {@code @Tool} methods; the thread each ran on is kept, to prove where concurrent tools ran. */
public final class OrderTools {
  final Set<String> threads = ConcurrentHashMap.newKeySet();

  @Tool("Looks up the shipping status of an order")
  public String orderStatus(@P("the order id, like A-1") String orderId) {
    threads.add(Thread.currentThread().getName());
    if (orderId.startsWith("X")) {
      throw new IllegalStateException("warehouse offline for " + orderId);
    }
    return orderId + " shipped";
  }
}
