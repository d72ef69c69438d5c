package dev.agentrace.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Sustained load: N producer threads record agent-shaped traces for a fixed time through the real JSONL
 * exporter (defaults: starts included, each batch forced to disk), then the SDK is shut down and the run
 * reports spans exported per second, spans dropped and why, the heap's high-water mark and GC pauses.
 * Where JMH measures one operation, this shows what the pipeline sustains end to end and what it costs
 * the heap, so a regression in throughput, retention or GC shows up.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.agentrace.benchmarks.SustainedLoad \
 *     [--threads 2] [--seconds 30] [--rate 0] [--file path] [--report-every 0]
 * </pre>
 *
 * {@code --rate} caps each producer at that many traces per second (0 = as fast as it can, which finds
 * the pipeline's ceiling and shows that overload is dropped and counted, not blocking); each trace is three
 * spans (an agent run, an LLM call with a chat request as input, a tool call). {@code --file} keeps the
 * JSONL file (by default a temporary file, deleted afterwards). {@code --report-every S} makes it a soak: every S
 * seconds a full collection is requested and the heap still in use after it (the live set) and the process's
 * resident memory are printed, and the end says whether both stayed flat ({@code benchmarks/soak.sh}).
 */
public final class SustainedLoad {
  private SustainedLoad() {}

  public static void main(String[] args) throws Exception {
    int threads = 2;
    int seconds = 30;
    long rate = 0;
    Path file = null;
    int reportEvery = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Long.parseLong(args[++i]);
        case "--file" -> file = Path.of(args[++i]);
        case "--report-every" -> reportEvery = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: SustainedLoad [--threads N] [--seconds S] [--rate tracesPerSecondPerThread] [--file path]"
            + " [--report-every S]");
      }
    }
    boolean keep = file != null;
    Path out = keep ? file : Files.createTempFile("agentrace-sustained", ".jsonl");

    GcPauses pauses = GcPauses.listen();
    HeapPeak heap = HeapPeak.start();
    AgentraceSdk sdk = AgentraceSdk.builder().agent("sustained-load").exporter(JsonlExporter.create(out)).build();
    Tracer tracer = sdk.tracer();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long interval = rate > 0 ? TimeUnit.SECONDS.toNanos(1) / rate : 0;
    AtomicLong traces = new AtomicLong();
    List<Thread> producers = new ArrayList<>();
    long started = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread p = new Thread(() -> traces.addAndGet(produce(tracer, deadline, interval)), "producer-" + t);
      producers.add(p);
      p.start();
    }
    Soak soak = reportEvery > 0 ? new Soak(sdk) : null;
    if (soak != null) {
      soak.report(0);
      for (long at = reportEvery; at <= seconds; at += reportEvery) {
        long wait = started + TimeUnit.SECONDS.toNanos(at) - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        soak.report(at);
      }
    }
    for (Thread p : producers) {
      p.join();
    }
    long produced = System.nanoTime() - started;
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(60));
    long drained = System.nanoTime() - started;
    heap.stop();
    long bytes = Files.size(out);
    if (!keep) {
      Files.deleteIfExists(out);
    }

    double secs = drained / 1e9;
    System.out.printf(Locale.ROOT, "Sustained load: %d producer threads, %d s%s, JSONL exporter (defaults) -> %s%n",
        threads, seconds, rate > 0 ? ", " + rate + " traces/s per thread" : ", unthrottled", keep ? out : "a temporary file");
    System.out.printf(Locale.ROOT, "  traces produced     %,d (3 spans each) in %.1f s; drained by %.1f s%n",
        traces.get(), produced / 1e9, secs);
    System.out.printf(Locale.ROOT, "  spans started       %,d%n", stats.spansStarted());
    System.out.printf(Locale.ROOT, "  spans exported      %,d = %,.0f spans/s%n", stats.spansExported(), stats.spansExported() / secs);
    System.out.printf(Locale.ROOT, "  spans dropped       %,d %s%n", stats.spansDropped(), stats.droppedByReason());
    System.out.printf(Locale.ROOT, "  file written        %,d bytes (%,.1f MB/s)%n", bytes, bytes / secs / 1e6);
    System.out.printf(Locale.ROOT, "  heap high-water     %,.1f MB used (sampled every 10 ms, garbage included); pool peaks: %s%n",
        heap.peakUsed() / 1e6, heap.poolPeaks());
    System.out.printf(Locale.ROOT, "  live after GC       %,.1f MB at most (heap in use right after a collection)%n",
        pauses.liveAfterGcMax() / 1e6);
    System.out.printf(Locale.ROOT, "  GC pauses           %d, %d ms in total, longest %d ms (%s)%n",
        pauses.count(), pauses.totalMillis(), pauses.longestMillis(), pauses.collectors());
    if (soak != null) {
      soak.summary();
    }
  }

  /**
   * The soak's samples: the live set (heap in use right after a requested full collection, so garbage and
   * promoted-but-dead spans do not count) and the resident set size, every few seconds. Flat means the second
   * half of the run holds no more than the first half's highest sample plus a small allowance (10 % or 8 MB of
   * heap, 10 % or 32 MB of RSS): a leak of spans, traces or metric keys grows without bound and fails that.
   */
  private static final class Soak {
    private final AgentraceSdk sdk;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<long[]> samples = new ArrayList<>(); // {seconds, live heap, rss}

    Soak(AgentraceSdk sdk) {
      this.sdk = sdk;
      System.out.printf(Locale.ROOT, "%8s %12s %12s %14s %14s%n", "seconds", "live heap MB", "RSS MB", "spans exported",
          "spans dropped");
    }

    @SuppressWarnings("SystemGC") // a soak measures the live set, which only a full collection shows
    void report(long at) {
      System.gc();
      long live = memory.getHeapMemoryUsage().getUsed();
      long rss = rss();
      SdkStats stats = sdk.stats();
      samples.add(new long[] {at, live, rss});
      System.out.printf(Locale.ROOT, "%8d %12.1f %12.1f %,14d %,14d%n", at, live / 1e6, rss / 1e6, stats.spansExported(),
          stats.spansDropped());
    }

    void summary() {
      int half = samples.size() / 2;
      boolean heapFlat = flat(1, half, 0.10, 8_000_000L);
      boolean rssFlat = flat(2, half, 0.10, 32_000_000L);
      System.out.printf(Locale.ROOT, "  soak                %d samples; live heap %s, RSS %s (second half against the first)%n",
          samples.size(), heapFlat ? "flat" : "GREW", rssFlat ? "flat" : "GREW");
    }

    private boolean flat(int column, int half, double share, long allowance) {
      long firstMax = 0;
      long secondMax = 0;
      // The first sample is taken before any load; the JIT's and the pipeline's start-up belong to neither half.
      for (int i = 1; i < samples.size(); i++) {
        long v = samples.get(i)[column];
        if (i <= half) {
          firstMax = Math.max(firstMax, v);
        } else {
          secondMax = Math.max(secondMax, v);
        }
      }
      return secondMax <= firstMax + Math.max(allowance, (long) (firstMax * share));
    }

    /** This process's resident set size from /proc (Linux), or 0 where there is none. */
    private static long rss() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (java.io.IOException | RuntimeException e) {
        return 0;
      }
      return 0;
    }
  }

  /** One producer: agent-shaped traces until the deadline, paced when a rate is set. Returns traces made. */
  private static long produce(Tracer tracer, long deadline, long interval) {
    long n = 0;
    long next = System.nanoTime();
    while (System.nanoTime() < deadline) {
      try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).input("Where is my order #A-1042?").start()) {
        try (Span llm = tracer.span("plan").kind(SpanKind.LLM).model("gpt-4o").input(SpanBenchmarks.CHAT).start()) {
          llm.output("Let me look that up for you.").usage(412, 38);
        }
        tracer.span("lookup_order").kind(SpanKind.TOOL).attribute("order", "A-1042").call(() -> "in_transit");
        run.output("Your order arrives on June 12.");
      }
      n++;
      if (interval > 0) {
        next += interval;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    }
    return n;
  }

  /** GC pauses as the JVM reports them, one notification per collection. */
  private static final class GcPauses {
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final LongAccumulator longest = new LongAccumulator(Math::max, 0);
    private final LongAccumulator liveAfterGc = new LongAccumulator(Math::max, 0);
    private final List<String> names = new ArrayList<>();

    static GcPauses listen() {
      GcPauses p = new GcPauses();
      java.util.Set<String> heapPools = new java.util.HashSet<>();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heapPools.add(pool.getName());
        }
      }
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        p.names.add(gc.getName());
        ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            // ZGC's and Shenandoah's "... Cycles" beans time concurrent work; every other bean (G1's young,
            // old and "Concurrent GC", which is its remark and cleanup pauses) reports stop-the-world pauses.
            if (!info.getGcName().contains("Cycles")) {
              long ms = info.getGcInfo().getDuration();
              long live = 0;
              for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                  live += e.getValue().getUsed();
                }
              }
              p.liveAfterGc.accumulate(live);
              p.count.incrementAndGet();
              p.total.addAndGet(ms);
              p.longest.accumulate(ms);
            }
          }
        }, null, null);
      }
      return p;
    }

    long count() {
      return count.get();
    }

    long totalMillis() {
      return total.get();
    }

    long longestMillis() {
      return longest.get();
    }

    /** The most heap still in use right after a collection: what the run retained, not garbage. */
    long liveAfterGcMax() {
      return liveAfterGc.get();
    }

    String collectors() {
      return String.join(", ", names);
    }
  }

  /** The heap's high-water mark: total heap used sampled every 10 ms, plus each pool's own peak. */
  private static final class HeapPeak {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final LongAccumulator peak = new LongAccumulator(Math::max, 0);
    private final Thread sampler;
    private volatile boolean running = true;

    private HeapPeak() {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      sampler = new Thread(() -> {
        while (running) {
          peak.accumulate(memory.getHeapMemoryUsage().getUsed());
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
      }, "heap-sampler");
      sampler.setDaemon(true);
    }

    static HeapPeak start() {
      HeapPeak h = new HeapPeak();
      h.sampler.start();
      return h;
    }

    void stop() throws InterruptedException {
      running = false;
      sampler.join();
      peak.accumulate(memory.getHeapMemoryUsage().getUsed());
    }

    long peakUsed() {
      return peak.get();
    }

    String poolPeaks() {
      StringBuilder b = new StringBuilder();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
          if (b.length() > 0) {
            b.append(", ");
          }
          b.append(pool.getName()).append(' ').append(String.format(Locale.ROOT, "%.1f MB", pool.getPeakUsage().getUsed() / 1e6));
        }
      }
      return b.toString();
    }
  }
}
