package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.testing.ConcurrentTestHarness;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Stdout blocked (a stream whose write does not return until the test lets it): recording threads
 * finish their loops regardless, lines are dropped and counted exactly, and the queue never holds
 * more than its capacity.
 */
final class BlockedStdoutTest {

  private static final int THREADS = 4;
  private static final int LINES_PER_THREAD = 250_000;
  private static final int CAPACITY = 1024;

  @Test
  void recordingNeverWaitsAndEveryLineIsWrittenOrCountedAsDropped() throws Exception {
    BlockedStream stdout = new BlockedStream();
    StructuredLog log = StructuredLog.builder().service("orders").sink(LogSink.jsonLines(stdout))
        .accessLog(true).queueCapacity(CAPACITY).shutdownHook(false)
        .closeTimeout(Duration.ofMinutes(1)).build();
    assertThat(log.queueCapacity()).isEqualTo(CAPACITY);

    // one line gets the writer stuck in write()
    assertThat(log.accessLog().log("GET", "/first", 200, 1, null, null)).isTrue();
    assertThat(stdout.entered.await(60, TimeUnit.SECONDS)).as("the writer reached the stream").isTrue();

    AtomicLong queued = new AtomicLong(1);
    AtomicInteger maxQueued = new AtomicInteger();
    ConcurrentTestHarness harness = new ConcurrentTestHarness("recorder");
    for (int t = 0; t < THREADS; t++) {
      harness.submit(() -> {
        long mine = 0;
        for (int i = 0; i < LINES_PER_THREAD; i++) {
          int status = i % 10 == 0 ? 503 : 200;
          if (log.accessLog().log("GET", "/api/orders/{id}", status, i, null, null)) {
            mine++;
          }
          if (i % 512 == 0) {
            maxQueued.accumulateAndGet(log.queuedLines(), Math::max);
          }
        }
        queued.addAndGet(mine);
        return null;
      });
    }
    harness.start();

    // every recording thread finishes its loop while the stream is still blocked
    assertThat(harness.awaitDone(Duration.ofSeconds(60))).as("recording threads finished while stdout was blocked").isTrue();
    assertThat(stdout.release.getCount()).isEqualTo(1);
    assertThat(stdout.lines.get()).isZero();
    long produced = 1L + THREADS * (long) LINES_PER_THREAD;
    assertThat(log.droppedLines()).isPositive();
    assertThat(queued.get() + log.droppedLines()).isEqualTo(produced);
    assertThat(log.queuedLines()).isLessThanOrEqualTo(CAPACITY);
    assertThat(maxQueued.get()).isLessThanOrEqualTo(CAPACITY);

    stdout.release.countDown();
    log.close();
    harness.close();

    assertThat(stdout.lines.get()).isEqualTo(queued.get()).isEqualTo(log.writtenLines());
    assertThat(stdout.lines.get() + log.droppedLines()).isEqualTo(produced);
    assertThat(log.sinkFailures()).isZero();
    assertThat(log.queuedLines()).isZero();
  }

  @Test
  void theNextReportLineWrittenCarriesTheDropsSinceThePreviousOne() throws Exception {
    BlockedStream stdout = new BlockedStream();
    java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        stdout.write(b, off, len);
        copy.write(b, off, len);
      }
    };
    StructuredLog log = StructuredLog.builder().sink(LogSink.jsonLines(tee)).accessLog(true)
        .queueCapacity(16).shutdownHook(false).closeTimeout(Duration.ofMinutes(1)).build();
    log.accessLog().log("GET", "/first", 200, 1, null, null);
    assertThat(stdout.entered.await(60, TimeUnit.SECONDS)).isTrue();
    log.onEvent(TestLines.report("orders", "a")); // written after the drops below: reports them
    int offered = 100;
    for (int i = 0; i < offered; i++) {
      log.accessLog().log("GET", "/a", 200, 1, null, null);
    }
    long dropped = log.droppedLines();
    assertThat(dropped).isEqualTo(offered - 15);
    stdout.release.countDown();
    TestLines.await("the queue drained", () -> log.queuedLines() == 0);
    log.onEvent(TestLines.report("orders", "b"));
    log.close();
    var reports = TestLines.parseAll(copy).stream()
        .filter(line -> line.get("type").asText().equals("sli_report")).toList();
    assertThat(reports).extracting(line -> line.get("dropped_lines").asLong()).containsExactly(dropped, 0L);
  }
}
