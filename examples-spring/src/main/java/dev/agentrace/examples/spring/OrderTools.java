package dev.agentrace.examples.spring;

import java.util.Map;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/** The agent's one tool: the shipping status of an order. Each call becomes a TOOL span named orderStatus. */
@Component
public class OrderTools {
  private static final Map<String, String> ORDERS = Map.of(
      "42", "shipped on 2026-12-03, arrives Friday",
      "43", "waiting for stock");

  /** The status of order {@code orderId}, or that there is no such order. */
  @Tool(description = "Looks up the shipping status of an order by its number")
  public String orderStatus(@ToolParam(description = "the order number, digits only") String orderId) {
    String status = ORDERS.get(orderId);
    return status == null ? "No order " + orderId : "Order " + orderId + " " + status;
  }
}
