package dev.agentrace.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SpanQueueTest {

  @Test
  void capacity_notAPowerOfTwo_roundsUpToTheNextOneAndAtLeastFour() {
    assertThat(new SpanQueue(1).capacity()).isEqualTo(4);
    assertThat(new SpanQueue(4).capacity()).isEqualTo(4);
    assertThat(new SpanQueue(5).capacity()).isEqualTo(8);
    assertThat(new SpanQueue(1000).capacity()).isEqualTo(1024);
    assertThat(new SpanQueue(1024).capacity()).isEqualTo(1024);
    assertThat(new SpanQueue(1025).capacity()).isEqualTo(2048);
  }

  @Test
  void poll_afterOffers_returnsThemInOfferOrderThenNull() {
    SpanQueue q = new SpanQueue(8);
    for (int i = 0; i < 5; i++) {
      q.offer("e" + i);
    }
    List<Object> polled = new ArrayList<>();
    for (Object o; (o = q.poll()) != null; ) {
      polled.add(o);
    }
    assertThat(polled).containsExactly("e0", "e1", "e2", "e3", "e4");
    assertThat(q.poll()).isNull();
  }

  @Test
  void offer_returnsItsIndex_andIndexesCountSuccessfulOffersAndPolls() {
    SpanQueue q = new SpanQueue(4);
    assertThat(q.offer("a")).isZero();
    assertThat(q.offer("b")).isEqualTo(1);
    assertThat(q.offer("c")).isEqualTo(2);
    q.poll();
    assertThat(q.producerIndex()).isEqualTo(3);
    assertThat(q.consumerIndex()).isEqualTo(1);
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.offer("d")).isEqualTo(3);
    assertThat(q.size()).isEqualTo(3);
  }

  @Test
  void offer_whenFull_returnsMinusOneAtOnceWithoutTakingAnIndex() {
    SpanQueue q = new SpanQueue(4);
    for (int i = 0; i < 4; i++) {
      assertThat(q.offer(i)).isEqualTo(i);
    }
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (int i = 0; i < 100_000; i++) {
        assertThat(q.offer("rejected")).isEqualTo(-1);
      }
    });
    assertThat(q.producerIndex()).isEqualTo(4);
    assertThat(q.size()).isEqualTo(4);

    assertThat(q.poll()).isEqualTo(0);
    assertThat(q.offer("after")).as("the freed slot is reused").isEqualTo(4);
    assertThat(q.offer("again")).isEqualTo(-1);
  }

  @Test
  void offerAndPoll_aroundTheRingManyTimes_keepFifoOrderAndIndexes() {
    SpanQueue q = new SpanQueue(8);
    int next = 0;
    int expected = 0;
    for (int round = 0; round < 100; round++) {
      // An uneven number per round, so the ends of the ring fall at every slot.
      for (int i = 0; i < 5; i++) {
        assertThat(q.offer(next)).isEqualTo(next);
        next++;
      }
      for (Object o; (o = q.poll()) != null; ) {
        assertThat(o).isEqualTo(expected++);
      }
    }
    assertThat(expected).isEqualTo(500);
    assertThat(q.consumerIndex()).isEqualTo(500);
  }

  /** An element that says which producer offered it, and which of that producer's offers it was. */
  private record Tagged(int producer, int seq) {}

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void offer_fourProducersRacingOneConsumer_everyAcceptedElementPolledOnceInIndexAndProducerOrder() throws Exception {
    int producers = 4;
    int perProducer = 100_000;
    SpanQueue q = new SpanQueue(16);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    // Each producer offers seq 0, 1, 2, ... until perProducer of its offers have been accepted, and writes
    // only its own row/cell: the accepted seqs, the index each offer returned, its attempts and rejections.
    int[][] acceptedSeq = new int[producers][perProducer];
    long[][] acceptedAt = new long[producers][perProducer];
    long[] attempts = new long[producers];
    long[] rejections = new long[producers];
    // Every producer makes its first offer before any makes a second, so they all race from then on.
    CountDownLatch allOffered = new CountDownLatch(producers);
    // Nothing is polled until a producer has found the queue full: rejections are certain, not likely.
    CountDownLatch firstRejection = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      Thread t = new Thread(() -> {
        try {
          int accepted = 0;
          int offered = 0;
          long rejected = 0;
          while (accepted < perProducer) {
            int seq = offered++;
            long at = q.offer(new Tagged(producer, seq));
            if (at >= 0) {
              acceptedSeq[producer][accepted] = seq;
              acceptedAt[producer][accepted] = at;
              accepted++;
            } else {
              rejected++;
              firstRejection.countDown();
              if (System.nanoTime() > deadline) {
                break;
              }
              // On a machine with fewer cores than these five threads, the consumer needs the slice.
              Thread.yield();
            }
            if (offered == 1) {
              allOffered.countDown();
              allOffered.await();
            }
          }
          attempts[producer] = offered;
          rejections[producer] = rejected;
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          finished.incrementAndGet();
        }
      }, "span-queue-producer-" + p);
      threads.add(t);
      t.start();
    }

    assertThat(firstRejection.await(30, TimeUnit.SECONDS)).as("a producer found the queue full").isTrue();
    // What the consumer took, per producer: the seqs in poll order and the poll count at which each came.
    int[][] polledSeq = new int[producers][perProducer];
    long[][] polledAt = new long[producers][perProducer];
    int[] polledOf = new int[producers];
    long polled = 0;
    long surplus = 0;
    long outOfProducerOrder = 0;
    while (System.nanoTime() < deadline) {
      // Read before polling: once every producer has finished, a null poll means the queue is drained.
      boolean allFinished = finished.get() == producers;
      Object o = q.poll();
      if (o == null) {
        if (allFinished) {
          break;
        }
        Thread.onSpinWait();
        continue;
      }
      Tagged e = (Tagged) o;
      int p = e.producer();
      int n = polledOf[p];
      if (n == perProducer) {
        surplus++;
      } else {
        if (n > 0 && e.seq() <= polledSeq[p][n - 1]) {
          outOfProducerOrder++;
        }
        polledSeq[p][n] = e.seq();
        polledAt[p][n] = polled;
        polledOf[p] = n + 1;
      }
      polled++;
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
    }

    assertThat(failure.get()).isNull();
    assertThat(finished.get()).as("every producer finished and the consumer drained the queue").isEqualTo(producers);
    assertThat(surplus).as("elements polled beyond what their producer had accepted").isZero();
    assertThat(outOfProducerOrder).as("elements polled before an earlier offer of their producer").isZero();
    for (int p = 0; p < producers; p++) {
      assertThat(attempts[p]).as("producer %d: offered = polled + rejected", p).isEqualTo(polledOf[p] + rejections[p]);
      // The same seqs in the same order: none lost, none twice, no rejected one polled.
      assertThat(polledSeq[p]).as("producer %d: polled = accepted", p).isEqualTo(acceptedSeq[p]);
      // The k-th element polled is the one whose offer returned k.
      assertThat(polledAt[p]).as("producer %d: poll position = offer index", p).isEqualTo(acceptedAt[p]);
    }
    long total = (long) producers * perProducer;
    assertThat(polled).isEqualTo(total);
    assertThat(q.producerIndex()).isEqualTo(total);
    assertThat(q.consumerIndex()).isEqualTo(total);
    assertThat(q.size()).isZero();

    // Not vacuous: offers were refused on a full queue, thousands of times more were accepted than it holds
    // (so while the consumer polled), and every producer's first element came before any producer's last.
    assertThat(Arrays.stream(rejections).sum()).isPositive();
    assertThat(polled).isGreaterThan(1000L * q.capacity());
    long firstOfLastStarter = 0;
    long lastOfFirstFinisher = Long.MAX_VALUE;
    for (int p = 0; p < producers; p++) {
      firstOfLastStarter = Math.max(firstOfLastStarter, polledAt[p][0]);
      lastOfFirstFinisher = Math.min(lastOfFirstFinisher, polledAt[p][perProducer - 1]);
    }
    assertThat(firstOfLastStarter).isLessThan(lastOfFirstFinisher);
  }
}
