package dev.agentrace.examples.spring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server that answers chat completions like the OpenAI API, so the example runs without a
 * key: asked about an order number, it calls {@code orderStatus} for it; given the tool's result, it answers
 * with it. Spring AI's real OpenAI client talks to it ({@code spring.ai.openai.base-url}); both the
 * {@code /v1/chat/completions} path of Spring AI 1.x and the {@code /chat/completions} path the OpenAI SDK
 * (Spring AI 2.x) appends to a base URL are served.
 *
 * <p>Thread-safe: requests are answered from the request alone.
 */
public final class OfflineModel implements AutoCloseable {
  static final String MODEL = "gpt-4o-mini";
  private static final Pattern ORDER = Pattern.compile("order (\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern TOOL_RESULT = Pattern.compile("(Order \\d+ [^\"\\\\]+|No order \\d+)");

  private final HttpServer server;

  private OfflineModel(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on a free loopback port. */
  public static OfflineModel start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", OfflineModel::chat);
    server.createContext("/chat/completions", OfflineModel::chat);
    server.start();
    return new OfflineModel(server);
  }

  /** The value for {@code spring.ai.openai.base-url}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void chat(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Matcher result = TOOL_RESULT.matcher(body);
    String last = null;
    while (result.find()) {
      last = result.group(1);
    }
    String message;
    String finish;
    if (last != null) {
      message = "{\"role\":\"assistant\",\"content\":\"" + last + ". Anything else I can do for you?\"}";
      finish = "stop";
    } else {
      Matcher order = ORDER.matcher(body);
      if (order.find()) {
        message = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"orderStatus\",\"arguments\":\"{\\\"orderId\\\":\\\"" + order.group(1) + "\\\"}\"}}]}";
        finish = "tool_calls";
      } else {
        message = "{\"role\":\"assistant\",\"content\":\"Which order is it about? Please give me its number.\"}";
        finish = "stop";
      }
    }
    int promptTokens = body.length() / 4;
    String json = "{\"id\":\"chatcmpl-offline\",\"object\":\"chat.completion\",\"created\":1764800000,\"model\":\"" + MODEL
        + "\",\"choices\":[{\"index\":0,\"message\":" + message + ",\"logprobs\":null,\"finish_reason\":\"" + finish + "\"}],"
        + "\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":20,\"total_tokens\":"
        + (promptTokens + 20) + "}}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
