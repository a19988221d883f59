package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, bug 1, the library's half: a log whose stream never returns from a write (a pipe
 * nobody reads) closes after its close timeout, leaves the lines it could not write counted (still
 * queued), and a second close returns too. The 60 s bound is a hang
 * guard, not a timing assertion.
 */
final class CloseOnBlockedStreamTest {

  @Test
  void closeGivesUpAfterItsTimeoutAndCountsWhatItCouldNotWrite() throws Exception {
    BlockedStream stream = new BlockedStream();
    StructuredLog log = StructuredLog.builder().service("orders").sink(LogSink.jsonLines(stream))
        .accessLog(true).queueCapacity(64).shutdownHook(false)
        .closeTimeout(Duration.ofMillis(200)).build();
    try {
      assertThat(log.accessLog().log("GET", "/first", 200, 1, null, null)).isTrue();
      assertThat(stream.entered.await(60, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 10; i++) {
        assertThat(log.accessLog().log("GET", "/next", 200, 1, null, null)).isTrue();
      }

      assertTimeoutPreemptively(Duration.ofSeconds(60), log::close);
      assertTimeoutPreemptively(Duration.ofSeconds(60), log::close);

      // the first line was handed to the sink, whose flush never returns; the rest stay queued
      assertThat(log.writtenLines()).isEqualTo(1);
      assertThat(log.queuedLines()).as("the lines close could not write").isEqualTo(10);
      assertThat(log.droppedLines()).isZero();
      assertThat(log.accessLog().log("GET", "/after", 200, 1, null, null))
          .as("a closed log takes no more lines").isFalse();
    } finally {
      stream.release.countDown();
    }
  }
}
