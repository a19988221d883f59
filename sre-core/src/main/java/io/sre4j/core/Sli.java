package io.sre4j.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What makes one request good or bad for an SLO.
 *
 * <ul>
 *   <li>{@link Availability}: bad when the {@link StatusClassifier} says so (by default a 5xx
 *       status or a thrown exception); every other valid request is good.
 *   <li>{@link Latency}: good when the request took at most {@code threshold}. Requests the
 *       classifier calls failures are not judged for latency unless {@code judgeFailures} is set
 *       (then they are judged by their duration like any other request).
 * </ul>
 *
 * @since 0.1
 */
public sealed interface Sli {

  /** The availability SLI. @return the availability SLI */
  static Sli availability() {
    return Availability.INSTANCE;
  }

  /**
   * The latency SLI, failures not judged.
   *
   * @param threshold the slowest duration still good; between 1 µs and 1 h
   * @return the latency SLI
   */
  static Sli latency(Duration threshold) {
    return new Latency(threshold, false);
  }

  /**
   * The latency SLI.
   *
   * @param threshold the slowest duration still good; between 1 µs and 1 h
   * @param judgeFailures whether failed requests (per the SLO's classifier) are judged by their
   *     duration too, rather than left out
   * @return the latency SLI
   */
  static Sli latency(Duration threshold, boolean judgeFailures) {
    return new Latency(threshold, judgeFailures);
  }

  /** A short lowercase name, as written in configuration and logs. @return the kind name */
  String kind();

  /** Availability: good unless the status classifier calls the request bad. */
  record Availability() implements Sli {
    static final Availability INSTANCE = new Availability();

    @Override
    public String kind() {
      return "availability";
    }
  }

  /**
   * Latency: good when the duration is at or under {@code threshold}.
   *
   * @param threshold the slowest duration still good; between 1 µs and 1 h
   * @param judgeFailures whether failed requests are judged too (by their duration)
   */
  record Latency(Duration threshold, boolean judgeFailures) implements Sli {
    /** Validates the threshold. */
    public Latency {
      Objects.requireNonNull(threshold, "threshold");
      ConfigValues.requireBetween(
          "threshold", threshold, Duration.ofNanos(1_000), Duration.ofHours(1));
    }

    @Override
    public String kind() {
      return "latency";
    }
  }
}
