package io.sre4j.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Threads released together from one start gate: each {@linkplain #submit submitted} task gets its
 * own thread, which waits at the gate; {@link #start()} waits until every thread has reached it and
 * opens it, so that the tasks contend from their first instruction (the conservation and
 * concurrency suites' pattern, after Caffeine's {@code ConcurrentTestHarness}).
 *
 * <pre>{@code
 * try (ConcurrentTestHarness harness = new ConcurrentTestHarness("writer")) {
 *   List<Future<Long>> writers = new ArrayList<>();
 *   for (int w = 0; w < 4; w++) {
 *     writers.add(harness.submit(() -> write(endpoint)));
 *   }
 *   harness.start();
 *   ... drive the clock while they write ...
 *   for (Future<Long> writer : writers) {
 *     total += writer.get(25, TimeUnit.SECONDS);
 *   }
 * }
 * }</pre>
 *
 * <p>The waits take a timeout only so that a deadlock fails the test instead of hanging the
 * build; nothing is timed. <b>Thread safety:</b> used from the test's thread only.
 */
public final class ConcurrentTestHarness implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final CountDownLatch gate = new CountDownLatch(1);
  private final Semaphore ready = new Semaphore(0);
  private final List<Thread> threads = new ArrayList<>();
  private final List<FutureTask<?>> tasks = new ArrayList<>();

  /**
   * A harness whose threads are named {@code <name>-0}, {@code <name>-1}, ...
   *
   * @param name the threads' name prefix
   */
  public ConcurrentTestHarness(String name) {
    this.name = name;
  }

  /**
   * Starts a thread that waits at the gate, then runs {@code task}.
   *
   * @param <T> the task's result
   * @param task the work, run once
   * @return the task's result or failure
   * @throws IllegalStateException when the gate is already open
   */
  public <T> Future<T> submit(Callable<T> task) {
    if (gate.getCount() == 0) {
      throw new IllegalStateException("submit before start()");
    }
    FutureTask<T> future = new FutureTask<>(() -> {
      ready.release();
      gate.await();
      return task.call();
    });
    Thread thread = new Thread(future, name + "-" + threads.size());
    thread.setDaemon(true);
    threads.add(thread);
    tasks.add(future);
    thread.start();
    return future;
  }

  /**
   * Waits until every submitted task's thread is at the gate, then opens it.
   *
   * @throws InterruptedException when the test's thread is interrupted
   * @throws AssertionError when a thread has not reached the gate within a minute
   */
  public void start() throws InterruptedException {
    if (!ready.tryAcquire(threads.size(), READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(name + " threads did not reach the start gate");
    }
    gate.countDown();
  }

  /**
   * Whether every submitted task has finished, normally or not.
   *
   * @return true when none is running
   */
  public boolean isDone() {
    return tasks.stream().allMatch(Future::isDone);
  }

  /**
   * Waits for every task to finish.
   *
   * @param timeout how long to wait in all, a deadlock guard
   * @return true when all finished in time (failed ones included)
   * @throws InterruptedException when the test's thread is interrupted
   */
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (FutureTask<?> task : tasks) {
      try {
        task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        // finished, with a failure the caller reads from its future
      } catch (TimeoutException e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Interrupts the tasks still running and waits (a deadlock guard of ten seconds each) for their
   * threads to end.
   */
  @Override
  public void close() {
    gate.countDown();
    for (FutureTask<?> task : tasks) {
      task.cancel(true);
    }
    try {
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
