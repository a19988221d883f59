package io.sre4j.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A deployment marker: which version went live, when.
 *
 * @param version the version, 1 to 128 characters
 * @param time when it went live
 * @since 0.1
 */
public record Deployment(String version, Instant time) {

  /** Validates the fields. */
  public Deployment {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(time, "time");
    if (version.isBlank() || version.length() > 128) {
      throw ConfigValues.reject("deployment version", "1 to 128 characters, not blank", version);
    }
  }
}
