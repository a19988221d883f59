package io.sre4j.core.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for an outcome another thread produces (such as a count that a sender thread moves after
 * a real HTTP exchange), checking it every few milliseconds: the poll of an outcome, never a wait
 * for time to pass. No duration is asserted; the deadline only turns a hang into a failure.
 */
public final class Await {

  private Await() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} if it does not within {@code deadline}
   */
  public static void until(String what, Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not within " + deadline + ": " + what);
      }
      LockSupport.parkNanos(2_000_000);
    }
  }
}
