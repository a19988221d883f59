package io.sre4j.core;

import java.util.Objects;

/**
 * One alert rule read at one moment: its two burn rates and whether it holds.
 *
 * @param rule the rule
 * @param longBurn the burn rate over the rule's long window
 * @param shortBurn the burn rate over the rule's short window
 * @param holds whether both reach the factor and the long window has enough traffic
 * @since 0.1
 */
public record AlertReading(AlertRule rule, BurnRate longBurn, BurnRate shortBurn, boolean holds) {

  /** Checks the fields. */
  public AlertReading {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(longBurn, "longBurn");
    Objects.requireNonNull(shortBurn, "shortBurn");
  }
}
