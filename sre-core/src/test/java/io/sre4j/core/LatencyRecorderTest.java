package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.reflect.Field;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The striped recorder alone: buffer reuse, merging, carries past 2^32 and growth on contention. */
final class LatencyRecorderTest {

  private static final long MS = 1_000_000L;
  private static final long[] PERCENTILES = {500, 900, 950, 990, 999};

  @Test
  void aClosedBufferIsClearedBeforeItIsWrittenAgain() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int i = 1; i <= 1_000; i++) {
      recorder.record(i * MS, 0);
    }
    recorder.close();
    assertThat(recorder.totalCount()).isEqualTo(1_000);
    assertThat(recorder.max()).isEqualTo(1_000 * MS);

    recorder.record(7 * MS, 4);
    recorder.close();
    assertThat(recorder.totalCount()).isEqualTo(1);
    assertThat(recorder.band(0)).isZero();
    assertThat(recorder.band(4)).isEqualTo(1);
    assertThat(recorder.min()).isEqualTo(7 * MS);
    assertThat(recorder.max()).isEqualTo(7 * MS);
    assertThat(recorder.sum()).isEqualTo(7 * MS);
    assertThat(recorder.valuesAtRanks(PERCENTILES, 1000)).containsOnly(7 * MS);
    assertThat(recorder.nextUsedBucket(0)).isEqualTo(LatencyLayout.bucket(7 * MS));
    assertThat(recorder.nextUsedBucket(LatencyLayout.bucket(7 * MS) + 1)).isEqualTo(-1);

    recorder.close(); // the buffer of the first interval, cleared and empty
    assertThat(recorder.totalCount()).isZero();
    assertThat(recorder.nextUsedBucket(0)).isEqualTo(-1);
    assertThat(recorder.valuesAtRanks(PERCENTILES, 1000)).containsOnly(0L);
  }

  @Test
  void mergedIntervalsEqualOneIntervalOfEveryValue() {
    LatencyRecorder a = new LatencyRecorder();
    LatencyRecorder b = new LatencyRecorder();
    LatencyRecorder both = new LatencyRecorder();
    for (int i = 0; i < 10_000; i++) {
      long nanos = (i * 7919L % 10_000) * 37_000L;
      (i % 3 == 0 ? a : b).record(nanos, i % 6);
      both.record(nanos, i % 6);
    }
    a.close();
    b.close();
    both.close();
    LatencyRecorder earlier = new LatencyRecorder();
    earlier.record(Endpoint.MAX_DURATION_NANOS, 2);
    earlier.record(0, 0);
    earlier.close();
    MergedLatency merged = new MergedLatency();
    merged.add(earlier); // left over from an earlier tick
    merged.reset();
    merged.add(a);
    merged.add(b);

    assertThat(merged.totalCount()).isEqualTo(both.totalCount()).isEqualTo(10_000);
    assertThat(merged.sum()).isEqualTo(both.sum());
    assertThat(merged.min()).isEqualTo(both.min()).isZero();
    assertThat(merged.max()).isEqualTo(both.max());
    assertThat(merged.valuesAtRanks(PERCENTILES, 1000))
        .containsExactly(both.valuesAtRanks(PERCENTILES, 1000));
    for (int bucket = both.nextUsedBucket(0); bucket >= 0; bucket = both.nextUsedBucket(bucket + 1)) {
      assertThat(merged.countAt(bucket)).as("bucket %d", bucket).isEqualTo(both.countAt(bucket));
    }
  }

  @Test
  void everyWalkOfRanksEqualsTheReferenceWalk() {
    java.util.Random random = new java.util.Random(42);
    long[] ranks = {0, 1, 10, 500, 900, 950, 990, 999, 1000};
    for (int round = 0; round < 300; round++) {
      LatencyRecorder[] recorders = new LatencyRecorder[1 + random.nextInt(4)];
      for (int r = 0; r < recorders.length; r++) {
        recorders[r] = new LatencyRecorder();
        if (random.nextBoolean()) {
          recorders[r].grow(); // a second, empty stripe slot: the several-stripe walk
        }
        int values = random.nextInt(4) == 0 ? 0 : random.nextInt(2_000);
        double scale = Math.pow(10, 3 + random.nextInt(9));
        for (int i = 0; i < values; i++) {
          long nanos = (long) Math.min(Endpoint.MAX_DURATION_NANOS,
              Math.exp(random.nextGaussian() * 2) * scale);
          recorders[r].record(nanos, random.nextInt(6));
        }
        recorders[r].close();
      }
      MergedLatency merged = new MergedLatency();
      for (LatencyRecorder recorder : recorders) {
        assertThat(recorder.valuesAtRanks(ranks, 1000))
            .containsExactly(LatencyReader.walkRanks(recorder, ranks, 1000));
        merged.add(recorder);
      }
      assertThat(merged.valuesAtRanks(ranks, 1000)).as("round %d", round)
          .containsExactly(LatencyReader.walkRanks(merged, ranks, 1000));
      assertThat(merged.valuesAtRanks(ranks, 1000)).as("again, round %d", round)
          .containsExactly(LatencyReader.walkRanks(merged, ranks, 1000));
    }
  }

  @Test
  void theFirstAndLastRanksAreTheExactMinAndMax() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.record(5_000_000, 0);
    recorder.record(900_000_000, 2);
    recorder.close();
    // p50 of two values is rank 1: the min itself, not its bucket's middle (5,013,504)
    assertThat(recorder.valuesAtRanks(new long[] {500, 999}, 1000))
        .containsExactly(5_000_000L, 900_000_000L);
  }

  @ParameterizedTest(name = "single writer: {0}")
  @ValueSource(booleans = {false, true})
  void aBucketCountsPastTwoToTheThirtyTwo(boolean singleWriter) throws Exception {
    LatencyRecorder recorder = new LatencyRecorder();
    LatencyRecorder.Stripe stripe = stripes(recorder)[0];
    int bucket = LatencyLayout.bucket(5 * MS);
    record(recorder, singleWriter, 5 * MS, 0);
    // as if 2^32 - 1 records had landed in the bucket: the next one wraps the int and carries
    stripe.counts[index(stripe, bucket)] = -1;
    record(recorder, singleWriter, 5 * MS, 0);
    record(recorder, singleWriter, 5 * MS, 0);
    recorder.close();
    assertThat(recorder.countAt(bucket)).isEqualTo((1L << 32) + 1);
    assertThat(stripe.carries).isNotNull();

    record(recorder, singleWriter, 5 * MS, 0);
    recorder.close();
    record(recorder, singleWriter, 6 * MS, 0);
    recorder.close(); // clears the carried buffer before reusing it
    assertThat(recorder.countAt(bucket)).isZero();
    assertThat(recorder.countAt(LatencyLayout.bucket(6 * MS))).isEqualTo(1);
  }

  private static void record(LatencyRecorder recorder, boolean singleWriter, long nanos, int band) {
    if (singleWriter) {
      recorder.recordSingleWriter(nanos, band);
    } else {
      recorder.record(nanos, band);
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void contendingWritersGetStripesAndEveryRecordIsCountedOnce() throws Exception {
    assumeThat(LatencyRecorder.MAX_STRIPES).as("a machine with more than one CPU").isGreaterThan(1);
    LatencyRecorder recorder = new LatencyRecorder();
    assertThat(recorder.stripes()).isEqualTo(1);
    AtomicBoolean grown = new AtomicBoolean();
    int writers = 2;
    long[] written = new long[writers];
    CountDownLatch go = new CountDownLatch(1);
    Thread[] threads = new Thread[writers];
    for (int w = 0; w < writers; w++) {
      int id = w;
      threads[w] = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        long n = 0;
        while (!grown.get() || n < 200_000) {
          recorder.record((n % 1_000) * 1_000L, id);
          n++;
        }
        written[id] = n;
      });
      threads[w].start();
    }
    go.countDown();
    long closedCount = 0;
    long[] bands = new long[2];
    while (!grown.get()) {
      recorder.close();
      closedCount += recorder.totalCount();
      bands[0] += recorder.band(0);
      bands[1] += recorder.band(1);
      grown.set(recorder.stripes() > 1);
      Thread.onSpinWait();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    recorder.close();
    closedCount += recorder.totalCount();
    bands[0] += recorder.band(0);
    bands[1] += recorder.band(1);

    assertThat(recorder.stripes()).isBetween(2, LatencyRecorder.MAX_STRIPES);
    assertThat(closedCount).isEqualTo(written[0] + written[1]);
    assertThat(bands).containsExactly(written[0], written[1]);
  }

  private static int index(LatencyRecorder.Stripe stripe, int bucket) {
    // the counts array is padded at both ends and holds buffer 0 then buffer 1
    int pad = (stripe.counts.length - 2 * LatencyLayout.BUCKETS) / 2;
    return pad + bucket; // the test's first interval writes buffer 0
  }

  private static LatencyRecorder.Stripe[] stripes(LatencyRecorder recorder) throws Exception {
    Field field = LatencyRecorder.class.getDeclaredField("stripes");
    field.setAccessible(true);
    return (LatencyRecorder.Stripe[]) field.get(recorder);
  }
}
