package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link LatencyRecorder#recordSingleWriter} against {@link LatencyRecorder#record}: the same values
 * read the same through every close, alone and merged, and counts carry past 2^32 the same way.
 */
final class SingleWriterLatencyRecorderTest {

  private static final long MS = 1_000_000L;
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

  @Test
  void aSingleWriterBucketCountsPastTwoToTheThirtyTwo() throws Exception {
    LatencyRecorder recorder = new LatencyRecorder();
    LatencyRecorder.Stripe stripe = firstStripe(recorder);
    int bucket = LatencyLayout.bucket(5 * MS);
    recorder.recordSingleWriter(5 * MS, 0);
    // as if 2^32 - 1 records had landed in the bucket: the next one wraps the int and carries
    stripe.counts[(stripe.counts.length - 2 * LatencyLayout.BUCKETS) / 2 + bucket] = -1;
    recorder.recordSingleWriter(5 * MS, 0);
    recorder.recordSingleWriter(5 * MS, 0);
    recorder.close();
    assertThat(recorder.countAt(bucket)).isEqualTo((1L << 32) + 1);
    assertThat(stripe.carries).isNotNull();

    recorder.recordSingleWriter(5 * MS, 0);
    recorder.close();
    recorder.recordSingleWriter(6 * MS, 0);
    recorder.close(); // clears the carried buffer before reusing it
    assertThat(recorder.countAt(bucket)).isZero();
    assertThat(recorder.countAt(LatencyLayout.bucket(6 * MS))).isEqualTo(1);
  }

  /** Every used bucket and its count, in order, as one string. */
  private static String walk(LatencyRecorder recorder) {
    StringBuilder walk = new StringBuilder();
    for (int bucket = recorder.nextUsedBucket(0); bucket >= 0; bucket = recorder.nextUsedBucket(bucket + 1)) {
      walk.append(bucket).append('=').append(recorder.countAt(bucket)).append(' ');
    }
    return walk.toString();
  }

  private static LatencyRecorder.Stripe firstStripe(LatencyRecorder recorder) throws Exception {
    Field field = LatencyRecorder.class.getDeclaredField("stripes");
    field.setAccessible(true);
    return ((LatencyRecorder.Stripe[]) field.get(recorder))[0];
  }
}
