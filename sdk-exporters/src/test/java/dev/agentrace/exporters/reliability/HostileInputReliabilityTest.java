package dev.agentrace.exporters.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.Propagation;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanContext;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.ReadableSpan;
import dev.agentrace.core.Sampler;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.SpanProcessor;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.exporters.JsonTree;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import dev.agentrace.schema.ActivitySchema;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input fuzzing (issue 8): threads drive the whole instrumentation surface with random hostile
 * arguments — nulls, NaN and infinities, huge and 10,000-deep payloads, cyclic maps, lists, arrays and
 * records, lone surrogates and control characters, objects and throwables whose every method throws
 * (including Errors and undeclared checked exceptions), spans ended twice, out of order, on other threads
 * or never, children of ended parents, hostile {@code traceparent} headers and carriers — into a real SDK
 * exporting to a JSONL file and to OTLP/HTTP protobuf and JSON servers on loopback.
 *
 * <p>Then: no call threw into the caller (run/call rethrow exactly the step's own exception); every JSONL
 * line and every OTLP body is valid UTF-8 that parses (protobuf with the official opentelemetry-proto
 * classes), with no unpaired surrogate in any string; a span's name and error message read the same in all
 * three sinks; and {@code started == exported + dropped}, with each sink holding exactly the exported spans,
 * once each, all of them spans the fuzzer started.
 *
 * <p>Reproducible: the seed comes from {@value #SEED_PROPERTY} or is drawn at random, and every failure
 * message names it with the property to rerun with, the thread and the action. Each thread draws from its
 * own generator split from the seed, and each action from its own generator seeded by the thread's, so a
 * thread's sequence of actions and the hostile values they use are fixed by the seed, whatever the other
 * threads do; only which span an action picks can change with the spans other threads hand over.
 */
class HostileInputReliabilityTest {
  static final String SEED_PROPERTY = "agentrace.fuzz.seed";
  private static final int THREADS = 4;
  private static final Duration WAIT = Duration.ofSeconds(120);
  /** The types the activity schema declares, so conformance checking meets hostile payloads too. */
  private static final ActivitySchema SCHEMA = ActivitySchema.builder()
      .type("tool", "{\"type\":\"object\",\"required\":[\"prompt\"]}", "{\"type\":\"string\",\"maxLength\":8}")
      .type("llm", "{\"type\":\"array\"}", null)
      .build();

  /**
   * What the configured limits allow one span on the wire: two payloads of 1,024 characters and up to 40 texts of
   * 128 (name, type, model, ids, 16 attributes with their keys), at most 3 bytes a character, plus 8 events whose
   * exception stack traces are bounded by StackTraces (32 causes of at most 2,000 characters of message and 32
   * frames), and some room. A value the limits miss (an uncapped list, a raw string) overshoots it by far.
   */
  private static final int MAX_SPAN_BYTES = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void hostileCallsFromManyThreads_neverThrowKeepEveryRecordValidAndLoseNoSpanUncounted() throws Exception {
    long seed = Long.getLong(SEED_PROPERTY, new SplittableRandom().nextLong());
    String rerun = "seed " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + ")";
    int actionsPerThread = Reliability.scale(2_000, 25_000);
    Path file = dir.resolve("fuzz.jsonl");
    Fuzz fuzz = new Fuzz(rerun);
    long began = System.nanoTime();
    SdkStats stats;
    OtlpSink proto;
    OtlpSink json;
    try (MockWebServer protoServer = server(); MockWebServer jsonServer = server()) {
      proto = new OtlpSink(protoServer, false, fuzz);
      json = new OtlpSink(jsonServer, true, fuzz);
      AgentraceSdk sdk = AgentraceSdk.builder().agent("fuzz\uD800agent\u0000").version("1").environment("fuzz")
          .shutdownHook(false)
          .sampler(Sampler.ratio(0.8))
          .maxPayloadChars(1024).maxTextChars(128).maxAttributes(16).maxEvents(8)
          .batchDelay(Duration.ofMillis(50))
          .activitySchema(SCHEMA)
          .processor(new ThrowingProcessor())
          .exporter(JsonlExporter.builder(file).fsync(false).build())
          .exporter(OtlpHttpExporter.builder().endpoint(protoServer.url("/").toString()).compression("gzip")
              .timeout(Duration.ofSeconds(60)).build())
          .exporter(OtlpHttpExporter.builder().endpoint(jsonServer.url("/").toString()).json()
              .timeout(Duration.ofSeconds(60)).build())
          .build();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      fuzz.tracer = sdk.tracer();
      fuzz.sdk = sdk;
      fuzz.pool = sdk.tracer().wrap(pool);
      SplittableRandom root = new SplittableRandom(seed);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Actor actor = new Actor(fuzz, "thread " + t, root.split());
        Thread thread = new Thread(() -> actor.runActions(actionsPerThread), "fuzz-" + t);
        threads.add(thread);
        thread.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).as(rerun + ": wrapped tasks finished").isTrue();
      stats = sdk.shutdown(WAIT);
      proto.finish();
      json.finish();
    }
    long fuzzMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    JsonlSink jsonl = JsonlSink.read(file, fuzz);

    assertThat(fuzz.failures).as(rerun + ": " + fuzz.failureCount.get() + " calls threw into the caller or broke an"
        + " invariant, by kind:" + fuzz.summary() + "\nthe first of each kind").isEmpty();
    assertThat(stats.spansStarted()).as(rerun + ": spans started == exported + dropped " + stats)
        .isEqualTo(stats.spansExported() + stats.spansDropped());
    assertThat(stats.spansStarted()).as(rerun + ": the SDK counts the recording spans the fuzzer started " + stats
        + "; in JSONL " + jsonl.ids().size() + ", OTLP " + proto.ids().size() + " and " + json.ids().size()
        + "; started but not in JSONL: " + missing(fuzz.startedIds, jsonl.ids()) + "; in JSONL but not started: "
        + jsonl.strangers)
        .isEqualTo(fuzz.startedIds.size());
    assertThat(stats.exportFailures()).as(rerun + ": exports to loopback failed " + stats).isZero();
    for (Sink sink : List.of(jsonl, proto, json)) {
      assertThat(sink.duplicates()).as(rerun + ": " + sink.name() + " holds no span twice").isZero();
      assertThat((long) sink.ids().size()).as(rerun + ": " + sink.name() + " holds exactly the exported spans " + stats)
          .isEqualTo(stats.spansExported());
      assertThat(fuzz.startedIds.keySet()).as(rerun + ": " + sink.name() + " holds only spans the fuzzer started")
          .containsAll(sink.ids().keySet());
    }
    for (Sink sink : List.of(proto, json)) {
      assertThat(differences(jsonl.ids(), sink.ids())).as(rerun + ": names and error messages read the same in "
          + sink.name() + " as in JSONL (span id: JSONL vs " + sink.name() + ")").isEmpty();
    }
    assertThat(stats.spansExported()).as(rerun + ": the run exported spans at all").isPositive();
    assertThat(proto.largestSpan.get()).as(rerun + ": the largest span in OTLP protobuf, " + proto.largestSpanName
        + ", stays within the limits").isLessThan(MAX_SPAN_BYTES);

    Reliability.record(Reliability.row("Hostile input fuzzing",
        String.format("%d threads × %,d actions (%,d API calls, %,d wrapped tasks), seed %d", THREADS, actionsPerThread,
            fuzz.calls.get(), fuzz.tasks.get(), seed),
        "nulls; NaN/±Infinity; 1 MB strings; 10,000-deep maps and lists; cyclic maps, lists, arrays, records and"
            + " causes; lone surrogates, U+0000 and control characters; toString/hashCode/getMessage/accessors"
            + " throwing RuntimeException, Error and undeclared checked exceptions; ending twice, out of order, on"
            + " another thread and never; children of ended parents; hostile traceparent headers and carriers; a"
            + " processor that throws",
        stats, String.format("%,d JSONL lines, %,d + %,d OTLP requests; %,d instrumentation errors counted; %,d never"
            + " ended; largest span %,d bytes of protobuf; fuzz + shutdown %,d ms", jsonl.lines, proto.requests.get(),
            json.requests.get(), stats.instrumentationErrors(), stats.neverEnded(), proto.largestSpan.get(), fuzzMillis)));
  }

  /** The first spans whose fingerprints differ between two sinks. */
  private static List<String> differences(Map<Long, String> a, Map<Long, String> b) {
    return a.entrySet().stream().filter(e -> !e.getValue().equals(b.get(e.getKey())))
        .limit(10).map(e -> Long.toHexString(e.getKey()) + ": " + e.getValue() + " vs " + b.get(e.getKey())).toList();
  }

  /** How many started spans a sink lacks, and where the first few were started. */
  private static String missing(Map<Long, String> started, Map<Long, String> sink) {
    List<String> where = started.entrySet().stream().filter(e -> !sink.containsKey(e.getKey()))
        .map(e -> Long.toHexString(e.getKey()) + " started at " + e.getValue()).toList();
    return where.size() + where.stream().limit(10).map(w -> "\n  " + w).reduce("", String::concat);
  }

  private static MockWebServer server() throws IOException {
    MockWebServer server = new MockWebServer();
    QueueDispatcher answers = new QueueDispatcher();
    answers.setFailFast(new MockResponse.Builder().code(200).build());
    server.setDispatcher(answers);
    server.start();
    return server;
  }

  // ---------------------------------------------------------------- the fuzzer

  /** State the actors share: the SDK, the spans handed between threads, and what went wrong. */
  static final class Fuzz {
    final String rerun;
    final ConcurrentLinkedQueue<HandOff> handOffs = new ConcurrentLinkedQueue<>();
    /** Every recording span the fuzzer started, with where it did, to name the culprit of a mismatch. */
    final Map<Long, String> startedIds = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger failureCount = new AtomicInteger();
    final Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();
    final AtomicLong calls = new AtomicLong();
    final AtomicLong tasks = new AtomicLong();
    volatile Tracer tracer;
    volatile AgentraceSdk sdk;
    volatile ExecutorService pool;

    Fuzz(String rerun) {
      this.rerun = rerun;
    }

    /**
     * Counts every failure by kind (the call, what was thrown, and the SDK frame it came through) and keeps
     * the first of each kind in full, so one defect hit thousands of times does not hide another.
     */
    void fail(String where, String what, Throwable t) {
      failureCount.incrementAndGet();
      String kind = what + (t == null ? "" : " threw " + t.getClass().getName() + sdkFrame(t));
      if (kinds.computeIfAbsent(kind, k -> new AtomicLong()).getAndIncrement() > 0 || kinds.size() > 50) {
        return;
      }
      StringWriter trace = new StringWriter();
      if (t != null) {
        try {
          t.printStackTrace(new PrintWriter(trace));
        } catch (Throwable unprintable) {
          trace.append(t.getClass().getName()).append(" (unprintable)");
        }
      }
      String stack = trace.toString();
      failures.add(rerun + ", first at " + where + ": " + kind + (t == null ? "" : "\n" + stack.substring(0,
          Math.min(stack.length(), 2500))));
    }

    /**
     * Where the SDK itself threw, if it did; nothing for the fuzzer's own throwables, whose stack says where
     * they were made, not which SDK code let them out (the full trace of the first one shows that).
     */
    private static String sdkFrame(Throwable t) {
      StackTraceElement[] trace = t.getStackTrace();
      if (trace.length == 0 || trace[0].getClassName().startsWith("dev.agentrace.exporters.reliability.")) {
        return "";
      }
      return " at " + trace[0];
    }

    String summary() {
      StringBuilder b = new StringBuilder();
      kinds.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue().get(), x.getValue().get()))
          .forEach(e -> b.append("\n  ").append(e.getValue().get()).append(" × ").append(e.getKey()));
      return b.toString();
    }
  }

  /** A span on its way to another thread; {@code shared} when the giver may still end it too. */
  record HandOff(Span span, boolean shared) {}

  /**
   * One thread's (or one wrapped task's) sequence of actions over the spans it owns. Every action draws a
   * fresh seed from the actor's generator before doing anything else, so the sequence of action seeds, and
   * hence of calls, is fixed by the actor's seed whatever the other threads do.
   */
  static final class Actor {
    private final Fuzz fuzz;
    private final String name;
    private final SplittableRandom rng;
    private final List<Span> open = new ArrayList<>();
    /** Spans this actor ended or shares with a taker: kept to be ended again and to parent new spans. */
    private final List<Span> done = new ArrayList<>();
    /** Spans this actor itself ended: the only ones it writes to after end (it knows they ended). */
    private final List<Span> endedHere = new ArrayList<>();
    private long action;
    private String doing;
    private boolean lastThrew;

    Actor(Fuzz fuzz, String name, SplittableRandom rng) {
      this.fuzz = fuzz;
      this.name = name;
      this.rng = rng;
    }

    void runActions(int n) {
      for (int i = 0; i < n; i++) {
        act(new SplittableRandom(rng.nextLong()), 0);
      }
      finish(new SplittableRandom(rng.nextLong()));
    }

    /** Ends what is still open, except a few spans left for shutdown to report as never ended. */
    void finish(SplittableRandom r) {
      for (Span s : List.copyOf(open)) {
        if (r.nextInt(50) != 0) {
          call("end", s::end);
        }
      }
      open.clear();
    }

    private void act(SplittableRandom r, int depth) {
      action++;
      int choice = r.nextInt(24);
      switch (choice) {
        case 0, 1, 2, 3 -> start(r);
        case 4, 5, 6, 7, 8 -> mutate(r, pick(r, open));
        case 9, 10, 11 -> endOne(r);
        case 12 -> afterEnd(r);
        case 13 -> handOff(r);
        case 14 -> takeHandOff(r);
        case 15, 16 -> runOrCall(r, depth);
        case 17 -> wrapped(r, depth);
        case 18 -> propagate(r);
        case 19 -> current(r);
        case 20 -> reuseBuilder(r);
        case 21 -> childOfEnded(r);
        case 22 -> lifecycle(r);
        default -> {
          if (open.size() > 32) {
            endOne(r);
          } else {
            start(r);
          }
        }
      }
    }

    private String where() {
      return name + " action " + action + " (" + doing + ")";
    }

    private void call(String what, Runnable body) {
      doing = what;
      fuzz.calls.incrementAndGet();
      try {
        body.run();
      } catch (Throwable t) {
        fuzz.fail(where(), what, t);
      }
    }

    /** The call's result; null, with {@link #lastThrew} set, if it threw (that failure is already recorded). */
    private <T> T get(String what, Callable<T> body) {
      doing = what;
      fuzz.calls.incrementAndGet();
      lastThrew = false;
      try {
        return body.call();
      } catch (Throwable t) {
        lastThrew = true;
        fuzz.fail(where(), what, t);
        return null;
      }
    }

    private static Span pick(SplittableRandom r, List<Span> spans) {
      int i = r.nextInt(1 << 20);
      return spans.isEmpty() ? null : spans.get(i % spans.size());
    }

    private void noteStarted(Span s) {
      if (s == null) {
        if (!lastThrew) {
          fuzz.fail(where(), "start() returned null", null);
        }
        return;
      }
      if (s.isRecording() && fuzz.startedIds.putIfAbsent(s.context().spanIdLong(), where()) != null) {
        fuzz.fail(where(), "two recording spans got the same span id " + s.context(), null);
      }
    }

    /** A builder with a random subset of hostile settings. */
    @SuppressWarnings("unchecked") // typed attributes go through raw keys on purpose (see typedAttribute)
    private SpanBuilder builder(SplittableRandom r) {
      SpanBuilder b = get("span(name)", () -> fuzz.tracer.span(Hostile.name(r)));
      if (b == null) {
        return null;
      }
      int settings = r.nextInt(1 << 12);
      if ((settings & 1) != 0) {
        call("kind", () -> b.kind(Hostile.kind(r)));
      }
      if ((settings & 2) != 0) {
        call("type", () -> b.type(r.nextBoolean() ? "tool" : Hostile.name(r)));
      }
      if ((settings & 4) != 0) {
        call("input", () -> b.input(Hostile.value(r)));
      }
      if ((settings & 8) != 0) {
        call("builder attribute(String, String)", () -> b.attribute(Hostile.text(r), Hostile.text(r)));
      }
      if ((settings & 16) != 0) {
        call("builder attribute(String, double)", () -> b.attribute(Hostile.text(r), Hostile.number(r)));
      }
      if ((settings & 32) != 0) {
        typedAttribute(r, b::attribute);
      }
      if ((settings & 64) != 0) {
        call("model", () -> b.model(Hostile.text(r)));
      }
      if ((settings & 128) != 0) {
        call("session", () -> b.session(Hostile.text(r)));
      }
      if ((settings & 256) != 0) {
        call("user", () -> b.user(Hostile.text(r)));
      }
      if ((settings & 512) != 0) {
        SpanContext parent = parent(r);
        call("parent", () -> b.parent(parent));
      }
      if ((settings & 1024) != 0) {
        call("noParent", b::noParent);
      }
      if ((settings & 2048) != 0) {
        call("builder attribute(String, long/boolean)", () -> b.attribute(Hostile.text(r), Hostile.tokens(r))
            .attribute(Hostile.text(r), r.nextBoolean()));
      }
      return b;
    }

    /** A typed attribute, sometimes with a value of the wrong type smuggled past the generics. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private void typedAttribute(SplittableRandom r, java.util.function.BiConsumer<AttributeKey, Object> put) {
      AttributeKey key = Hostile.key(r);
      Object value = Hostile.attributeValue(r);
      call("attribute(AttributeKey, T)", () -> put.accept(key, value));
    }

    private SpanContext parent(SplittableRandom r) {
      return switch (r.nextInt(6)) {
        case 0 -> null;
        case 1 -> {
          Span s = pick(r, done);
          yield s == null ? null : get("context of ended span", s::context);
        }
        case 2 -> {
          Span s = pick(r, open);
          yield s == null ? null : get("context", s::context);
        }
        case 3 -> get("extract(headers)", () -> Propagation.w3c().extract(Hostile.headers(r)));
        default -> get("remote context", () -> Hostile.remoteContext(r));
      };
    }

    private void start(SplittableRandom r) {
      SpanBuilder b = builder(r);
      if (b == null) {
        return;
      }
      Span s = get("start", b::start);
      noteStarted(s);
      if (s != null) {
        open.add(s);
      }
    }

    @SuppressWarnings("unchecked") // typed attributes go through raw keys on purpose (see typedAttribute)
    private void mutate(SplittableRandom r, Span s) {
      if (s == null) {
        start(r);
        return;
      }
      switch (r.nextInt(14)) {
        case 0 -> call("output", () -> s.output(Hostile.value(r)));
        case 1 -> call("attribute(String, String)", () -> s.attribute(Hostile.text(r), Hostile.text(r)));
        case 2 -> call("attribute(String, double)", () -> s.attribute(Hostile.text(r), Hostile.number(r)));
        case 3 -> call("attribute(String, long)", () -> s.attribute(Hostile.text(r), Hostile.tokens(r)));
        case 4 -> typedAttribute(r, s::attribute);
        case 5 -> call("event(name)", () -> s.event(Hostile.text(r)));
        case 6 -> call("event(name, attributes)", () -> s.event(Hostile.text(r), Hostile.eventAttributes(r)));
        case 7 -> call("usage", () -> s.usage(Hostile.tokens(r), Hostile.tokens(r)));
        case 8 -> call("usage with cached and reasoning", () -> s.usage(Hostile.tokens(r), Hostile.tokens(r),
            Hostile.tokens(r), Hostile.tokens(r)));
        case 9 -> call("cost", () -> s.cost(Hostile.number(r)));
        case 10 -> call("score", () -> s.score(Hostile.text(r), Hostile.number(r)));
        case 11 -> call("error(Throwable)", () -> s.error(Hostile.errorToRecord(r)));
        case 12 -> call("error(String)", () -> s.error(Hostile.text(r)));
        default -> call("ok and context", () -> s.ok().context().traceId());
      }
    }

    /** Ends a span, usually not the innermost: out of order on purpose. */
    private void endOne(SplittableRandom r) {
      Span s = pick(r, open);
      if (s == null) {
        return;
      }
      open.remove(s);
      switch (r.nextInt(4)) {
        case 0 -> call("close", s::close);
        case 1 -> call("end twice", () -> {
          s.end();
          s.end();
        });
        default -> call("end", s::end);
      }
      remember(s);
      keep(endedHere, s);
    }

    private void remember(Span s) {
      keep(done, s);
    }

    private static void keep(List<Span> list, Span s) {
      if (list.size() >= 64) {
        list.remove(0);
      }
      list.add(s);
    }

    /**
     * Ends again a span that ended, or that a taker may be ending right now; or writes to one this actor ended
     * itself, which the SDK must refuse.
     */
    private void afterEnd(SplittableRandom r) {
      Span s = pick(r, done);
      Span mine = pick(r, endedHere);
      if (r.nextBoolean()) {
        if (mine != null) {
          mutate(r, mine);
        }
        return;
      }
      if (s == null) {
        return;
      }
      switch (r.nextInt(3)) {
        case 0 -> call("end after end", s::end);
        case 1 -> call("close after end", s::close);
        default -> call("isRecording and context after end", () -> {
          s.isRecording();
          s.context().spanId();
        });
      }
    }

    /**
     * Hands an open span to whichever thread takes it. Sometimes the giver keeps it too, to end it again,
     * racing the taker: ending is the one call two threads may make on a span at once, so a taker of a
     * shared span only ends it.
     */
    private void handOff(SplittableRandom r) {
      Span s = pick(r, open);
      if (s == null) {
        return;
      }
      open.remove(s);
      boolean shared = r.nextInt(4) == 0;
      fuzz.handOffs.add(new HandOff(s, shared));
      if (shared) {
        remember(s);
      }
    }

    private void takeHandOff(SplittableRandom r) {
      HandOff h = fuzz.handOffs.poll();
      int what = r.nextInt(4);
      if (h == null) {
        return;
      }
      Span s = h.span();
      if (h.shared() || what >= 2) {
        call("end on another thread", s::end);
        remember(s);
      } else if (what == 0) {
        open.add(s);
      } else {
        mutate(r, s);
        call("end on another thread", s::end);
        remember(s);
      }
    }

    /**
     * run/call with a step that does more random actions inside, then returns a hostile value or throws.
     * The step's own exception must come out as is; anything else is a failure.
     */
    private void runOrCall(SplittableRandom r, int depth) {
      SpanBuilder b = builder(r);
      if (b == null) {
        return;
      }
      int inner = depth < 3 ? r.nextInt(4) : 0;
      long innerSeed = r.nextLong();
      Throwable toThrow = r.nextInt(4) == 0 ? Hostile.throwable(r) : null;
      Object result = Hostile.value(r);
      boolean useRun = r.nextBoolean();
      boolean nullStep = r.nextInt(50) == 0;
      doing = useRun ? "run" : "call";
      fuzz.calls.incrementAndGet();
      try {
        if (nullStep) {
          if (useRun) {
            b.run(null);
          } else {
            b.call(null);
          }
          return;
        }
        Object[] returned = new Object[1];
        if (useRun) {
          b.run(() -> step(innerSeed, inner, depth, toThrow));
        } else {
          returned[0] = b.call(() -> {
            step(innerSeed, inner, depth, toThrow);
            return result;
          });
          if (returned[0] != result) {
            fuzz.fail(where(), "call() returned something other than the step's result", null);
          }
        }
        if (toThrow != null) {
          fuzz.fail(where(), "run/call swallowed the step's exception " + toThrow.getClass().getName(), null);
        }
      } catch (Throwable t) {
        if (t != toThrow) {
          fuzz.fail(where(), "run/call threw something other than the step's own exception", t);
        }
      }
    }

    private void step(long seed, int inner, int depth, Throwable toThrow) {
      lastThrew = false;
      noteStarted(fuzz.tracer.currentSpan());
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < inner; i++) {
        act(r.split(), depth + 1);
      }
      if (toThrow != null) {
        throw Hostile.<RuntimeException>sneaky(toThrow);
      }
    }

    /** Work on the wrapped pool: a few actions by a task actor that may leave spans open when it returns. */
    private void wrapped(SplittableRandom r, int depth) {
      if (depth > 0) {
        return;
      }
      long taskSeed = r.nextLong();
      int kind = r.nextInt(4);
      Actor task = new Actor(fuzz, name + " task " + action, new SplittableRandom(taskSeed));
      Runnable work = () -> {
        SplittableRandom tr = new SplittableRandom(taskSeed);
        int n = 1 + tr.nextInt(5);
        for (int i = 0; i < n; i++) {
          task.act(tr.split(), 1);
        }
        if (tr.nextInt(3) != 0) {
          task.finish(tr.split());
        }
      };
      fuzz.tasks.incrementAndGet();
      switch (kind) {
        case 0 -> call("wrap(ExecutorService).execute", () -> fuzz.pool.execute(work));
        case 1 -> call("wrap(ExecutorService).submit", () -> fuzz.pool.submit(Executors.callable(work)));
        case 2 -> call("wrap(Runnable) on the pool", () -> fuzz.pool.execute(fuzz.tracer.wrap(work)));
        default -> call("supplyAsync", () -> fuzz.tracer.supplyAsync(() -> {
          work.run();
          return null;
        }, fuzz.pool));
      }
    }

    /** Extracts from and injects into hostile carriers, and starts a span under what was extracted. */
    private void propagate(SplittableRandom r) {
      Map<String, String> headers = Hostile.headers(r);
      Throwable getterThrows = r.nextInt(4) == 0 ? Hostile.throwable(r) : null;
      SpanContext fromMap = get("extract(map)", () -> Propagation.w3c().extract(headers));
      get("extract(carrier, getter)", () -> Propagation.w3c().extract(headers, (c, k) -> {
        if (getterThrows != null) {
          throw Hostile.<RuntimeException>sneaky(getterThrows);
        }
        return c.get(k);
      }));
      SpanBuilder b = builder(r);
      if (b != null && fromMap != null) {
        call("parent(extracted)", () -> b.parent(fromMap));
        Span s = get("start under extracted parent", b::start);
        noteStarted(s);
        if (s != null) {
          open.add(s);
        }
      }
      Span s = pick(r, open);
      if (s == null) {
        return;
      }
      Map<String, String> into = switch (r.nextInt(3)) {
        case 0 -> Map.of("traceparent", "immutable");
        case 1 -> null;
        default -> new HashMap<>(Hostile.headers(r));
      };
      call("inject(map)", () -> Propagation.w3c().inject(s.context(), into));
      Throwable setterThrows = Hostile.throwable(r);
      call("inject(carrier, setter)", () -> Propagation.w3c().inject(s.context(), new Object(), (c, k, v) -> {
        throw Hostile.<RuntimeException>sneaky(setterThrows);
      }));
    }

    private void current(SplittableRandom r) {
      Span c = get("currentSpan", fuzz.tracer::currentSpan);
      if (c == null) {
        fuzz.fail(where(), "currentSpan() returned null", null);
        return;
      }
      // The current span may be one a task or another thread owns now: only the calls that are safe
      // concurrently with its owner.
      call("currentSpan context", () -> c.context().isValid());
      if (r.nextInt(8) == 0 && open.contains(c)) {
        mutate(r, c);
      }
    }

    private void reuseBuilder(SplittableRandom r) {
      SpanBuilder b = builder(r);
      if (b == null) {
        return;
      }
      Span first = get("start", b::start);
      noteStarted(first);
      Span second = get("start again (builder reused)", b::start);
      noteStarted(second);
      for (Span s : new Span[] {second, first}) {
        if (s != null) {
          open.add(s);
        }
      }
      if (r.nextBoolean()) {
        Integer result = get("call after start on the same builder", () -> b.call(() -> {
          noteStarted(fuzz.tracer.currentSpan());
          return 1;
        }));
        if (!lastThrew && (result == null || result != 1)) {
          fuzz.fail(where(), "call() on a reused builder did not return the step's result", null);
        }
      }
    }

    /** Ends a span, then starts children of it: explicitly, and implicitly as the thread's current span. */
    private void childOfEnded(SplittableRandom r) {
      SpanBuilder b = builder(r);
      if (b == null) {
        return;
      }
      Span parent = get("start parent", b::start);
      noteStarted(parent);
      if (parent == null) {
        return;
      }
      call("end parent", parent::end);
      remember(parent);
      SpanBuilder child = builder(r);
      if (child != null) {
        call("parent(ended)", () -> child.parent(parent.context()));
        Span c = get("start child of ended parent", child::start);
        noteStarted(c);
        if (c != null) {
          open.add(c);
        }
      }
      start(r);
    }

    /** Rare SDK-level calls with hostile arguments: flush with odd timeouts, stats, metrics. */
    private void lifecycle(SplittableRandom r) {
      switch (r.nextInt(40)) {
        case 0 -> {
          Duration d = Hostile.duration(r);
          call("flush(" + d + ")", () -> fuzz.sdk.flush(d));
        }
        case 1 -> call("metrics snapshot", () -> fuzz.sdk.metrics().snapshot().entries());
        case 2 -> call("wrap(null)", () -> {
          fuzz.tracer.wrap((Runnable) null);
          fuzz.tracer.wrap((Callable<?>) null);
          fuzz.tracer.wrap((ExecutorService) null);
        });
        default -> call("stats", fuzz.sdk::stats);
      }
    }
  }

  /**
   * A processor that throws on some starts and ends, chosen by the span's name so that a seed reproduces it: it
   * must never reach the caller or stop a span. On start it throws an exception that cannot even be printed,
   * which the SDK logs.
   */
  static final class ThrowingProcessor implements SpanProcessor {
    @Override
    public void onStart(ReadableSpan span) {
      int h = span.name().hashCode();
      if ((h & 15) == 0) {
        throw new Hostile.EvilThrowable(Hostile.throwable(new SplittableRandom(h)));
      }
    }

    @Override
    public void onEnd(SpanData span) {
      int h = span.name().hashCode();
      if ((h & 15) == 1) {
        throw Hostile.<RuntimeException>sneaky(Hostile.throwable(new SplittableRandom(h)));
      }
    }
  }

  // ---------------------------------------------------------------- the sinks

  /** What one sink holds: for each span id, a fingerprint of its name and error message. */
  interface Sink {
    String name();

    Map<Long, String> ids();

    long duplicates();
  }

  /**
   * The fingerprint compared across sinks: the name, and the status message of an ERROR span (OTLP sends it
   * only with ERROR, and an absent message reads as empty in every sink). Hashed, because the full variant holds half a million of them per sink.
   */
  static String fingerprint(String name, String errorMessage) {
    StringBuilder preview = new StringBuilder();
    name.chars().limit(12).forEach(c -> preview.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
        : String.format("\\u%04x", c)));
    return Integer.toHexString((name + "\u0001" + errorMessage).hashCode()) + ":" + name.length() + ":" + preview;
  }

  /** Reads the JSONL file strictly: UTF-8 that decodes, one JSON object per line, well-formed strings. */
  static final class JsonlSink implements Sink {
    final Map<Long, String> ids = new HashMap<>();
    /** The first records of spans the fuzzer did not start. */
    final List<String> strangers = new ArrayList<>();
    long duplicates;
    long lines;

    static JsonlSink read(Path file, Fuzz fuzz) throws IOException {
      JsonlSink sink = new JsonlSink();
      var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
        for (String line; (line = in.readLine()) != null; ) {
          sink.lines++;
          Map<String, Object> record;
          try {
            record = JsonTree.object(line);
          } catch (RuntimeException e) {
            fuzz.fail("JSONL line " + sink.lines, "not one JSON object: " + line.substring(0, Math.min(300, line.length())), e);
            continue;
          }
          checkStrings(record, "JSONL line " + sink.lines, fuzz);
          if (!"end".equals(record.get("event"))) {
            continue;
          }
          long id = Long.parseUnsignedLong((String) record.get("span_id"), 16);
          String message = "ERROR".equals(record.get("status")) ? (String) record.getOrDefault("status_message", "") : null;
          if (!fuzz.startedIds.containsKey(id) && sink.strangers.size() < 5) {
            sink.strangers.add(line.substring(0, Math.min(600, line.length())));
          }
          if (sink.ids.put(id, fingerprint((String) record.get("name"), message)) != null) {
            sink.duplicates++;
          }
        }
      }
      return sink;
    }

    @Override
    public String name() {
      return "JSONL";
    }

    @Override
    public Map<Long, String> ids() {
      return ids;
    }

    @Override
    public long duplicates() {
      return duplicates;
    }
  }

  /**
   * Takes and checks every request an OTLP server receives while the fuzz runs, so that bodies are not all
   * held until the end. Protobuf bodies are decoded with the official classes (which refuse malformed UTF-8
   * in strings); JSON bodies must be strict UTF-8 and parse. Payload attributes must themselves parse as the
   * JSON their mime type says they are.
   */
  static final class OtlpSink implements Sink {
    private final MockWebServer server;
    private final boolean json;
    private final Fuzz fuzz;
    private final Thread taker;
    private volatile boolean stopping;
    final Map<Long, String> ids = new ConcurrentHashMap<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicLong largestSpan = new AtomicLong();
    volatile String largestSpanName;

    OtlpSink(MockWebServer server, boolean json, Fuzz fuzz) {
      this.server = server;
      this.json = json;
      this.fuzz = fuzz;
      this.taker = new Thread(this::takeAll, "otlp-sink-" + (json ? "json" : "protobuf"));
      taker.start();
    }

    private void takeAll() {
      try {
        while (true) {
          RecordedRequest request = server.takeRequest(100, TimeUnit.MILLISECONDS);
          if (request == null) {
            if (stopping) {
              return;
            }
            continue;
          }
          int n = requests.incrementAndGet();
          try {
            check(request, n);
          } catch (Throwable t) {
            fuzz.fail(name() + " request " + n, "body could not be decoded", t);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Every request was answered before the SDK shut down: take what is left, then stop. */
    void finish() throws InterruptedException {
      stopping = true;
      taker.join();
      assertThat(requests.get()).as(fuzz.rerun + ": " + name() + " checked every request it received")
          .isEqualTo(server.getRequestCount());
    }

    private void check(RecordedRequest request, int n) throws IOException {
      byte[] body = request.getBody().toByteArray();
      if ("gzip".equals(request.getHeaders().get("Content-Encoding"))) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      if (json) {
        checkJson(strictUtf8(body), n);
      } else {
        checkProtobuf(ExportTraceServiceRequest.parseFrom(body), n);
      }
    }

    private void checkProtobuf(ExportTraceServiceRequest request, int n) {
      String where = name() + " request " + n;
      request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(s -> {
        long id = ByteBuffer.wrap(s.getSpanId().toByteArray()).getLong();
        String message = s.getStatus().getCode().getNumber() == 2 ? s.getStatus().getMessage() : null;
        for (KeyValue kv : s.getAttributesList()) {
          AnyValue v = kv.getValue();
          if ((kv.getKey().equals("input.value") || kv.getKey().equals("output.value")) && v.hasStringValue()) {
            checkEmbeddedJson(v.getStringValue(), where + " span " + Long.toHexString(id) + " " + kv.getKey());
          }
        }
        add(id, fingerprint(s.getName(), message));
        int size = s.getSerializedSize();
        if (size > largestSpan.get()) {
          largestSpan.accumulateAndGet(size, Math::max);
          largestSpanName = s.getName() + " (" + s.getAttributesCount() + " attributes, " + s.getEventsCount() + " events)";
        }
      })));
    }

    @SuppressWarnings("unchecked")
    private void checkJson(String text, int n) {
      String where = name() + " request " + n;
      Map<String, Object> root = JsonTree.object(text);
      checkStrings(root, where, fuzz);
      for (Object rs : (List<Object>) root.get("resourceSpans")) {
        for (Object ss : (List<Object>) ((Map<String, Object>) rs).get("scopeSpans")) {
          for (Object o : (List<Object>) ((Map<String, Object>) ss).get("spans")) {
            Map<String, Object> s = (Map<String, Object>) o;
            long id = HexFormat.fromHexDigitsToLong((String) s.get("spanId"));
            Map<String, Object> status = (Map<String, Object>) s.get("status");
            String message = status != null && Long.valueOf(2).equals(status.get("code"))
                ? (String) status.getOrDefault("message", "") : null;
            for (Object a : (List<Object>) s.get("attributes")) {
              Map<String, Object> kv = (Map<String, Object>) a;
              String key = (String) kv.get("key");
              if (key.equals("input.value") || key.equals("output.value")) {
                checkEmbeddedJson((String) ((Map<String, Object>) kv.get("value")).get("stringValue"),
                    where + " span " + s.get("spanId") + " " + key);
              }
            }
            add(id, fingerprint((String) s.get("name"), message));
          }
        }
      }
    }

    private void checkEmbeddedJson(String payload, String where) {
      try {
        checkStrings(JsonTree.parse(payload), where, fuzz);
      } catch (RuntimeException e) {
        fuzz.fail(where, "payload is not the JSON its mime type says: "
            + payload.substring(0, Math.min(300, payload.length())), e);
      }
    }

    private void add(long id, String fingerprint) {
      if (ids.put(id, fingerprint) != null) {
        duplicates.incrementAndGet();
      }
    }

    @Override
    public String name() {
      return json ? "OTLP/JSON" : "OTLP protobuf";
    }

    @Override
    public Map<Long, String> ids() {
      return ids;
    }

    @Override
    public long duplicates() {
      return duplicates.get();
    }
  }

  static String strictUtf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
  }

  /**
   * Fails on any string (key or value) in a parsed tree that holds an unpaired surrogate: JSON may spell
   * one as an escape, but it is not text, and a strict consumer rejects it.
   */
  @SuppressWarnings("unchecked")
  static void checkStrings(Object node, String where, Fuzz fuzz) {
    if (node instanceof String s) {
      if (!wellFormed(s)) {
        fuzz.fail(where, "a string holds an unpaired surrogate: " + s.substring(0, Math.min(100, s.length())), null);
      }
    } else if (node instanceof Map<?, ?> m) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        checkStrings(e.getKey(), where, fuzz);
        checkStrings(e.getValue(), where, fuzz);
      }
    } else if (node instanceof List<?> l) {
      for (Object o : l) {
        checkStrings(o, where, fuzz);
      }
    }
  }

  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
