package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The running window sums of {@link TieredCounts} against a brute force over every event added:
 * each lookback's sum equals the sum of the events in the buckets the tier keeps for it.
 */
final class TieredCountsWindowTest {

  private static final long SECOND = 1_000;
  private static final long[] LOOKBACKS = {
      5 * 60 * SECOND, 30 * 60 * SECOND, 3_600 * SECOND, 2 * 3_600 * SECOND, 6 * 3_600 * SECOND,
      86_400 * SECOND, 3 * 86_400 * SECOND, 30 * 86_400 * SECOND, 25 * SECOND};

  /** One add: valid, bad, maintenance or a bad slice, at a time. */
  private record Event(long time, int kind, long count) {}

  @Test
  void everyLookbackSumsTheEventsOfTheBucketsItCovers() {
    Random random = new Random(7);
    for (int run = 0; run < 20; run++) {
      TieredCounts counts = new TieredCounts(Duration.ofDays(30), true);
      List<Event> events = new ArrayList<>();
      long time = 1_700_000_000_000L + random.nextInt(1_000_000);
      for (int step = 0; step < 3_000; step++) {
        int gap = random.nextInt(20);
        time += gap < 14 ? random.nextInt(15 * (int) SECOND) // within a few buckets
            : gap < 18 ? random.nextInt(2 * 3_600) * SECOND // across tier-0 and tier-1 rings
            : gap < 19 ? random.nextInt(5 * 86_400) * SECOND // past whole rings
            : 0;
        long valid = random.nextInt(5);
        long bad = random.nextInt(3);
        counts.add(time, valid, bad);
        events.add(new Event(time, 0, valid));
        events.add(new Event(time, 1, bad));
        if (random.nextInt(10) == 0) {
          counts.addMaintenance(time, 2);
          events.add(new Event(time, 3, 2));
        }
        if (random.nextInt(10) == 0) { // a slice that started a while ago
          long slice = time - random.nextInt(600) * SECOND;
          counts.addBadSlice(slice);
          events.add(new Event(slice, 2, 1));
        }
        if (random.nextInt(20) == 0) { // queries ahead of the newest bucket, and at it
          long now = time + (random.nextBoolean() ? 0 : random.nextInt(3 * 3_600) * SECOND);
          for (long lookback : LOOKBACKS) {
            assertThat(counts.sum(now, lookback))
                .as("run %d step %d lookback %d ms", run, step, lookback)
                .containsExactly(bruteForce(counts, events, now, lookback, time));
          }
        }
        if (random.nextInt(500) == 0) { // a restore recomputes the windows from the buckets
          TieredCounts restored = new TieredCounts(Duration.ofDays(30), true);
          restored.copyFrom(counts);
          counts = restored;
        }
      }
    }
  }

  /**
   * The events in the buckets a lookback covers: those of the {@code ceil(lookback / width)}
   * newest indices up to {@code now}'s, of the finest tier spanning it, that its ring still
   * holds (the ring ends at the newest index added, {@code newestTime}'s).
   */
  private static long[] bruteForce(TieredCounts counts, List<Event> events, long now,
      long lookback, long newestTime) {
    long width = counts.resolutionMillis(lookback);
    long ringLength = ringLength(width, counts);
    long buckets = Math.min(ringLength, TieredCounts.ceilDiv(lookback, width));
    long nowIndex = Math.floorDiv(now, width);
    long newest = Math.floorDiv(newestTime, width);
    long from = Math.max(nowIndex - buckets + 1, newest - ringLength + 1);
    long to = Math.min(nowIndex, newest);
    long[] sums = {0, 0, 0, (nowIndex - buckets + 1) * width, 0};
    int[] field = {0, 1, 2, 4};
    for (Event event : events) {
      long index = Math.floorDiv(event.time(), width);
      if (index >= from && index <= to && (event.kind() != 2 || width == 30 * 60 * SECOND)
          && (event.kind() != 3 || width == 30 * 60 * SECOND)) {
        sums[field[event.kind()]] += event.count();
      }
    }
    return sums;
  }

  private static long ringLength(long width, TieredCounts counts) {
    return width == 10 * SECOND ? 360 : width == 60 * SECOND ? 360 : width == 600 * SECOND ? 432
        : counts.maxLookbackMillis() / width;
  }
}
