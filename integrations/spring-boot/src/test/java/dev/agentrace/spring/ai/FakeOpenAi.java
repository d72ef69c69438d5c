package dev.agentrace.spring.ai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that answers like the OpenAI API, for Spring AI's real OpenAI client: the first chat
 * completion asks for the {@code orderStatus} tool, the one after the tool result (a request holding a
 * {@code "tool"} message) answers in text, a streamed request gets two chunks; {@code /v1/embeddings} returns a small vector per input. A prompt
 * containing {@code FAIL} gets a 400, which Spring AI does not retry.
 */
final class FakeOpenAi implements AutoCloseable {
  static final String MODEL = "gpt-4o-mini";
  static final String ANSWER = "Order 42 shipped yesterday and arrives Friday.";

  private final HttpServer server;
  final List<String> chatRequests = new CopyOnWriteArrayList<>();

  FakeOpenAi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/embeddings", this::embeddings);
    server.start();
  }

  /** The base URL for {@code spring.ai.openai.base-url}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void chat(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    chatRequests.add(body);
    if (body.contains("\"stream\":true")) {
      stream(exchange);
    } else if (body.contains("FAIL")) {
      respond(exchange, 400, """
          {"error":{"message":"This prompt is refused","type":"invalid_request_error","code":"refused"}}""");
    } else if (body.contains("\"role\":\"tool\"")) {
      respond(exchange, 200, """
          {"id":"chatcmpl-2","object":"chat.completion","created":1764800000,"model":"%s",
           "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
           "usage":{"prompt_tokens":71,"completion_tokens":12,"total_tokens":83}}""".formatted(MODEL, ANSWER));
    } else {
      respond(exchange, 200, """
          {"id":"chatcmpl-1","object":"chat.completion","created":1764800000,"model":"%s",
           "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
             {"id":"call_1","type":"function","function":{"name":"orderStatus","arguments":"{\\"orderId\\":\\"42\\"}"}}]},
            "finish_reason":"tool_calls"}],
           "usage":{"prompt_tokens":52,"completion_tokens":9,"total_tokens":61}}""".formatted(MODEL));
    }
  }

  /** A streamed answer in two chunks, as server-sent events. */
  private static void stream(HttpExchange exchange) throws IOException {
    String chunk = "data: {\"id\":\"chatcmpl-3\",\"object\":\"chat.completion.chunk\",\"created\":1764800000,"
        + "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}\n\n";
    String events = chunk.formatted("{\"role\":\"assistant\",\"content\":\"Order 42 \"}", "null")
        + chunk.formatted("{\"content\":\"shipped.\"}", "\"stop\"")
        + "data: [DONE]\n\n";
    byte[] bytes = events.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void embeddings(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    // One vector per input string; the inputs are the strings of the "input" array. A vector that depends on
    // the text's length is enough for a similarity search to rank documents deterministically.
    int start = body.indexOf("\"input\"");
    String inputs = body.substring(body.indexOf('[', start) + 1, body.indexOf(']', start));
    StringBuilder data = new StringBuilder();
    int index = 0;
    for (String part : inputs.split("\",\"")) {
      double len = part.length();
      data.append(index == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(index++)
          .append(",\"embedding\":[").append(1.0).append(',').append(len / 100).append(',').append(0.5).append("]}");
    }
    respond(exchange, 200, """
        {"object":"list","data":[%s],"model":"text-embedding-3-small","usage":{"prompt_tokens":%d,"total_tokens":%d}}"""
        .formatted(data, 3 * index, 3 * index));
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
