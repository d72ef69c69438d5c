package dev.agentrace.exporters.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.exporters.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live view's HTTP side on the JDK's server, bound to loopback: {@code GET /} is the page, {@code GET /events}
 * the server-sent event stream (a hello, every record held, then each record as it arrives). Every request must
 * carry the access token and a loopback Host header (so a page on another origin cannot reach it through DNS
 * rebinding); nothing but GET and HEAD is served, so there is no way to write.
 *
 * <p>Thread-safety: {@link #publish} (the exporter's thread) and a client's registration take {@link #lock}, so a
 * new client gets the snapshot and then every later record, with no gap and no duplicate. Each client has a
 * bounded queue drained by its own request thread; a client that falls that far behind is disconnected, and its
 * browser reconnects and starts again from a snapshot.
 */
final class LiveServer {
  private static final int MAX_CLIENTS = 16;
  private static final int CLIENT_QUEUE = 20_000;
  private static final long KEEPALIVE_SECONDS = 15;
  private static final String STOP = "";
  /**
   * The token of each port a live view of this JVM has served: a view started again on the same port (the SDK
   * restarted) keeps the token, so pages already open reconnect by themselves and catch up from its snapshot.
   */
  private static final ConcurrentHashMap<Integer, String> TOKENS_BY_PORT = new ConcurrentHashMap<>();

  private final HttpServer server;
  private final ExecutorService executor;
  private final String token;
  private final byte[] tokenBytes;
  private final RunStore store;
  private final int maxSpans;
  private final Object lock = new Object();
  private final Set<BlockingQueue<String>> clients = ConcurrentHashMap.newKeySet();
  private final String instance = Page.random(6);
  private volatile boolean stopped;

  LiveServer(int port, int maxSpans) {
    this.store = new RunStore(maxSpans);
    this.maxSpans = maxSpans;
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "agentrace-live-view-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new IllegalStateException("LiveView cannot listen on loopback port " + port + " (" + e.getMessage()
          + "); choose a free port, or 0 for any free port", e);
    }
    this.token = TOKENS_BY_PORT.computeIfAbsent(server.getAddress().getPort(), p -> Page.random(24));
    this.tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://" + host() + ":" + server.getAddress().getPort() + "/?token=" + token;
  }

  private static String host() {
    String h = InetAddress.getLoopbackAddress().getHostAddress();
    return h.contains(":") ? "[" + h + "]" : h;
  }

  /** Keeps one record and sends it to every connected page; runs that fall off are announced too. */
  void publish(String traceId, String spanId, String json) {
    synchronized (lock) {
      List<String> evicted = store.put(traceId, spanId, json);
      for (String trace : evicted) {
        long dropped = store.droppedRuns();
        broadcast("event: evict\ndata: " + Json.toJson(g -> {
          g.writeStartObject();
          g.writeStringProperty("trace_id", trace);
          g.writeNumberProperty("dropped_runs", dropped);
          g.writeEndObject();
        }) + "\n\n");
      }
      broadcast("event: span\ndata: " + json + "\n\n");
    }
  }

  private void broadcast(String message) {
    for (BlockingQueue<String> q : clients) {
      if (!q.offer(message)) {
        // Too far behind: drop the connection; the browser reconnects and gets a fresh snapshot.
        q.clear();
        q.offer(STOP);
      }
    }
  }

  void stop() {
    stopped = true;
    for (BlockingQueue<String> q : clients) {
      q.clear();
      q.offer(STOP);
    }
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Headers h = ex.getResponseHeaders();
      h.set("X-Content-Type-Options", "nosniff");
      h.set("Referrer-Policy", "no-referrer");
      h.set("Cache-Control", "no-store");
      if (!allowed(ex)) {
        text(ex, 403, "Forbidden: this Agentrace live view needs the URL it printed, with its token, from this machine.");
        return;
      }
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        h.set("Allow", "GET, HEAD");
        text(ex, 405, "Method not allowed: the live view is read-only.");
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (path.equals("/")) {
        page(ex);
      } else if (path.equals("/events")) {
        events(ex);
      } else {
        text(ex, 404, "Not found.");
      }
    }
  }

  private boolean allowed(HttpExchange ex) {
    String host = ex.getRequestHeaders().getFirst("Host");
    int port = server.getAddress().getPort();
    boolean loopbackHost = host != null
        && (host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port) || host.equals("[::1]:" + port));
    return loopbackHost && tokenMatches(ex.getRequestURI());
  }

  private boolean tokenMatches(URI uri) {
    String query = uri.getRawQuery();
    if (query == null) {
      return false;
    }
    for (int from = 0; from <= query.length(); ) {
      int end = query.indexOf('&', from);
      String pair = query.substring(from, end < 0 ? query.length() : end);
      if (pair.startsWith("token=")) {
        // Constant time: the comparison must not tell a guesser how many characters were right.
        return MessageDigest.isEqual(tokenBytes, pair.substring(6).getBytes(StandardCharsets.US_ASCII));
      }
      if (end < 0) {
        break;
      }
      from = end + 1;
    }
    return false;
  }

  private void page(HttpExchange ex) throws IOException {
    String nonce = Page.random(18);
    String config = "{\"mode\":\"live\",\"token\":\"" + token + "\",\"maxSpans\":" + maxSpans + "}";
    byte[] body = Page.render(nonce, true, config, "[]").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.getResponseHeaders().set("Content-Security-Policy", Page.csp(nonce, true) + "; frame-ancestors 'none'");
    send(ex, 200, body);
  }

  private void events(HttpExchange ex) throws IOException {
    if (stopped || clients.size() >= MAX_CLIENTS) {
      text(ex, 503, "Too many live pages open.");
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    BlockingQueue<String> queue = new ArrayBlockingQueue<>(CLIENT_QUEUE);
    List<String> snapshot;
    long dropped;
    synchronized (lock) {
      snapshot = store.snapshot();
      dropped = store.droppedRuns();
      clients.add(queue);
    }
    try {
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      StringBuilder first = new StringBuilder(64 + snapshot.size() * 512);
      first.append("retry: 1000\nevent: hello\ndata: {\"instance\":\"").append(instance).append("\",\"dropped_runs\":")
          .append(dropped).append("}\n\n");
      for (String json : snapshot) {
        first.append("event: span\ndata: ").append(json).append("\n\n");
      }
      write(out, first.toString());
      while (!stopped) {
        String message = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        if (message == null) {
          write(out, ": keep-alive\n\n");
        } else if (message.equals(STOP)) {
          break;
        } else {
          StringBuilder more = new StringBuilder(message);
          boolean end = false;
          for (String next; !end && (next = queue.poll()) != null; ) {
            end = next.equals(STOP);
            more.append(end ? "" : next);
          }
          write(out, more.toString());
          if (end) {
            break;
          }
        }
      }
    } catch (IOException e) {
      // The page went away: nothing to report, the browser reconnects if it is still open.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      Warnings.once("live-view-stream", "The Agentrace live view's event stream failed; the page will reconnect.", e);
    } finally {
      clients.remove(queue);
    }
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void text(HttpExchange ex, int status, String message) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, status, message.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }
}
