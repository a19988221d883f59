package io.sre4j.cli;

import io.sre4j.core.Clock;

/**
 * A clock on which time runs {@code scale} times faster than real time, from the moment it was is
 * started: the demo's simulated hours pass in real seconds. Until {@link #start()} time stands
 * still at the real wall time of construction, so that start-up (class loading, Jetty) takes no
 * simulated time.
 *
 * <p>Only the registry's bucketing, evaluations and intervals run on it; request durations stay
 * real, measured by the servlet filter with {@link System#nanoTime()}.
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> one {@code nanoTime} and a multiplication.
 */
final class ScaledClock implements Clock {

  private final long startWallMillis;
  private final double scale;
  private volatile long startNanos;
  private volatile boolean started;

  ScaledClock(double scale) {
    this(scale, System.currentTimeMillis());
  }

  /**
   * @param scale how many times faster than real time
   * @param startWallMillis the wall time at the start, epoch milliseconds
   */
  ScaledClock(double scale, long startWallMillis) {
    this.scale = scale;
    this.startWallMillis = startWallMillis;
  }

  /** Starts time; once. */
  void start() {
    startNanos = System.nanoTime();
    started = true;
  }

  @Override
  public long wallTime() {
    return startWallMillis + elapsedSimulatedMillis();
  }

  @Override
  public long monotonicTime() {
    return started ? (long) ((System.nanoTime() - startNanos) * scale) : 0;
  }

  /**
   * @return simulated milliseconds since the start
   */
  long elapsedSimulatedMillis() {
    return started ? (long) ((System.nanoTime() - startNanos) * scale / 1e6) : 0;
  }

  /**
   * @return real milliseconds since the start
   */
  long elapsedRealMillis() {
    return started ? (System.nanoTime() - startNanos) / 1_000_000 : 0;
  }

  long startWallMillis() {
    return startWallMillis;
  }

  double scale() {
    return scale;
  }
}
