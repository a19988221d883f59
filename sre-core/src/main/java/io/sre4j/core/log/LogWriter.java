package io.sre4j.core.log;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The consumer side of {@link StructuredLog}: one daemon thread that drains the queue in batches
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
 * thread parks up to 5 ms when the queue is empty; one reused {@link Line} formats every line.
 */
final class LogWriter {

  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final LineQueue queue;
  private final LogSink sink;
  private final LongAdder dropped;
  private final LogDiagnostics diagnostics;
  private final long closeTimeoutNanos;
  private final Line line;
  private final Thread thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean closing;
  private volatile long written;      // written by the writer thread only
  private volatile long sinkFailures; // written by the writer thread only
  private long reportedDrops;         // writer thread only

  private LogWriter(LineQueue queue, LogSink sink, LongAdder dropped, Line line,
      LogDiagnostics diagnostics, long closeTimeoutNanos) {
    this.queue = queue;
    this.sink = sink;
    this.dropped = dropped;
    this.line = line;
    this.diagnostics = diagnostics;
    this.closeTimeoutNanos = closeTimeoutNanos;
    this.thread = new Thread(this::run, "sre4j-log-writer");
    thread.setDaemon(true);
  }

  /**
   * Starts the writer thread.
   *
   * @param dropped the producers' count of dropped lines, reported in each {@code sli_report}
   * @param line the line every queued slot is loaded into and formatted from
   * @param closeTimeoutNanos how long {@link #close()} waits for the writer, at least 0
   */
  static LogWriter start(LineQueue queue, LogSink sink, LongAdder dropped, Line line,
      LogDiagnostics diagnostics, long closeTimeoutNanos) {
    LogWriter writer = new LogWriter(queue, sink, dropped, line, diagnostics, closeTimeoutNanos);
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
      for (;;) {
        int taken = drainBatch();
        if (taken > 0) {
          flushSink();
        } else if (closing && queue.size() == 0) {
          break;
        } else {
          LockSupport.parkNanos(this, IDLE_PARK_NANOS);
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

  private int drainBatch() {
    int taken = 0;
    LineQueue.Slot slot;
    while (taken < StructuredLog.BATCH_LINES && (slot = queue.peek()) != null) {
      line.load(slot);
      queue.release(slot);
      taken++;
      if (line.isReport()) {
        long total = dropped.sum();
        line.droppedLines(total - reportedDrops);
        reportedDrops = total;
      }
      try {
        sink.write(line);
        written = written + 1;
      } catch (Throwable e) {
        failed("write()", e);
      } finally {
        line.clear();
      }
    }
    return taken;
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
          + Duration.ofNanos(closeTimeoutNanos) + " (a blocked stream?); " + queue.size()
          + " queued lines are abandoned", null);
    }
  }
}
