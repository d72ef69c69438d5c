package dev.agentrace.exporters.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentrace.core.IdGenerator;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback OTLP/HTTP receiver whose answer a test switches while spans flow: accept, stall, 503 (with or
 * without {@code Retry-After}), 429, 400, partial success, or no listener at all (connections refused). It
 * keeps the server's side of the books from the decoded requests (official opentelemetry-proto classes):
 * which span ids arrived — in a request answered 2xx and not rejected, the only way a span reaches a
 * backend — which were refused finally (400) and which were rejected in a partial success, and how often an
 * id came back after a final answer (a duplicate).
 *
 * <p>The JDK's {@code HttpServer} rather than MockWebServer: MockWebServer keeps every request it has seen,
 * which would hide in the heap what the outage test measures. Span ids must come from
 * {@code IdGenerator.sequential()} (1, 2, 3...), so that bit sets can hold them.
 *
 * <p>Thread-safe. Faults change only between requests' answers, never in the middle of one, except that
 * {@link #refuse} closes connections a request may still be waiting on (the client sees an I/O error, as
 * with a crashed collector).
 */
final class FaultyCollector implements AutoCloseable {

  /** What a request was answered with; counted per kind. */
  enum Kind { OK, PARTIAL, BAD_REQUEST, UNAVAILABLE, TOO_MANY_REQUESTS, STALLED }

  /**
   * How to answer: {@code retryAfter} goes on 503s (null = none); a partial success rejects the last
   * {@code rejects} spans of each request; a rotation answers request number n with {@code rotation[n % length]}.
   */
  record Mode(Kind kind, String retryAfter, int rejects, List<Mode> rotation) {
    static Mode ok() {
      return new Mode(Kind.OK, null, 0, null);
    }

    /** Holds each request until the mode changes, then answers 503 with {@code Retry-After: 0}. */
    static Mode stall() {
      return new Mode(Kind.STALLED, null, 0, null);
    }

    static Mode unavailable(String retryAfter) {
      return new Mode(Kind.UNAVAILABLE, retryAfter, 0, null);
    }

    static Mode tooManyRequests() {
      return new Mode(Kind.TOO_MANY_REQUESTS, null, 0, null);
    }

    static Mode badRequest() {
      return new Mode(Kind.BAD_REQUEST, null, 0, null);
    }

    static Mode partial(int rejects) {
      return new Mode(Kind.PARTIAL, null, rejects, null);
    }

    static Mode rotate(Mode... modes) {
      return new Mode(null, null, 0, List.of(modes));
    }

    @Override
    public String toString() {
      if (rotation != null) {
        return "rotate" + rotation;
      }
      return kind + (retryAfter == null ? "" : " Retry-After: " + retryAfter) + (kind == Kind.PARTIAL ? " rejects " + rejects : "");
    }
  }

  private static final Duration MAX_STALL = Duration.ofMinutes(2);

  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "faulty-collector");
    t.setDaemon(true);
    return t;
  });
  private final int port;
  private final Map<Kind, AtomicInteger> answered = new EnumMap<>(Kind.class);
  private final AtomicLong rotationIndex = new AtomicLong();
  private final List<Throwable> problems = new CopyOnWriteArrayList<>();
  // Guarded by this.
  private final BitSet arrived = new BitSet();
  private final BitSet refused = new BitSet();
  private final BitSet rejected = new BitSet();
  private long duplicates;
  private HttpServer server;

  private volatile Mode mode = Mode.ok();
  private volatile CountDownLatch stallGate = new CountDownLatch(1);

  private FaultyCollector() throws IOException {
    for (Kind k : Kind.values()) {
      answered.put(k, new AtomicInteger());
    }
    this.server = listen(0);
    this.port = server.getAddress().getPort();
  }

  /** A receiver on a free loopback port, accepting everything. */
  static FaultyCollector start() throws IOException {
    return new FaultyCollector();
  }

  /** The base URL to give the exporter. */
  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Answers from now on as {@code next} says; requests held by a stall are let go (with a 503). */
  void answer(Mode next) {
    mode = next;
    CountDownLatch gate = stallGate;
    stallGate = new CountDownLatch(1);
    gate.countDown();
  }

  /** Closes the port: connection attempts are refused until {@link #accept}. */
  synchronized void refuse() {
    // A request caught half-way by the close is held, never answered 2xx: it did not arrive, whatever happens.
    answer(Mode.stall());
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Listens again, on the same port, answering as {@code next} says. */
  synchronized void accept(Mode next) throws IOException {
    answer(next);
    if (server == null) {
      server = listen(port);
    }
  }

  private HttpServer listen(int onPort) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
    s.setExecutor(handlers);
    s.createContext("/v1/traces", this::handle);
    s.start();
    return s;
  }

  /** Requests answered with {@code kind} so far (stalled ones count when they arrive). */
  int answered(Kind kind) {
    return answered.get(kind).get();
  }

  /** Waits until at least {@code n} requests were answered with {@code kind}; fails the test after {@code timeout}. */
  void awaitAnswered(Kind kind, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (answered(kind) < n) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + timeout + " for " + n + " requests answered " + kind + ", saw " + answered(kind)
            + "; all answers so far: " + answeredCounts());
      }
      Thread.sleep(5);
    }
  }

  Map<Kind, Integer> answeredCounts() {
    Map<Kind, Integer> m = new EnumMap<>(Kind.class);
    answered.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  synchronized BitSet arrived() {
    return (BitSet) arrived.clone();
  }

  synchronized BitSet refused() {
    return (BitSet) refused.clone();
  }

  synchronized BitSet rejected() {
    return (BitSet) rejected.clone();
  }

  /** Ids that came again after they had already been answered finally (arrived, refused or rejected). */
  synchronized long duplicates() {
    return duplicates;
  }

  /** Requests that could not be decoded or answered: each one is a test failure. */
  List<Throwable> problems() {
    return problems;
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Mode m = mode;
      if (m.rotation() != null) {
        m = m.rotation().get((int) (rotationIndex.getAndIncrement() % m.rotation().size()));
      }
      switch (m.kind()) {
        case STALLED -> {
          answered.get(Kind.STALLED).incrementAndGet();
          // The client gives up first (its timeout is shorter); whatever this answer meets is never a delivery.
          stallGate.await(MAX_STALL.toMillis(), TimeUnit.MILLISECONDS);
          exchange.getResponseHeaders().set("Retry-After", "0");
          respond(exchange, 503, null);
        }
        case UNAVAILABLE -> {
          answered.get(Kind.UNAVAILABLE).incrementAndGet();
          if (m.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", m.retryAfter());
          }
          respond(exchange, 503, null);
        }
        case TOO_MANY_REQUESTS -> {
          answered.get(Kind.TOO_MANY_REQUESTS).incrementAndGet();
          respond(exchange, 429, null);
        }
        case BAD_REQUEST -> {
          record(spanIds(body), 0, refused);
          answered.get(Kind.BAD_REQUEST).incrementAndGet();
          respond(exchange, 400, null);
        }
        case PARTIAL -> {
          long[] ids = spanIds(body);
          int rejects = Math.min(m.rejects(), ids.length);
          record(ids, 0, ids.length - rejects, arrived);
          record(ids, ids.length - rejects, ids.length, rejected);
          answered.get(Kind.PARTIAL).incrementAndGet();
          respond(exchange, 200, ExportTraceServiceResponse.newBuilder()
              .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejects)
                  .setErrorMessage(rejects + " spans failed validation"))
              .build().toByteArray());
        }
        case OK -> {
          record(spanIds(body), 0, arrived);
          answered.get(Kind.OK).incrementAndGet();
          respond(exchange, 200, null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away (it timed out a stalled request, or the port was closed under it): not a delivery.
    } catch (RuntimeException | Error e) {
      problems.add(e);
    }
  }

  private static void respond(HttpExchange exchange, int code, byte[] body) throws IOException {
    if (body != null) {
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    }
    exchange.sendResponseHeaders(code, body == null || body.length == 0 ? -1 : body.length);
    if (body != null && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static long[] spanIds(byte[] body) throws IOException {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
    List<Long> ids = new ArrayList<>();
    request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(
        s -> ids.add(ByteBuffer.wrap(s.getSpanId().toByteArray()).getLong()))));
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  private void record(long[] ids, int from, BitSet into) {
    record(ids, from, ids.length, into);
  }

  private synchronized void record(long[] ids, int from, int to, BitSet into) {
    for (int i = from; i < to; i++) {
      if (ids[i] <= 0 || ids[i] > Integer.MAX_VALUE) {
        throw new IllegalStateException("span id " + ids[i] + " is not from IdGenerator.sequential()");
      }
      int id = (int) ids[i];
      if (arrived.get(id) || refused.get(id) || rejected.get(id)) {
        duplicates++;
      }
      into.set(id);
    }
  }

  @Override
  public synchronized void close() {
    answer(Mode.ok());
    if (server != null) {
      server.stop(0);
      server = null;
    }
    handlers.shutdownNow();
  }
}
