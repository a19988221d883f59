package io.sre4j.core;

/**
 * Where an SLO stands under the error-budget policy.
 *
 * @since 0.1
 */
public enum BudgetState {
  /** Budget left above the at-risk threshold and no page alert firing. */
  HEALTHY,
  /** Budget left below the at-risk threshold (25 % by default), or a page alert firing. */
  AT_RISK,
  /** No budget left: remaining at or below zero. */
  EXHAUSTED;

  /** @return the name as written in logs: {@code healthy}, {@code at_risk}, {@code exhausted} */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
