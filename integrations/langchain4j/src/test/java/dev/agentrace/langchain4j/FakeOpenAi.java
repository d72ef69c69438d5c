package dev.agentrace.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A loopback HTTP server that answers {@code POST /v1/chat/completions} like the OpenAI API: each request
 * takes the next scripted reply (a JSON completion, a server-sent-event stream of chunks, or an error status).
 * The request bodies are kept for assertions.
 */
final class FakeOpenAi implements AutoCloseable {
  /** One scripted answer. */
  record Reply(int status, String contentType, List<String> parts) {}

  static final String MODEL_VERSION = "gpt-4o-mini-2024-07-18";
  static final long FIRST_CHUNK_DELAY_MS = 40;

  private final HttpServer server;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  FakeOpenAi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  FakeOpenAi enqueue(Reply reply) {
    replies.add(reply);
    return this;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Reply reply = replies.poll();
      if (reply == null) {
        reply = new Reply(500, "application/json", List.of("{\"error\":{\"message\":\"no scripted reply\"}}"));
      }
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      boolean sse = reply.contentType().startsWith("text/event-stream");
      byte[] whole = String.join("", reply.parts()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), sse ? 0 : whole.length);
      OutputStream out = exchange.getResponseBody();
      if (sse) {
        // Event by event, flushed: the client sees a stream, not one body. The first event comes after a
        // pause, as a model's first token does, so that time to first token has a floor a test can check.
        out.flush();
        pause(FIRST_CHUNK_DELAY_MS);
        for (String part : reply.parts()) {
          out.write(part.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } else {
        out.write(whole);
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ---- replies -------------------------------------------------------------------------------------------

  static Reply toolCall(String callId, String name, String argumentsJson) {
    return json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1767225600,\"model\":\"" + MODEL_VERSION
        + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\""
        + callId + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":"
        + quote(argumentsJson) + "}}]},\"finish_reason\":\"tool_calls\"}],"
        + "\"usage\":{\"prompt_tokens\":81,\"completion_tokens\":17,\"total_tokens\":98}}");
  }

  static Reply text(String text) {
    return json("{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1767225601,\"model\":\"" + MODEL_VERSION
        + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quote(text)
        + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":9,\"total_tokens\":129,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":64}}}");
  }

  static Reply rateLimited() {
    return new Reply(429, "application/json", List.of("{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\","
        + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"));
  }

  /** A streamed reply: the text in pieces, then the finish reason, then the usage chunk, then [DONE]. */
  static Reply streamedText(String... pieces) {
    List<String> events = new java.util.ArrayList<>();
    boolean first = true;
    for (String p : pieces) {
      events.add(chunk("{" + (first ? "\"role\":\"assistant\"," : "") + "\"content\":" + quote(p) + "}", null));
      first = false;
    }
    events.add(chunk("{}", "stop"));
    events.add(usageChunk(140, 8));
    events.add("data: [DONE]\n\n");
    return new Reply(200, "text/event-stream", events);
  }

  /** A streamed tool call: the call's id and name, then its arguments in two pieces. */
  static Reply streamedToolCall(String callId, String name, String argsStart, String argsEnd) {
    List<String> events = List.of(
        chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"" + callId
            + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quote(argsStart) + "}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quote(argsEnd) + "}}]}", null),
        chunk("{}", "tool_calls"),
        usageChunk(90, 20),
        "data: [DONE]\n\n");
    return new Reply(200, "text/event-stream", events);
  }

  private static String chunk(String delta, String finish) {
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1767225602,\"model\":\""
        + MODEL_VERSION + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
  }

  private static String usageChunk(int in, int out) {
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1767225602,\"model\":\""
        + MODEL_VERSION + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out
        + ",\"total_tokens\":" + (in + out) + "}}\n\n";
  }

  private static Reply json(String body) {
    return new Reply(200, "application/json", List.of(body));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
