package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The writer's idle back-off: short parks while lines flow (so a busy queue is drained in batches,
 * one park per batch), a longer park once the queue stayed empty for a while (so an idle writer
 * wakes 20 times a second, not 200).
 */
final class LogWriterBackOffTest {

  @Test
  void parksFiveMillisecondsWhileLinesCameRecentlyAndFiftyAfterAQuietSpell() {
    for (int polls = 0; polls < LogWriter.QUIET_POLLS; polls++) {
      assertThat(LogWriter.idleParkNanos(polls)).as("after %s empty polls", polls)
          .isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
    }
    assertThat(LogWriter.QUIET_POLLS * LogWriter.IDLE_PARK_NANOS)
        .as("the quiet spell before the longer park").isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(LogWriter.idleParkNanos(LogWriter.QUIET_POLLS)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
  }
}
