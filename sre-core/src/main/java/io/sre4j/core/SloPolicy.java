package io.sre4j.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one SLO stands in the error-budget policy's lifecycle: whether a review is required since
 * the budget was exhausted, and the recent reviews ({@link SloRegistry#policy(String)}).
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> the lists are copied once.
 *
 * @param slo the SLO's name
 * @param reviewRequiredSince when the SLO became exhausted, if a review is still required since
 *     (with {@code policy.review-required}, the default): the release gate denies until one is
 *     recorded ({@link SloRegistry#recordReview})
 * @param reviews the recent reviews, oldest first, at most 20
 * @since 0.3
 */
public record SloPolicy(String slo, Optional<Instant> reviewRequiredSince, List<Review> reviews) {

  /** Checks and copies the fields. */
  public SloPolicy {
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(reviewRequiredSince, "reviewRequiredSince");
    reviews = List.copyOf(reviews);
  }

  /** @return whether a review is required before the gate lets releases out again */
  public boolean reviewRequired() {
    return reviewRequiredSince.isPresent();
  }
}
