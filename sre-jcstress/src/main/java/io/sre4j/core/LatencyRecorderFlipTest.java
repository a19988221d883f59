package io.sre4j.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The interval flip of {@link LatencyRecorder} while a writer records two requests, a fast success
 * then a failure: each lands in exactly one of the two intervals the flip separates, whole (its
 * bucket, band, sum, min and max together), and in order (the failure never in the earlier
 * interval without the success). The stripe table starts doubled with its second slot empty, as
 * after contention, so on a machine with two or more CPUs the writer may create its stripe while
 * the tick flips (two actors: this runs on two CPUs).
 *
 * <p>r1: requests in the interval the {@code tick} actor closes; r2: requests in the interval
 * the arbiter closes after both actors; r3: 0 if both intervals are whole and in order, else which
 * check failed, as {@code 100 × first interval + 10 × order + second interval} (see {@link
 * #check()}: 1 buckets, 2 bands, 3 sum, 4 min, 5 max, 6 a bucket's count; 9 in the tens: the
 * failure closed first).
 */
@JCStressTest
@Outcome(id = {"0, 2, 0", "1, 1, 0", "2, 0, 0"}, expect = ACCEPTABLE,
    desc = "every record in exactly one interval, whole, in program order")
@Outcome(expect = FORBIDDEN, desc = "a record lost, counted twice, split between intervals or reordered")
@State
public class LatencyRecorderFlipTest {

  private static final long FAST = 3_000; // band 0
  private static final long FAILED = 5_000_000; // band 4

  private final LatencyRecorder recorder = new LatencyRecorder();

  /** As after writers contended: two slots, the second without a stripe yet. */
  public LatencyRecorderFlipTest() {
    recorder.grow();
  }

  /** A request thread: a fast success, then a failure. */
  @Actor
  public void writer() {
    recorder.record(FAST, 0);
    recorder.record(FAILED, 4);
  }

  /** The tick closing the interval in progress. */
  @Actor
  public void tick(III_Result r) {
    recorder.close();
    r.r1 = (int) recorder.totalCount();
    r.r3 = check() * 100 + (r.r1 != 1 || recorder.band(0) == 1 ? 0 : 90);
  }

  /** The next tick, after both actors: closes what the first one left. */
  @Arbiter
  public void next(III_Result r) {
    recorder.close();
    r.r2 = (int) recorder.totalCount();
    r.r3 = r.r3 + check();
  }

  /** @return 0 if the closed interval is whole, else the first check that failed, 1..6 */
  private int check() {
    long fast = recorder.band(0);
    long failed = recorder.band(4);
    long inBuckets = 0;
    for (int b = recorder.nextUsedBucket(0); b >= 0; b = recorder.nextUsedBucket(b + 1)) {
      inBuckets += recorder.countAt(b);
    }
    long total = recorder.totalCount();
    int failedCheck = 0;
    if (inBuckets != total) {
      failedCheck = 1;
    } else if (total != fast + failed) {
      failedCheck = 2;
    } else if (recorder.sum() != fast * FAST + failed * FAILED) {
      failedCheck = 3;
    } else if (total > 0 && recorder.min() != (fast > 0 ? FAST : FAILED)) {
      failedCheck = 4;
    } else if (total > 0 && recorder.max() != (failed > 0 ? FAILED : FAST)) {
      failedCheck = 5;
    } else if (!bucketsMatchBands()) {
      failedCheck = 6;
    }
    return failedCheck;
  }

  /** Each used bucket holds exactly its band's requests. */
  private boolean bucketsMatchBands() {
    for (int b = recorder.nextUsedBucket(0); b >= 0; b = recorder.nextUsedBucket(b + 1)) {
      long count = recorder.countAt(b);
      boolean expected = b == LatencyLayout.bucket(FAST) ? count == recorder.band(0)
          : b == LatencyLayout.bucket(FAILED) && count == recorder.band(4);
      if (!expected) {
        return false;
      }
    }
    return true;
  }
}
