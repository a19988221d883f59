package io.sre4j.core;

/**
 * The system clock behind {@link Clock#system()}: {@link System#currentTimeMillis()} and {@link
 * System#nanoTime()}. Package-private, so that the public API has one door to it.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> one system call per read.
 */
enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public long wallTime() {
    return System.currentTimeMillis();
  }

  @Override
  public long monotonicTime() {
    return System.nanoTime();
  }
}
