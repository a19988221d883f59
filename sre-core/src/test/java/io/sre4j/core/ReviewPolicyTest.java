package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.DAY;
import static io.sre4j.core.testing.TestTime.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.BudgetPolicyEvent;
import io.sre4j.core.event.SloEvent.ReviewEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review after exhaustion (issue 15): an SLO that becomes exhausted stays {@code REVIEW_REQUIRED}
 * until a review is recorded, even when its budget recovers; the gate denies meanwhile; the
 * requirement survives a restart through the state file.
 */
final class ReviewPolicyTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");
  private static final SloSpec DAILY = SloSpec.builder("checkout")
      .objective("99%").window(SloWindow.rolling(Duration.ofDays(1))).build();
  private static final String DENIED =
      "slo checkout: error budget exhausted on 2027-03-01; review required";

  @TempDir Path dir;

  private final ManualClock clock = ManualClock.at(T);
  private final List<SloEvent> events = new ArrayList<>();

  private SloRegistry registry(UnaryOperator<SloRegistry.Builder> config) {
    return config.apply(SloRegistry.builder().service("shop").clock(clock).manualTick()
        .slo(DAILY).listener(events::add)).build();
  }

  private void at(SloRegistry registry, long offsetMillis, int requests, int failed) {
    clock.advanceTo(T.plusMillis(offsetMillis));
    Endpoint endpoint = registry.endpoint("POST", "/api/checkout");
    for (int i = 0; i < requests - failed; i++) {
      endpoint.record(200, 5_000_000L);
    }
    for (int i = 0; i < failed; i++) {
      endpoint.record(500, 5_000_000L);
    }
    registry.tick();
  }

  private static BudgetState state(SloRegistry registry) {
    return registry.status("checkout").orElseThrow().budgetState();
  }

  private Review review(long offsetMillis) {
    return new Review("alice", T.plusMillis(offsetMillis), "bad config push",
        List.of("canary config pushes", "alert on config errors"),
        Optional.of(URI.create("https://wiki.example.com/pm/1")));
  }

  /** Exhausts the budget at 1 h (200 bad of 10,000 at 99 %), then lets it recover after a day. */
  private void exhaustThenRecover(SloRegistry registry) {
    at(registry, 0, 10_000, 200);
    assertThat(state(registry)).isEqualTo(BudgetState.EXHAUSTED);
    at(registry, DAY + HOUR, 1_000, 0); // the bad batch left the window
    assertThat(registry.status("checkout").orElseThrow().window().budgetRemaining()).isEqualTo(1.0);
  }

  @Test
  void recoveryWithoutAReviewKeepsTheGateClosedUntilOneIsRecorded() {
    try (SloRegistry registry = registry(UnaryOperator.identity())) {
      exhaustThenRecover(registry);
      assertThat(state(registry)).isEqualTo(BudgetState.REVIEW_REQUIRED);
      GateDecision closed = ReleaseGate.over(registry).decide();
      assertThat(closed.allowed()).isFalse();
      assertThat(closed.reasons()).containsExactly(DENIED);
      assertThat(registry.policy("checkout").orElseThrow().reviewRequiredSince()).contains(T);

      SloPolicy after = registry.recordReview("checkout", review(DAY + 2 * HOUR));
      assertThat(after.reviewRequired()).isFalse();
      assertThat(after.reviews()).containsExactly(review(DAY + 2 * HOUR));
      assertThat(state(registry)).isEqualTo(BudgetState.HEALTHY);
      assertThat(ReleaseGate.over(registry).decide().allowed()).isTrue();

      assertThat(events).filteredOn(BudgetPolicyEvent.class::isInstance)
          .map(e -> ((BudgetPolicyEvent) e).from() + ">" + ((BudgetPolicyEvent) e).to())
          .containsExactly("HEALTHY>EXHAUSTED", "EXHAUSTED>REVIEW_REQUIRED", "REVIEW_REQUIRED>HEALTHY");
      assertThat(events).filteredOn(BudgetPolicyEvent.class::isInstance)
          .map(e -> ((BudgetPolicyEvent) e).reason()).element(1)
          .isEqualTo("100.0% of the error budget left, exhausted on 2027-03-01; review required");
      assertThat(events).filteredOn(ReviewEvent.class::isInstance).singleElement()
          .satisfies(e -> {
            ReviewEvent review = (ReviewEvent) e;
            assertThat(review.slo()).isEqualTo("checkout");
            assertThat(review.exhaustedOn()).contains(T);
            assertThat(review.review().who()).isEqualTo("alice");
          });
    }
  }

  @Test
  void aReviewWhileStillExhaustedDoesNotOpenTheGate() {
    try (SloRegistry registry = registry(UnaryOperator.identity())) {
      at(registry, 0, 10_000, 200);
      registry.recordReview("checkout", review(HOUR));
      assertThat(state(registry)).isEqualTo(BudgetState.EXHAUSTED);
      GateDecision decision = ReleaseGate.over(registry).decide();
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.reasons()).containsExactly(
          "slo checkout: error budget exhausted, -100.0% of the error budget left");
      // the review closed the requirement: once the budget recovers the gate opens
      at(registry, DAY + HOUR, 1_000, 0);
      assertThat(state(registry)).isEqualTo(BudgetState.HEALTHY);
      assertThat(ReleaseGate.over(registry).decide().allowed()).isTrue();
    }
  }

  @Test
  void aReviewHeldBeforeTheExhaustionDoesNotCloseIt() {
    try (SloRegistry registry = registry(UnaryOperator.identity())) {
      exhaustThenRecover(registry);
      SloPolicy policy = registry.recordReview("checkout", review(-HOUR));
      assertThat(policy.reviewRequiredSince()).contains(T);
      assertThat(ReleaseGate.over(registry).decide().reasons()).containsExactly(DENIED);
    }
  }

  @Test
  void withoutTheReviewRequirementRecoveryOpensTheGate() {
    try (SloRegistry registry = registry(b -> b.reviewRequired(false))) {
      exhaustThenRecover(registry);
      assertThat(state(registry)).isEqualTo(BudgetState.HEALTHY);
      assertThat(ReleaseGate.over(registry).decide().allowed()).isTrue();
      assertThat(registry.policy("checkout").orElseThrow().reviewRequired()).isFalse();
    }
  }

  @Test
  void theRequirementAndTheReviewsSurviveARestart() {
    Path file = dir.resolve("state.bin");
    try (SloRegistry registry = registry(b -> b.stateFile(file))) {
      exhaustThenRecover(registry);
      registry.recordReview("checkout", review(-HOUR)); // kept, closes nothing
    }
    try (SloRegistry restored = registry(b -> b.stateFile(file))) {
      assertThat(restored.stateStatus().orElseThrow().restoreOutcome()).isEqualTo("restored");
      SloPolicy policy = restored.policy("checkout").orElseThrow();
      assertThat(policy.reviewRequiredSince()).contains(T);
      assertThat(policy.reviews()).containsExactly(review(-HOUR));
      assertThat(ReleaseGate.over(restored).decide().reasons()).containsExactly(DENIED);
      restored.recordReview("checkout", review(DAY + 2 * HOUR));
    }
    try (SloRegistry again = registry(b -> b.stateFile(file))) {
      assertThat(again.policy("checkout").orElseThrow().reviewRequired()).isFalse();
      assertThat(again.policy("checkout").orElseThrow().reviews()).hasSize(2);
      assertThat(ReleaseGate.over(again).decide().allowed()).isTrue();
    }
  }

  @Test
  void aStateFileWithoutAPolicySectionStillRestores() {
    // the policy section is a section kind of its own: a file without one (an older sre4j's)
    // restores everything else
    Path file = dir.resolve("state.bin");
    try (SloRegistry registry = registry(b -> b.stateFile(file))) {
      at(registry, 0, 1_000, 1);
    }
    try (SloRegistry restored = registry(b -> b.stateFile(file))) {
      assertThat(restored.stateStatus().orElseThrow().restoreOutcome()).isEqualTo("restored");
    }
    StateFile.Contents contents;
    try {
      contents = StateFile.decode(java.nio.file.Files.readAllBytes(file), "shop");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(contents.sections()).extracting(StateFile.Section::kind)
        .containsExactly(StateFile.KIND_SLO, StateFile.KIND_REGISTRY, StateFile.KIND_POLICY);
    List<StateFile.Section> older = contents.sections().stream()
        .filter(section -> section.kind() != StateFile.KIND_POLICY).toList();
    try {
      java.nio.file.Files.write(file, StateFile.encode(
          new StateFile.Contents("shop", contents.writtenAtMillis(), older)));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    try (SloRegistry restored = registry(b -> b.stateFile(file))) {
      assertThat(restored.stateStatus().orElseThrow().restoreOutcome()).isEqualTo("restored");
      assertThat(restored.snapshot("checkout").orElseThrow().badEvents()).isEqualTo(1);
    }
  }

  @Test
  void badReviewsAreRejectedNamingTheField() {
    assertThatThrownBy(() -> new Review(" ", T, "s", List.of(), Optional.empty()))
        .hasMessage("review who must be 1 to 128 characters, not blank but was \" \"");
    assertThatThrownBy(() -> new Review("a", T, "", List.of(), Optional.empty()))
        .hasMessage("review summary must be 1 to 2048 characters, not blank but was an empty string");
    assertThatThrownBy(() -> new Review("a", T, "s", List.of("ok", " "), Optional.empty()))
        .hasMessage("review actions must be 1 to 512 characters, not blank but was \" \"");
    assertThatThrownBy(() -> new Review("a", T, "s", List.of(),
        Optional.of(URI.create("ftp://example.com/x"))))
        .hasMessage("review link must be an absolute http(s) URL but was \"ftp://example.com/x\"");
    try (SloRegistry registry = registry(UnaryOperator.identity())) {
      assertThatThrownBy(() -> registry.recordReview("nope", review(0)))
          .isInstanceOf(ConfigException.class)
          .hasMessage("review slo must be a registered SLO [checkout] but was \"nope\"");
    }
  }
}
