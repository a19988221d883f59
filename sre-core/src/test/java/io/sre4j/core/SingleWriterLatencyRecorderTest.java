package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link LatencyRecorder#recordSingleWriter} against {@link LatencyRecorder#record}: the same values
 * read the same through every close, alone and merged. (Counts past 2^32, for both ways of
 * recording: {@code LatencyRecorderTest.aBucketCountsPastTwoToTheThirtyTwo}.)
 */
final class SingleWriterLatencyRecorderTest {

  private static final long[] RANKS = {0, 1, 10, 500, 900, 950, 990, 999, 1000};

  @Test
  void everyClosedIntervalReadsAsTheConcurrentRecordersInterval() {
    SplittableRandom random = new SplittableRandom(7);
    LatencyRecorder concurrent = new LatencyRecorder();
    LatencyRecorder single = new LatencyRecorder();
    LatencyRecorder other = new LatencyRecorder(); // merged beside each, in a fresh MergedLatency
    for (int interval = 0; interval < 40; interval++) {
      int values = interval % 7 == 3 ? 0 : random.nextInt(3_000);
      double scale = Math.pow(10, 3 + random.nextInt(9));
      for (int i = 0; i < values; i++) {
        long nanos = (long) Math.min(Endpoint.MAX_DURATION_NANOS,
            Math.exp(random.nextGaussian() * 2) * scale);
        int band = random.nextInt(LatencyRecorder.BANDS);
        concurrent.record(nanos, band);
        single.recordSingleWriter(nanos, band);
      }
      other.record(random.nextLong(Endpoint.MAX_DURATION_NANOS), 1);
      concurrent.close();
      single.close();
      other.close();

      assertThat(single.totalCount()).as("interval %d", interval).isEqualTo(concurrent.totalCount())
          .isEqualTo(values);
      for (int band = 0; band < LatencyRecorder.BANDS; band++) {
        assertThat(single.band(band)).isEqualTo(concurrent.band(band));
      }
      assertThat(single.sum()).isEqualTo(concurrent.sum());
      assertThat(single.min()).isEqualTo(concurrent.min());
      assertThat(single.max()).isEqualTo(concurrent.max());
      assertThat(single.valuesAtRanks(RANKS, 1000)).containsExactly(concurrent.valuesAtRanks(RANKS, 1000))
          .containsExactly(LatencyReader.walkRanks(single, RANKS, 1000));
      for (int bucket = concurrent.nextUsedBucket(0); bucket >= 0;
          bucket = concurrent.nextUsedBucket(bucket + 1)) {
        assertThat(single.countAt(bucket)).isEqualTo(concurrent.countAt(bucket));
      }
      assertThat(walk(single)).isEqualTo(walk(concurrent));
      MergedLatency mergedSingle = new MergedLatency();
      mergedSingle.add(single);
      mergedSingle.add(other);
      MergedLatency mergedConcurrent = new MergedLatency();
      mergedConcurrent.add(concurrent);
      mergedConcurrent.add(other);
      assertThat(mergedSingle.valuesAtRanks(RANKS, 1000))
          .containsExactly(mergedConcurrent.valuesAtRanks(RANKS, 1000));
      assertThat(mergedSingle.totalCount()).isEqualTo(mergedConcurrent.totalCount());
    }
    assertThat(single.stripes()).isEqualTo(1);
  }

  /** Every used bucket and its count, in order, as one string. */
  private static String walk(LatencyRecorder recorder) {
    StringBuilder walk = new StringBuilder();
    for (int bucket = recorder.nextUsedBucket(0); bucket >= 0; bucket = recorder.nextUsedBucket(bucket + 1)) {
      walk.append(bucket).append('=').append(recorder.countAt(bucket)).append(' ');
    }
    return walk.toString();
  }
}
