package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every bucket of the layout, exhaustively: contiguous, and its middle within the bound. */
final class LatencyLayoutTest {

  @Test
  void bucketsAreContiguousFromZeroToOneHour() {
    assertThat(LatencyLayout.lowest(0)).isZero();
    for (int bucket = 0; bucket < LatencyLayout.BUCKETS; bucket++) {
      long lowest = LatencyLayout.lowest(bucket);
      long highest = lowest + LatencyLayout.width(bucket) - 1;
      assertThat(LatencyLayout.bucket(lowest)).as("bucket of %d", lowest).isEqualTo(bucket);
      assertThat(LatencyLayout.bucket(highest)).as("bucket of %d", highest).isEqualTo(bucket);
      if (bucket + 1 < LatencyLayout.BUCKETS) {
        assertThat(LatencyLayout.lowest(bucket + 1)).isEqualTo(highest + 1);
      }
    }
    assertThat(LatencyLayout.bucket(Endpoint.MAX_DURATION_NANOS)).isEqualTo(LatencyLayout.BUCKETS - 1);
  }

  @Test
  void theMiddleIsWithinOneIn128FromOneMicrosecondAndEightNanosecondsBelow() {
    for (int bucket = 0; bucket < LatencyLayout.BUCKETS; bucket++) {
      long lowest = LatencyLayout.lowest(bucket);
      long highest = lowest + LatencyLayout.width(bucket) - 1;
      long middle = LatencyLayout.middle(bucket);
      long worst = Math.max(middle - lowest, highest - middle);
      if (lowest >= 1_024) {
        assertThat((double) worst / lowest).as("bucket %d", bucket)
            .isLessThanOrEqualTo(LatencyLayout.RELATIVE_ERROR);
      } else {
        assertThat(worst).as("bucket %d", bucket).isLessThanOrEqualTo(8);
      }
    }
    assertThat(LatencyLayout.RELATIVE_ERROR).isLessThan(0.01);
  }
}
