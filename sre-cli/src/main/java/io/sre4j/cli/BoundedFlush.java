package io.sre4j.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Flushes standard output without ever waiting forever: the flush runs on a daemon thread and the
 * caller waits at most a timeout. A pipe nobody reads ({@code sre4j demo | sleep 60}) blocks a
 * write, and the writer then holds the stream's lock, so a plain {@code flush()} would wait as long
 * as the reader does. Once a flush did not finish, the stream is known blocked: later flushes return
 * at once, and the command says once, on standard error, that its output was not all written.
 *
 * <p><b>Thread safety:</b> safe from any thread. <b>Cost:</b> one short-lived thread per flush
 * (a few per command).
 */
final class BoundedFlush {

  /** How long a flush of standard output may take before it is given up: {@value} ms. */
  static final long TIMEOUT_MILLIS = 2_000;

  private final PrintStream stream;
  private final PrintStream err;
  private final Duration timeout;
  private volatile boolean blocked;

  /**
   * @param stream the stream to flush, such as standard output
   * @param err where to say that it is blocked
   * @param timeout how long one flush may take, positive
   */
  BoundedFlush(PrintStream stream, PrintStream err, Duration timeout) {
    this.stream = stream;
    this.err = err;
    this.timeout = timeout;
  }

  /**
   * Flushes, waiting at most the timeout; does nothing once the stream was found blocked.
   *
   * @return whether the flush finished
   */
  boolean flush() {
    if (blocked) {
      return false;
    }
    CountDownLatch done = new CountDownLatch(1);
    Thread flusher = new Thread(() -> {
      try {
        stream.flush();
      } finally {
        done.countDown();
      }
    }, "sre4j-flush");
    flusher.setDaemon(true);
    flusher.start();
    boolean finished;
    try {
      finished = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      blocked = true;
      err.println("sre4j: standard output is blocked (is its reader gone or stopped?); gave up"
          + " after " + CliValues.human(timeout) + ", what was not written to it is lost");
    }
    return finished;
  }

  /** @return whether a flush was given up */
  boolean blocked() {
    return blocked;
  }
}
