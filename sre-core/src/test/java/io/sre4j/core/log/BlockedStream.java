package io.sre4j.core.log;

import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream that blocks every write until released, as a stdout nobody reads does; counts the lines
 * that got through. For the log's backpressure and close tests.
 */
final class BlockedStream extends OutputStream {
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final AtomicLong lines = new AtomicLong();

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    entered.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        lines.incrementAndGet();
      }
    }
  }
}
