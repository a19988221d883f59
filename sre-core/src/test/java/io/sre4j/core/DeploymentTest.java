package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.HOUR;
import static io.sre4j.core.testing.TestTime.MINUTE;
import static io.sre4j.core.testing.TestTime.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloStatus.BurnRate;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.DeploymentEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Deployment markers: the event, the burn since the last deployment (checked against a brute force
 * with the bucket semantics of a lookback as long as the deployment's age) and the rollback advice.
 */
final class DeploymentTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");
  private static final SloSpec SPEC = SloSpec.builder("availability").objective("99.9%").build();
  /** Between two 10 s steps, so that the first bucket after the deployment also holds requests from before it. */
  private static final long DEPLOYED = T.toEpochMilli() + 3 * HOUR + 5 * SECOND;

  /** A registry on a manual clock, fed 10 s steps of traffic, and the raw list of what it was fed. */
  private static final class Harness implements AutoCloseable {
    final ManualClock clock = ManualClock.at(T);
    final List<SloEvent> events = new ArrayList<>();
    final SloRegistry registry;
    final Endpoint endpoint;
    final List<long[]> raw = new ArrayList<>(); // {stamp, valid, bad}
    final Random random = new Random(0xDE9L);
    double owed;

    Harness(UnaryOperator<SloRegistry.Builder> config) {
      registry = config.apply(SloRegistry.builder().service("shop").clock(clock).manualTick()
          .slo(SPEC).listener(events::add)).build();
      endpoint = registry.endpoint("GET", "/api/orders/{id}");
    }

    /** One step: 50 to 200 requests at {@code t}, failures spread evenly at {@code errorRatio}. */
    void step(long t, int requests, double errorRatio) {
      clock.advanceTo(Instant.ofEpochMilli(t));
      registry.tick();
      long bad = 0;
      for (int i = 0; i < requests; i++) {
        owed += errorRatio;
        boolean failed = owed >= 1.0;
        if (failed) {
          owed -= 1.0;
          bad++;
        }
        endpoint.record(failed ? 503 : 200, 30_000_000L);
      }
      registry.tick();
      raw.add(new long[] {t, requests, bad});
    }

    /** Steps every 10 s from {@code from} up to and including {@code to}. */
    void traffic(long from, long to, double errorRatio) {
      for (long t = from; t <= to; t += 10 * SECOND) {
        step(t, 50 + random.nextInt(151), errorRatio);
      }
    }

    SloStatus statusAt(long t) {
      clock.advanceTo(Instant.ofEpochMilli(t));
      return registry.status("availability").orElseThrow();
    }

    @Override
    public void close() {
      registry.close();
    }
  }

  // ------------------------------------------------------------------------------------------

  @Test
  void deploymentSetsTheMarkerAndPublishesAnEvent() {
    try (Harness h = new Harness(UnaryOperator.identity())) {
      SloStatus before = h.statusAt(DEPLOYED - MINUTE);
      assertThat(h.registry.lastDeployment()).isEmpty();
      assertThat(before.lastDeployment()).isEmpty();
      assertThat(before.sinceDeployment()).isEmpty();
      assertThat(before.rollbackAdvised()).isFalse();

      h.clock.advanceTo(Instant.ofEpochMilli(DEPLOYED));
      Deployment v2 = h.registry.deployment("v2");

      assertThat(v2).isEqualTo(new Deployment("v2", Instant.ofEpochMilli(DEPLOYED)));
      assertThat(h.registry.lastDeployment()).contains(v2);
      assertThat(h.events).filteredOn(DeploymentEvent.class::isInstance).singleElement()
          .isEqualTo(new DeploymentEvent(Instant.ofEpochMilli(DEPLOYED), "shop", v2));
      SloStatus after = h.statusAt(DEPLOYED + MINUTE);
      assertThat(after.lastDeployment()).contains(v2);
      assertThat(after.sinceDeployment()).hasValueSatisfying(
          burn -> assertThat(burn.window()).isEqualTo(Duration.ofMinutes(1)));

      h.clock.advance(Duration.ofMinutes(5));
      Deployment v3 = h.registry.deployment("v3");
      assertThat(h.registry.lastDeployment()).contains(v3);
      assertThat(h.statusAt(DEPLOYED + 7 * MINUTE).sinceDeployment()).hasValueSatisfying(
          burn -> assertThat(burn.window()).isEqualTo(Duration.ofMinutes(1)));
      assertThat(h.events).filteredOn(DeploymentEvent.class::isInstance).hasSize(2);
    }
  }

  @Test
  void badVersionsAreRejected() {
    try (Harness h = new Harness(UnaryOperator.identity())) {
      assertThatIllegalArgumentException().isThrownBy(() -> h.registry.deployment(""))
          .withMessage("deployment version must be 1 to 128 characters, not blank but was an empty string");
      String tooLong = "v".repeat(129);
      assertThatIllegalArgumentException().isThrownBy(() -> h.registry.deployment(tooLong))
          .withMessage("deployment version must be 1 to 128 characters, not blank but was \"" + tooLong + "\"");
      assertThat(h.registry.lastDeployment()).isEmpty();
    }
  }

  /** Ages at which the burn since the deployment is checked: every tier, both sides of 1 h. */
  private static final long[] AGES = {0, 1, 25 * SECOND, MINUTE, 4 * MINUTE + 55 * SECOND,
      17 * MINUTE + 35 * SECOND, 59 * MINUTE + 55 * SECOND, HOUR, HOUR + SECOND, 90 * MINUTE,
      2 * HOUR + 10 * MINUTE, 6 * HOUR, 6 * HOUR + 5 * SECOND, 7 * HOUR + 3 * MINUTE, 9 * HOUR};

  @Test
  void badDeploymentBurnMatchesBruteForceAndAdvisesRollbackWithinThePeriodOnly() {
    try (Harness h = new Harness(UnaryOperator.identity())) {
      h.traffic(T.toEpochMilli(), DEPLOYED - 5 * SECOND, 0.001);
      h.clock.advanceTo(Instant.ofEpochMilli(DEPLOYED));
      h.registry.deployment("v2");
      long fed = DEPLOYED + 5 * SECOND;
      List<Boolean> advised = new ArrayList<>();
      for (long age : AGES) {
        long now = DEPLOYED + age;
        if (fed <= now) {
          h.traffic(fed, now, 0.03); // 3 % errors: burn 30 on 99.9 %
          fed = h.raw.get(h.raw.size() - 1)[0] + 10 * SECOND;
        }
        SloStatus status = h.statusAt(now);
        BurnRate expected = bruteForce(h.raw, now, DEPLOYED);
        assertThat(status.sinceDeployment()).as("age %s", Duration.ofMillis(age)).contains(expected);
        boolean rollback = age <= HOUR && expected.validEvents() >= 100 && expected.rate() >= 14.4;
        assertThat(status.rollbackAdvised()).as("age %s", Duration.ofMillis(age)).isEqualTo(rollback);
        advised.add(status.rollbackAdvised());
      }
      // the first bucket holds the healthy requests of just before the deployment; from 25 s on
      // the new version's burn dominates, and after the hour no advice is given
      assertThat(advised).containsExactly(false, false, true, true, true, true, true, true, false, false,
          false, false, false, false, false);
    }
  }

  @Test
  void healthyDeploymentNeverAdvisesRollback() {
    try (Harness h = new Harness(UnaryOperator.identity())) {
      h.traffic(T.toEpochMilli(), DEPLOYED - 5 * SECOND, 0.001);
      h.clock.advanceTo(Instant.ofEpochMilli(DEPLOYED));
      h.registry.deployment("v2");
      long fed = DEPLOYED + 5 * SECOND;
      for (long age : AGES) {
        long now = DEPLOYED + age;
        if (fed <= now) {
          h.traffic(fed, now, 0.001);
          fed = h.raw.get(h.raw.size() - 1)[0] + 10 * SECOND;
        }
        SloStatus status = h.statusAt(now);
        BurnRate expected = bruteForce(h.raw, now, DEPLOYED);
        assertThat(status.sinceDeployment()).contains(expected);
        assertThat(expected.rate()).isLessThan(3);
        assertThat(status.rollbackAdvised()).isFalse();
      }
    }
  }

  @Test
  void tooLittleTrafficSinceTheDeploymentAdvisesNothingUnlessTheGuardIsOff() {
    for (long minEvents : new long[] {100, 0}) {
      try (Harness h = new Harness(b -> b.minAlertEvents(minEvents))) {
        h.clock.advanceTo(Instant.ofEpochMilli(DEPLOYED));
        h.registry.deployment("v2");
        for (int i = 0; i < 6; i++) {
          h.step(DEPLOYED + 5 * SECOND + i * 10 * SECOND, 4, 0.5); // 24 requests, 12 failed
        }
        SloStatus status = h.statusAt(DEPLOYED + 2 * MINUTE);
        assertThat(status.sinceDeployment()).hasValueSatisfying(burn -> {
          assertThat(burn.validEvents()).isEqualTo(24);
          assertThat(burn.badEvents()).isEqualTo(12);
          assertThat(burn.rate()).isGreaterThan(400);
        });
        assertThat(status.rollbackAdvised()).as("min events %d", minEvents).isEqualTo(minEvents == 0);
      }
    }
  }

  @Test
  void rollbackPeriodIsConfigurable() {
    try (Harness h = new Harness(b -> b.rollbackPeriod(Duration.ofMinutes(10)))) {
      h.clock.advanceTo(Instant.ofEpochMilli(DEPLOYED));
      h.registry.deployment("v2");
      h.traffic(DEPLOYED + 5 * SECOND, DEPLOYED + 10 * MINUTE, 0.03);
      assertThat(h.statusAt(DEPLOYED + 10 * MINUTE).rollbackAdvised()).isTrue();
      h.traffic(DEPLOYED + 10 * MINUTE + 5 * SECOND, DEPLOYED + 10 * MINUTE + 5 * SECOND, 0.03);
      SloStatus late = h.statusAt(DEPLOYED + 10 * MINUTE + 5 * SECOND);
      assertThat(late.sinceDeployment().orElseThrow().rate()).isGreaterThan(14.4);
      assertThat(late.rollbackAdvised()).isFalse();
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SloRegistry.builder().rollbackPeriod(Duration.ofSeconds(30)))
        .withMessage("deployment.rollback-period must be between 1m and 3d but was \"30s\"");
  }

  // ------------------------------------------------------------------------------------------

  /**
   * The burn over a lookback as long as the deployment's age (at least 1 ms): the finest tier
   * spanning it, the {@code ceil(age / width)} newest buckets, each request stamped {@code t} inside
   * iff {@code floorDiv(t, width) > floorDiv(now, width) − ceil(age / width)}.
   */
  private static BurnRate bruteForce(List<long[]> raw, long now, long deployed) {
    long age = Math.max(1, now - deployed);
    long width = age <= HOUR ? 10 * SECOND : age <= 6 * HOUR ? MINUTE : 10 * MINUTE;
    long buckets = -Math.floorDiv(-age, width);
    long valid = 0;
    long bad = 0;
    for (long[] step : raw) {
      if (step[0] <= now && Math.floorDiv(step[0], width) > Math.floorDiv(now, width) - buckets) {
        valid += step[1];
        bad += step[2];
      }
    }
    return BurnRate.of(Duration.ofMillis(age), valid, bad, SPEC.objective());
  }
}
