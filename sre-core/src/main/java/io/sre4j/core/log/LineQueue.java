package io.sre4j.core.log;

import io.sre4j.core.event.SloEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, lock-free, multi-producer single-consumer ring of pre-allocated line slots. Producers
 * (request threads, the tick thread) copy a line's fields into a free slot; the one writer thread
 * copies them out and frees the slot. When no slot is free the producer gives up at once: the
 * caller drops the line and counts it.
 *
 * <p><b>Thread safety:</b> {@link #claim} and {@link #publish} from any number of threads;
 * {@link #peek} and {@link #release} from one consumer thread only; {@link #size} from any thread.
 *
 * <p><b>Cost:</b> {@link #claim} never blocks, never allocates and never waits for the consumer: a
 * volatile read of the slot's sequence and one CAS on the tail (retried only when another producer
 * won the same slot, so some producer always progresses). Memory is fixed at construction: the
 * capacity (a power of two) times one slot of about 80 bytes, plus the strings the queued lines
 * refer to (route and method templates, exception class names, all shared).
 */
final class LineQueue {

  /* design
   * This is D. Vyukov's bounded MPMC queue specialised to one consumer. Slot i of lap k carries
   * sequence = k*capacity + i while free, k*capacity + i + 1 once filled (published).
   *  - A producer reads tail t and the sequence s of slot t & mask. s == t: the slot is free for
   *    this lap; it CASes tail t -> t+1 and so owns the slot alone. s < t: the slot still holds
   *    the line of the previous lap (the consumer has not freed it): the ring is full; the
   *    producer returns -1 at once, it never waits. s > t: another producer took t; reread tail.
   *  - The owner writes the slot's plain fields, then publishes with a release store of
   *    sequence t+1. The consumer's acquire load of sequence (== head+1) makes those writes
   *    visible (happens-before through the volatile pair).
   *  - The consumer copies the fields out, clears the references (so a slot keeps nothing alive),
   *    then frees the slot with a release store of head + capacity, and advances head.
   *  Invariant: tail - head <= capacity, since a producer only claims a slot the consumer freed;
   *  so the ring never holds more than capacity lines. A producer stalled between claim and
   *  publish only delays the consumer (which stops its batch there), never other producers
   *  beyond the capacity bound.
   */

  static final int ACCESS = 1;
  static final int EVENT = 2;
  /** Not queued: the writer's own {@code log_loss} line. */
  static final int LOSS = 3;

  private static final VarHandle TAIL;
  private static final VarHandle SEQUENCE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(LineQueue.class, "tail", long.class);
      SEQUENCE = lookup.findVarHandle(Slot.class, "sequence", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** One line's fields; written by its producer between claim and publish. */
  static final class Slot {
    long sequence; // accessed through SEQUENCE only
    int kind;
    long epochMillis;
    // access
    @Nullable String method;
    @Nullable String route;
    int status;
    long durationNanos;
    boolean hasTrace;
    long traceHigh;
    long traceLow;
    @Nullable String error;
    // event
    @Nullable SloEvent event;

    void clear() {
      method = null;
      route = null;
      error = null;
      event = null;
    }
  }

  private final Slot[] slots;
  private final int mask;
  private final int capacity;

  @SuppressWarnings("unused") // padding against false sharing between tail and head
  private long p01, p02, p03, p04, p05, p06, p07;
  private volatile long tail;
  @SuppressWarnings("unused")
  private long p11, p12, p13, p14, p15, p16, p17;
  private volatile long head;

  /** @param capacity slots, a power of two of at least 2 */
  LineQueue(int capacity) {
    if (capacity < 2 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two >= 2 but was " + capacity);
    }
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.slots = new Slot[capacity];
    for (int i = 0; i < capacity; i++) {
      slots[i] = new Slot();
      SEQUENCE.setRelease(slots[i], (long) i);
    }
  }

  /** @return the ring's capacity in lines */
  int capacity() {
    return capacity;
  }

  /**
   * Claims a free slot.
   *
   * @return the slot's position, or -1 when the ring is full
   */
  long claim() {
    long t = tail;
    for (;;) {
      Slot slot = slots[(int) t & mask];
      long seq = (long) SEQUENCE.getAcquire(slot);
      long dif = seq - t;
      if (dif == 0) {
        if (TAIL.compareAndSet(this, t, t + 1)) {
          return t;
        }
        t = tail;
      } else if (dif < 0) {
        return -1;
      } else {
        t = tail;
      }
    }
  }

  /** @return the slot at a claimed position, for its owner to fill */
  Slot slot(long position) {
    return slots[(int) position & mask];
  }

  /** Hands a filled slot to the consumer. */
  void publish(long position) {
    SEQUENCE.setRelease(slots[(int) position & mask], position + 1);
  }

  /** @return positions claimed so far: every line claimed before this call is below it */
  long claimed() {
    return tail;
  }

  /** Consumer only: @return the position of the next line to take */
  long taken() {
    return head;
  }

  /** Consumer only: the next published slot, or null if none is ready yet. */
  @Nullable Slot peek() {
    long h = head;
    Slot slot = slots[(int) h & mask];
    return (long) SEQUENCE.getAcquire(slot) == h + 1 ? slot : null;
  }

  /** Consumer only: frees the slot returned by {@link #peek} after copying it out. */
  void release(Slot slot) {
    long h = head;
    slot.clear();
    SEQUENCE.setRelease(slot, h + capacity);
    head = h + 1;
  }

  /**
   * @return lines claimed and not yet released. Never above the capacity, without clamping: tail
   *     is read before head, and head only grows, so the difference never exceeds the number of
   *     lines held at the moment tail was read.
   */
  int size() {
    long t = tail;
    long h = head;
    return (int) Math.max(0, t - h);
  }
}
