package io.sre4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

final class ConcurrentTestHarnessTest {

  @Test
  void noTaskRunsBeforeStartAndAllRunTogetherAfterIt() throws Exception {
    int threads = 4;
    AtomicInteger started = new AtomicInteger();
    // every task must be running at once to pass this barrier: one thread each, released together
    CyclicBarrier together = new CyclicBarrier(threads);
    try (ConcurrentTestHarness harness = new ConcurrentTestHarness("t")) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(harness.submit(() -> {
          started.incrementAndGet();
          together.await(60, TimeUnit.SECONDS);
          return Thread.currentThread().getName();
        }));
      }
      assertThat(started.get()).isZero();
      assertThat(harness.isDone()).isFalse();

      harness.start();

      assertThat(harness.awaitDone(Duration.ofSeconds(60))).isTrue();
      assertThat(harness.isDone()).isTrue();
      List<String> names = new ArrayList<>();
      for (Future<String> result : results) {
        names.add(result.get());
      }
      assertThat(names).containsExactly("t-0", "t-1", "t-2", "t-3");
    }
  }

  @Test
  void aFailureIsTheTasksOwn() throws Exception {
    try (ConcurrentTestHarness harness = new ConcurrentTestHarness("t")) {
      Future<Object> failing = harness.submit(() -> {
        throw new IllegalArgumentException("boom");
      });
      harness.start();

      assertThat(harness.awaitDone(Duration.ofSeconds(60))).isTrue();
      Assertions.assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("boom");
    }
  }

  @Test
  void submitAfterStartIsRejected() throws Exception {
    try (ConcurrentTestHarness harness = new ConcurrentTestHarness("t")) {
      harness.start();
      assertThatIllegalStateException().isThrownBy(() -> harness.submit(() -> null))
          .withMessage("submit before start()");
    }
  }
}
