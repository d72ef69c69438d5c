package dev.agentrace.exporters.web;

import dev.agentrace.exporters.JsonTree;
import dev.agentrace.exporters.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JsonGenerator;

/**
 * A real headless Chromium (Debian's {@code chromium}, which {@code .ci/install-chromium.sh} installs) driven over
 * the DevTools protocol on the JDK's WebSocket client: navigate, evaluate JavaScript, click like a mouse, watch
 * the network, take screenshots. One browser process and one page per instance; not thread-safe.
 */
final class Chromium implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);
  private static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
  /** Every protocol event received, in order: method and params. */
  final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts a headless browser with a blank page, 1400×900, and connects to that page. */
  static Chromium launch() throws Exception {
    if (!installed()) {
      throw new IllegalStateException(BINARY + " is missing: run .ci/install-chromium.sh (apt-get install chromium)");
    }
    Path profile = Files.createTempDirectory("agentrace-chromium");
    Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--disable-sync", "--metrics-recording-only",
        "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1400,900",
        "--user-data-dir=" + profile, "about:blank")
        .redirectErrorStream(true)
        .redirectOutput(profile.resolve("chromium.log").toFile())
        .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        process.destroyForcibly();
        throw new IllegalStateException("Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
      }
      Thread.sleep(20);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    HttpClient http = HttpClient.newHttpClient();
    String pageSocket = null;
    while (pageSocket == null) {
      String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (Object target : (List<?>) JsonTree.parse(list)) {
        Map<?, ?> t = (Map<?, ?>) target;
        if ("page".equals(t.get("type"))) {
          pageSocket = (String) t.get("webSocketDebuggerUrl");
        }
      }
      if (pageSocket == null) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Chromium has no page target: " + list);
        }
        Thread.sleep(20);
      }
    }
    Listener listener = new Listener();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener).get(20, TimeUnit.SECONDS);
    Chromium c = new Chromium(process, profile, ws);
    listener.owner = c;
    c.call("Page.enable", Map.of());
    c.call("Runtime.enable", Map.of());
    c.call("Network.enable", Map.of());
    c.call("Log.enable", Map.of());
    return c;
  }

  /** Sends one command and waits for its result; a protocol error fails the test with its message. */
  Map<String, Object> call(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
    pending.put(id, reply);
    String message = Json.toJson(g -> {
      g.writeStartObject();
      g.writeNumberProperty("id", id);
      g.writeStringProperty("method", method);
      g.writeName("params");
      write(g, params);
      g.writeEndObject();
    });
    socket.sendText(message, true).get(20, TimeUnit.SECONDS);
    Map<String, Object> r = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (r.containsKey("error")) {
      throw new IllegalStateException(method + " failed: " + r.get("error"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) r.get("result");
    return result;
  }

  /** Navigates and waits for the page's load event. */
  void open(String url) throws Exception {
    int before = count("Page.loadEventFired");
    call("Page.navigate", Map.of("url", url));
    waitUntil(() -> count("Page.loadEventFired") > before, "the load event of " + url);
  }

  /** Evaluates an expression in the page and returns its value (JSON-like: maps, lists, strings, numbers). */
  Object eval(String expression) throws Exception {
    Map<String, Object> r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (r.containsKey("exceptionDetails")) {
      throw new IllegalStateException("page threw evaluating " + expression + ": " + r.get("exceptionDetails"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> value = (Map<String, Object>) r.get("result");
    return value.get("value");
  }

  String text(String expression) throws Exception {
    return String.valueOf(eval(expression));
  }

  /** Polls {@code condition} (a JavaScript expression) every few milliseconds until it is true. */
  void waitFor(String condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Boolean.TRUE.equals(eval("!!(" + condition + ")"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the page never satisfied " + condition + "; it shows: " + text("document.body.innerText")
            + "\npage errors and console: " + problems());
      }
      Thread.sleep(2);
    }
  }

  /** Clicks the centre of the first element matching {@code selector}, with real mouse events. */
  void click(String selector) throws Exception {
    waitFor("document.querySelector(" + quote(selector) + ")");
    eval("document.querySelector(" + quote(selector) + ").scrollIntoView({block: 'center'})");
    @SuppressWarnings("unchecked")
    Map<String, Object> box = (Map<String, Object>) eval("(function(){var r=document.querySelector(" + quote(selector)
        + ").getBoundingClientRect();return {x:r.left+Math.min(r.width/2,40),y:r.top+r.height/2};})()");
    double x = ((Number) box.get("x")).doubleValue();
    double y = ((Number) box.get("y")).doubleValue();
    for (String type : List.of("mousePressed", "mouseReleased")) {
      call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1L));
    }
  }

  /** Saves a PNG of the viewport. */
  void screenshot(Path file) throws Exception {
    String data = (String) call("Page.captureScreenshot", Map.of("format", "png")).get("data");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(data));
  }

  /** The URLs of every request the page started, from the Network domain's events. */
  List<String> requests() {
    List<String> urls = new ArrayList<>();
    for (Map<String, Object> e : events) {
      if ("Network.requestWillBeSent".equals(e.get("method"))) {
        Map<?, ?> request = (Map<?, ?>) ((Map<?, ?>) e.get("params")).get("request");
        urls.add(String.valueOf(request.get("url")));
      }
    }
    return urls;
  }

  /** The page's uncaught exceptions and console messages, for failure messages. */
  List<Object> problems() {
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> e : events) {
      Object m = e.get("method");
      if ("Runtime.exceptionThrown".equals(m) || "Runtime.consoleAPICalled".equals(m) || "Log.entryAdded".equals(m)) {
        out.add(e.get("params"));
      }
    }
    return out;
  }

  int count(String method) {
    int n = 0;
    for (Map<String, Object> e : events) {
      if (method.equals(e.get("method"))) {
        n++;
      }
    }
    return n;
  }

  static String quote(String s) {
    return Json.toJson(g -> g.writeString(s));
  }

  private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private static void write(JsonGenerator g, Object v) {
    if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      Json.writeValue(g, v);
    }
  }

  @Override
  public void close() throws IOException {
    socket.abort();
    // Chromium's helper processes (renderer, GPU, crashpad) outlive the browser process for a moment and keep
    // writing into the profile: end them all before deleting it.
    List<ProcessHandle> helpers = process.descendants().collect(Collectors.toList());
    process.destroy();
    helpers.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      for (ProcessHandle h : helpers) {
        h.onExit().get(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      helpers.forEach(ProcessHandle::destroyForcibly);
    }
    deleteProfile();
  }

  /** Deletes the temporary profile; a file a dying helper removes meanwhile is not an error. */
  private void deleteProfile() throws IOException {
    for (int attempt = 0; attempt < 3 && Files.exists(profile); attempt++) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
      }
    }
  }

  /** Collects the text frames of one message and hands it to the owner: a reply to its call, or an event. */
  private static final class Listener implements WebSocket.Listener {
    volatile Chromium owner;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        Map<String, Object> message = new LinkedHashMap<>(JsonTree.object(partial.toString()));
        partial.setLength(0);
        Chromium c = owner;
        Object id = message.get("id");
        if (id instanceof Number n && c != null) {
          CompletableFuture<Map<String, Object>> f = c.pending.remove(n.intValue());
          if (f != null) {
            f.complete(message);
          }
        } else if (c != null) {
          c.events.add(message);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
