package io.sre4j.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one SLO stands in the error-budget policy's lifecycle: whether a review is required since
 * the budget was exhausted, the recent reviews, and the budget adjustments
 * ({@link SloRegistry#policy(String)}).
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> the lists are copied once.
 *
 * @param slo the SLO's name
 * @param reviewRequiredSince when the SLO became exhausted, if a review is still required since
 *     (with {@code policy.review-required}, the default): the release gate denies until one is
 *     recorded ({@link SloRegistry#recordReview})
 * @param reviews the recent reviews, oldest first, at most 20
 * @param adjustments the budget adjustments kept (past, in force and future), in the order they
 *     were made, at most 50
 * @param adjustmentInForce the adjustment in force now, if any: the budget figures are then the
 *     adjusted ones
 * @param notes what the policy asks of people, such as {@code long-term budget adjustment
 *     (objective 99.5%) in force since 2026-10-01T00:00:00Z, over 30d: change the SLO itself}
 * @param deployments the last 10 deployments that declared downtime ({@link
 *     SloRegistry#declareDeployment}), oldest first: expected against actual downtime, measured
 *     so far for one whose downtime has not ended
 * @since 0.3
 */
public record SloPolicy(
    String slo,
    Optional<Instant> reviewRequiredSince,
    List<Review> reviews,
    List<BudgetAdjustment> adjustments,
    Optional<BudgetAdjustment> adjustmentInForce,
    List<String> notes,
    List<DeploymentDowntime> deployments) {

  /** Checks and copies the fields. */
  public SloPolicy {
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(reviewRequiredSince, "reviewRequiredSince");
    reviews = List.copyOf(reviews);
    adjustments = List.copyOf(adjustments);
    Objects.requireNonNull(adjustmentInForce, "adjustmentInForce");
    notes = List.copyOf(notes);
    deployments = List.copyOf(deployments);
  }

  /** @return whether a review is required before the gate lets releases out again */
  public boolean reviewRequired() {
    return reviewRequiredSince.isPresent();
  }

  /** @return {@code adjusted} when an adjustment is in force, else {@code original} */
  public String budgetInForce() {
    return adjustmentInForce.isPresent() ? "adjusted" : "original";
  }
}
