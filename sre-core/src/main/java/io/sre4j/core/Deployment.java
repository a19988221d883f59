package io.sre4j.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A deployment marker: which version went live, when, and how much downtime it was expected to
 * cause ({@link SloRegistry#declareDeployment}).
 *
 * @param version the version, 1 to 128 characters
 * @param time when it went live
 * @param expectedDowntime the downtime declared with it, planned like a maintenance window from
 *     {@code time}; zero when none was declared; at most {@value #MAX_DOWNTIME_DAYS} days (since
 *     0.3)
 * @since 0.1
 */
public record Deployment(String version, Instant time, Duration expectedDowntime) {

  /** The longest expected downtime, in days: {@value}, as for a maintenance window. */
  public static final int MAX_DOWNTIME_DAYS = 31;

  /** Validates the fields. */
  public Deployment {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(expectedDowntime, "expectedDowntime");
    if (version.isBlank() || version.length() > 128) {
      throw ConfigValues.reject("deployment version", "1 to 128 characters, not blank", version);
    }
    if (expectedDowntime.isNegative()
        || expectedDowntime.compareTo(Duration.ofDays(MAX_DOWNTIME_DAYS)) > 0) {
      throw ConfigValues.reject("deployment downtime", "between 0s and " + MAX_DOWNTIME_DAYS + "d",
          ConfigValues.format(expectedDowntime));
    }
  }

  /**
   * A marker without declared downtime.
   *
   * @param version the version, 1 to 128 characters
   * @param time when it went live
   */
  public Deployment(String version, Instant time) {
    this(version, time, Duration.ZERO);
  }
}
