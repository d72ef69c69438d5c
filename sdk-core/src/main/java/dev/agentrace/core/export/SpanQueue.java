package dev.agentrace.core.export;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Bounded multi-producer, single-consumer array queue; {@link #offer} never blocks and never allocates.
 *
 * <p>Producers claim a slot by CAS on {@code producerIndex} (bounded by the consumer's progress), then
 * publish the element with a release store. The consumer reads a slot with an acquire load; a null in a
 * claimed slot means the producer is between its CAS and its store, so the consumer spins briefly. The
 * consumer frees a slot (plain-null + release store of {@code consumerIndex}) before producers may reuse
 * it. Padding keeps the producer and consumer indexes on separate cache lines.
 */
final class SpanQueue {
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final VarHandle PRODUCER;
  private static final VarHandle CONSUMER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      PRODUCER = l.findVarHandle(SpanQueue.class, "producerIndex", long.class);
      CONSUMER = l.findVarHandle(SpanQueue.class, "consumerIndex", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object[] slots;
  private final int mask;
  private final int capacity;

  @SuppressWarnings("unused")
  private long p01, p02, p03, p04, p05, p06, p07;
  @SuppressWarnings("UnusedVariable") // read and written through the PRODUCER VarHandle
  private volatile long producerIndex;
  @SuppressWarnings("unused")
  private long p11, p12, p13, p14, p15, p16, p17;
  private volatile long consumerIndex;
  @SuppressWarnings("unused")
  private long p21, p22, p23, p24, p25, p26, p27;
  // Producer-side cache of consumerIndex + capacity, so a producer reads the consumer's line rarely.
  private volatile long producerLimit;
  @SuppressWarnings("unused")
  private long p31, p32, p33, p34, p35, p36, p37;

  SpanQueue(int capacity) {
    int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
    if (size < capacity) {
      size <<= 1;
    }
    this.slots = new Object[size];
    this.mask = size - 1;
    this.capacity = size;
    this.producerLimit = size;
  }

  int capacity() {
    return capacity;
  }

  /**
   * Adds {@code e}; returns its index (0-based count of successful offers before it), or -1 if full.
   */
  long offer(Object e) {
    long limit = producerLimit;
    long p;
    do {
      p = (long) PRODUCER.getOpaque(this);
      if (p >= limit) {
        long c = (long) CONSUMER.getAcquire(this);
        limit = c + capacity;
        if (p >= limit) {
          return -1;
        }
        // Benign race: a stale (smaller) limit only sends a producer back to read consumerIndex.
        producerLimit = limit;
      }
    } while (!PRODUCER.compareAndSet(this, p, p + 1));
    SLOTS.setRelease(slots, (int) (p & mask), e);
    return p;
  }

  /** Removes the head, or returns null if the queue is empty. Consumer thread only. */
  Object poll() {
    long c = consumerIndex;
    int at = (int) (c & mask);
    Object e = SLOTS.getAcquire(slots, at);
    if (e == null) {
      if (c == (long) PRODUCER.getVolatile(this)) {
        return null;
      }
      // Claimed but not yet published: the producer is a few instructions away from its store.
      do {
        Thread.onSpinWait();
        e = SLOTS.getAcquire(slots, at);
      } while (e == null);
    }
    slots[at] = null;
    CONSUMER.setRelease(this, c + 1);
    return e;
  }

  /** Count of elements ever offered successfully. */
  long producerIndex() {
    return (long) PRODUCER.getVolatile(this);
  }

  /** Count of elements ever polled. */
  long consumerIndex() {
    return (long) CONSUMER.getVolatile(this);
  }

  /** Approximate current size. */
  int size() {
    return (int) Math.max(0, producerIndex() - consumerIndex());
  }
}
