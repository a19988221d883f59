package io.sre4j.core.testing;

import static io.sre4j.core.testing.TestTime.DAY;
import static io.sre4j.core.testing.TestTime.HOUR;
import static io.sre4j.core.testing.TestTime.MINUTE;
import static io.sre4j.core.testing.TestTime.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

final class WindowOracleTest {

  @Test
  void timeConstantsAreMilliseconds() {
    assertThat(new long[] {SECOND, MINUTE, HOUR, DAY})
        .containsExactly(1_000L, 60_000L, 3_600_000L, 86_400_000L);
  }

  @Test
  void aWindowHoldsTheBucketOfNowAndTheOnesBeforeIt() {
    // 25 s over 10 s buckets: three buckets, the current one [20 s, 30 s) and two before
    long now = 27 * SECOND;
    assertThat(WindowOracle.windowStart(now, 25 * SECOND, 10 * SECOND)).isEqualTo(0);
    assertThat(WindowOracle.holds(0, now, 25 * SECOND, 10 * SECOND)).isTrue();
    assertThat(WindowOracle.holds(-1, now, 25 * SECOND, 10 * SECOND)).isFalse();
    assertThat(WindowOracle.leaves(0, 25 * SECOND, 10 * SECOND)).isEqualTo(30 * SECOND);
    assertThat(WindowOracle.holds(0, 30 * SECOND - 1, 25 * SECOND, 10 * SECOND)).isTrue();
    assertThat(WindowOracle.holds(0, 30 * SECOND, 25 * SECOND, 10 * SECOND)).isFalse();
  }

  @Test
  void holdsAgreesWithWindowStartAndLeavesEverywhere() {
    Random random = new Random(19);
    for (int i = 0; i < 10_000; i++) {
      long window = 1 + random.nextInt(100);
      long width = 1 + random.nextInt(20);
      long now = WindowOracle.between(random, -500, 500);
      long t = WindowOracle.between(random, now - 200, now + 1);
      boolean holds = WindowOracle.holds(t, now, window, width);
      assertThat(holds).isEqualTo(t >= WindowOracle.windowStart(now, window, width));
      assertThat(holds).isEqualTo(now < WindowOracle.leaves(t, window, width));
    }
  }

  @Test
  void lookbacksAreAnsweredByTheFinestTierSpanningThem() {
    assertThat(WindowOracle.lookbackWidth(HOUR)).isEqualTo(10 * SECOND);
    assertThat(WindowOracle.lookbackWidth(HOUR + 1)).isEqualTo(MINUTE);
    assertThat(WindowOracle.lookbackWidth(6 * HOUR)).isEqualTo(MINUTE);
    assertThat(WindowOracle.lookbackWidth(3 * DAY)).isEqualTo(10 * MINUTE);
  }

  @Test
  void searchAndArithmeticHelpers() {
    long[] times = {1, 3, 3, 3, 7};
    assertThat(WindowOracle.lowerBound(times, 3, times.length)).isEqualTo(1);
    assertThat(WindowOracle.lowerBound(times, 4, times.length)).isEqualTo(4);
    assertThat(WindowOracle.lowerBound(times, 8, times.length)).isEqualTo(5);
    assertThat(WindowOracle.lowerBound(times, 8, 2)).isEqualTo(2);
    assertThat(WindowOracle.ceilDiv(7, 2)).isEqualTo(4);
    assertThat(WindowOracle.ceilDiv(-7, 2)).isEqualTo(-3);
    assertThat(WindowOracle.between(new Random(1), 5, 6)).isEqualTo(5);
  }
}
