package io.sre4j.core.log;

import io.sre4j.core.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The consumer side of {@link StructuredLog}: one daemon thread that drains the queue (and the
 * priority lane, see {@code drainBatch}) in batches
 * of up to {@value StructuredLog#BATCH_LINES} lines, formats each line and hands it to the sink,
 * flushes the sink once per batch, and on {@link #close()} drains what is left and closes the
 * sink.
 *
 * <p><b>Failures.</b> A sink that throws loses that line (or, from {@code flush}, what it had
 * buffered); the exception is counted and warned about once, and the loop goes on. Only a
 * {@link VirtualMachineError} ends the thread (the sink is still closed).
 *
 * <p><b>Thread safety:</b> {@link #closing()}, {@link #written()}, {@link #sinkFailures()} and
 * {@link #close()} from any thread; everything else runs on the writer thread. <b>Cost:</b> the
 * thread parks 5 ms when the queue is empty, 50 ms once it was empty for 100 ms (see {@link
 * #idleParkNanos}); one reused {@link Line} formats every line.
 */
final class LogWriter {

  /** How long the writer parks when the queue is empty, while lines came recently: 5 ms. */
  static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  /** How long it parks once the queue was empty for {@link #QUIET_POLLS} polls in a row: 50 ms. */
  static final long QUIET_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** Empty polls (of {@link #IDLE_PARK_NANOS} each, so 100 ms) before the longer park. */
  static final int QUIET_POLLS = 20;

  private final LineQueue queue;
  private final LineQueue priority;
  private final LogSink sink;
  private final LongAdder dropped;
  private final LongAdder priorityLost;
  private final Clock clock;
  private final LogDiagnostics diagnostics;
  private final long closeTimeoutNanos;
  private final Line line;
  private final Thread thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean closing;
  private volatile long written;      // written by the writer thread only
  private volatile long sinkFailures; // written by the writer thread only
  private long reportedDrops;         // writer thread only
  private long reportedLost;          // writer thread only
  private long laneBarrier = -1;      // writer thread only: queue position the lane head waits for

  private LogWriter(LineQueue queue, LineQueue priority, LogSink sink, LongAdder dropped,
      LongAdder priorityLost, Clock clock, Line line, LogDiagnostics diagnostics,
      long closeTimeoutNanos) {
    this.queue = queue;
    this.priority = priority;
    this.sink = sink;
    this.dropped = dropped;
    this.priorityLost = priorityLost;
    this.clock = clock;
    this.line = line;
    this.diagnostics = diagnostics;
    this.closeTimeoutNanos = closeTimeoutNanos;
    this.thread = new Thread(this::run, "sre4j-log-writer");
    thread.setDaemon(true);
  }

  /**
   * Starts the writer thread.
   *
   * @param queue the queue of access and report lines
   * @param priority the priority lane: priority lines that found {@code queue} full
   * @param dropped the producers' count of dropped lines, reported in each {@code sli_report}
   * @param priorityLost the producers' count of priority lines lost (lane full), reported in a
   *     {@code log_loss} line once the lane is empty again
   * @param clock stamps {@code log_loss} lines
   * @param line the line every queued slot is loaded into and formatted from
   * @param closeTimeoutNanos how long {@link #close()} waits for the writer, at least 0
   */
  static LogWriter start(LineQueue queue, LineQueue priority, LogSink sink, LongAdder dropped,
      LongAdder priorityLost, Clock clock, Line line, LogDiagnostics diagnostics,
      long closeTimeoutNanos) {
    LogWriter writer = new LogWriter(queue, priority, sink, dropped, priorityLost, clock, line,
        diagnostics, closeTimeoutNanos);
    writer.thread.start();
    return writer;
  }

  /** Whether {@link #close()} was called: producers then drop lines. */
  boolean closing() {
    return closing;
  }

  /** Lines the sink accepted without throwing. */
  long written() {
    return written;
  }

  /** How many times the sink threw, on a line or on a flush. */
  long sinkFailures() {
    return sinkFailures;
  }

  private void run() {
    try {
      int emptyPolls = 0;
      for (;;) {
        int taken = drainBatch();
        if (taken > 0) {
          flushSink();
          emptyPolls = 0;
        } else if (closing && queue.size() == 0 && priority.size() == 0) {
          break;
        } else {
          LockSupport.parkNanos(this, idleParkNanos(emptyPolls));
          emptyPolls = Math.min(emptyPolls + 1, QUIET_POLLS);
        }
      }
    } finally {
      try {
        sink.close();
      } catch (Throwable e) {
        failed("sink.close()", e);
      }
    }
  }

  /**
   * The idle back-off: {@link #IDLE_PARK_NANOS} while lines came recently, so that a busy queue is
   * drained in batches with one park per batch; {@link #QUIET_PARK_NANOS} after {@link
   * #QUIET_POLLS} empty polls in a row, so that an idle writer wakes 20 times a second instead of
   * 200. The first line after a quiet spell waits at most that longer park; {@link #close()}
   * unparks at once.
   *
   * @param emptyPolls the polls in a row that found the queue empty, 0..{@link #QUIET_POLLS}
   * @return nanoseconds to park
   */
  static long idleParkNanos(int emptyPolls) {
    return emptyPolls < QUIET_POLLS ? IDLE_PARK_NANOS : QUIET_PARK_NANOS;
  }

  /**
   * Writes up to a batch of lines. A priority-lane line is written once every line of the shared
   * queue claimed before the writer saw it is written: producers put a priority line into the lane
   * only after the lines they queued before it, so each producer's lines keep their order, and a
   * lane line waits for at most one queue's worth of lines. Once the lane is found empty, a {@code
   * log_loss} line reports the priority lines lost since the previous one, if any: it follows the
   * oldest lines, which the lane kept.
   */
  private int drainBatch() {
    int taken = 0;
    while (taken < StructuredLog.BATCH_LINES) {
      LineQueue.Slot slot = priority.peek();
      LineQueue from;
      if (slot != null) {
        if (laneBarrier < 0) {
          laneBarrier = queue.claimed();
        }
        if (queue.taken() < laneBarrier) {
          slot = queue.peek();
          if (slot == null) {
            break; // a producer is still filling a slot below the barrier
          }
          from = queue;
        } else {
          from = priority;
          laneBarrier = -1;
        }
      } else if (reportLoss()) {
        taken++;
        continue;
      } else if ((slot = queue.peek()) != null) {
        from = queue;
      } else {
        break;
      }
      line.load(slot);
      from.release(slot);
      taken++;
      if (line.isReport()) {
        long total = dropped.sum();
        line.droppedLines(total - reportedDrops);
        reportedDrops = total;
      }
      writeLine();
    }
    return taken;
  }

  /** Writes a {@code log_loss} line if priority lines were lost since the last one. */
  private boolean reportLoss() {
    long total = priorityLost.sum();
    if (total == reportedLost) {
      return false;
    }
    line.loadLoss(clock.wallTime(), total - reportedLost);
    reportedLost = total;
    writeLine();
    return true;
  }

  private void writeLine() {
    try {
      sink.write(line);
      written = written + 1;
    } catch (Throwable e) {
      failed("write()", e);
    } finally {
      line.clear();
    }
  }

  private void flushSink() {
    try {
      sink.flush();
    } catch (Throwable e) {
      failed("flush()", e);
    }
  }

  private void failed(String call, Throwable e) {
    if (e instanceof VirtualMachineError fatal) {
      throw fatal;
    }
    long failures = sinkFailures + 1;
    sinkFailures = failures;
    diagnostics.warnOnce("sink-failed", "sre4j: the structured log sink " + sink.getClass().getName()
        + " threw in " + call + "; its lines are lost (" + failures + " failures so far)", e);
  }

  /**
   * Stops taking lines and waits at most the close timeout for the writer to drain the queue and
   * close the sink; warns once if it did not. Idempotent; returns at once on the writer thread.
   */
  void close() {
    if (closed.compareAndSet(false, true)) {
      closing = true;
      LockSupport.unpark(thread);
    }
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(closeTimeoutNanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      diagnostics.warnOnce("close-timeout", "sre4j: the structured log writer did not finish within "
          + Duration.ofNanos(closeTimeoutNanos) + " (a blocked stream?); " + (queue.size() + priority.size())
          + " queued lines are abandoned", null);
    }
  }
}
