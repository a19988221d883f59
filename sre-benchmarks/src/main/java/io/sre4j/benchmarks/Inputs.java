package io.sre4j.benchmarks;

import java.util.SplittableRandom;

/**
 * Pre-generated request outcomes from a realistic distribution, so that no benchmark pays for
 * random numbers in its measured loop: a ring of {@link #SIZE} (a power of two) durations and
 * statuses read with {@code index++ & MASK}.
 *
 * <p>Durations: a log-normal body with a 12 ms median and a p99 near 80 ms (most API calls), plus a
 * 1 % slow tail spread uniformly over 0.3 s .. 2.5 s (so the 400 ms / 800 ms bands and the latency
 * SLO all see traffic), and 0.1 % very fast cache hits of 50 µs .. 500 µs. Statuses: 96.5 % 200,
 * 1.5 % 201, 1.5 % 404, 0.3 % 429, 0.15 % 500 and 0.05 % 503. Every recorder measured is fed the same
 * values, in the same order, for the same thread.
 *
 * <p><b>Thread safety:</b> immutable after construction; one instance per benchmark thread.
 */
public final class Inputs {

  /** Entries in the ring: {@value}, a power of two (48 KiB of inputs, within L2). */
  public static final int SIZE = 1 << 12;

  /** {@code SIZE - 1}: the index mask. */
  public static final int MASK = SIZE - 1;

  /** Durations in nanoseconds. */
  public final long[] nanos = new long[SIZE];

  /** HTTP statuses. */
  public final int[] statuses = new int[SIZE];

  /**
   * @param seed a different seed per thread, so that threads do not record in lock step
   */
  public Inputs(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < SIZE; i++) {
      nanos[i] = duration(random);
      statuses[i] = status(random);
    }
  }

  /** One duration in nanoseconds from the distribution described above. */
  public static long duration(SplittableRandom random) {
    double u = random.nextDouble();
    if (u < 0.001) {
      return 50_000L + random.nextLong(450_000L);
    }
    if (u < 0.011) {
      return 300_000_000L + random.nextLong(2_200_000_000L);
    }
    double gaussian = gaussian(random);
    double millis = 12.0 * Math.exp(0.8 * gaussian);
    return Math.max(100_000L, (long) (millis * 1_000_000.0));
  }

  /** One HTTP status from the mix described above. */
  public static int status(SplittableRandom random) {
    double u = random.nextDouble();
    if (u < 0.965) {
      return 200;
    } else if (u < 0.980) {
      return 201;
    } else if (u < 0.995) {
      return 404;
    } else if (u < 0.998) {
      return 429;
    } else if (u < 0.9995) {
      return 500;
    }
    return 503;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
