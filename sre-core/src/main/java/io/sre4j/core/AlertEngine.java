package io.sre4j.core;

import io.sre4j.core.SloStatus.AlertReading;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.SloStatus.BurnRate;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloEvent.BudgetPolicyEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates burn-rate alerts, the error-budget policy and the rollback advice for one SLO at a
 * time, and builds {@link SloStatus} values.
 *
 * <p><b>Thread safety:</b> immutable configuration; the state it updates is each SLO's
 * {@link AlertState}, touched only under the registry's tick lock. <b>Cost:</b> per SLO and
 * evaluation, one bucket sum per rule window (at most a few thousand additions).
 */
final class AlertEngine {

  private final List<AlertRule> rules;
  private final List<String> severities;
  private final List<Duration> windows;
  private final long minValidEvents;
  private final double atRiskThreshold;
  private final Duration rollbackPeriod;
  private final double pageFactor;
  private final long keepFiringForMillis;
  private final List<Duration> shortWindows;

  AlertEngine(List<AlertRule> rules, long minValidEvents, double atRiskThreshold, Duration rollbackPeriod,
      Duration keepFiringFor) {
    this.rules = List.copyOf(rules);
    Set<String> names = new LinkedHashSet<>();
    Set<Duration> lookbacks = new TreeSet<>();
    double page = 0;
    for (AlertRule rule : rules) {
      names.add(rule.severity());
      lookbacks.add(rule.shortWindow());
      lookbacks.add(rule.longWindow());
      if (rule.severity().equals(AlertRule.PAGE)) {
        page = Math.max(page, rule.factor());
      }
    }
    this.severities = List.copyOf(names);
    this.windows = List.copyOf(lookbacks);
    this.minValidEvents = minValidEvents;
    this.atRiskThreshold = atRiskThreshold;
    this.rollbackPeriod = rollbackPeriod;
    this.pageFactor = page > 0 ? page : 14.4;
    this.keepFiringForMillis = keepFiringFor.toMillis();
    Set<Duration> shorts = new TreeSet<>();
    for (AlertRule rule : rules) {
      shorts.add(rule.shortWindow());
    }
    this.shortWindows = List.copyOf(shorts);
  }

  /**
   * Reads every rule at {@code timeMillis}, fires and resolves alerts and moves the policy state;
   * each change goes to {@code events} if it is not null.
   */
  void evaluate(SloState slo, long timeMillis, String service,
      @Nullable Consumer<SloEvent> events) {
    List<AlertReading> readings = new ArrayList<>(rules.size());
    for (AlertRule rule : rules) {
      BurnRate longBurn = slo.burnRate(timeMillis, rule.longWindow());
      BurnRate shortBurn = slo.burnRate(timeMillis, rule.shortWindow());
      boolean holds = longBurn.validEvents() >= minValidEvents
          && longBurn.rate() >= rule.factor()
          && shortBurn.rate() >= rule.factor();
      readings.add(new AlertReading(rule, longBurn, shortBurn, holds));
    }
    AlertState state = slo.alerts();
    state.read(readings);
    Instant now = Instant.ofEpochMilli(timeMillis);
    for (String severity : severities) {
      boolean holds = false;
      boolean guarded = false;
      for (AlertReading reading : readings) {
        if (reading.rule().severity().equals(severity)) {
          holds |= reading.holds();
          guarded |= !reading.holds()
              && reading.longBurn().rate() >= reading.rule().factor()
              && reading.shortBurn().rate() >= reading.rule().factor();
        }
      }
      Instant since = state.firingSince(severity);
      state.suppressed(severity, guarded && !holds && since == null);
      if (holds) {
        state.holds(severity);
      } else if (since != null && keepFiringForMillis > 0
          && timeMillis - state.keepFiringSince(severity, now).toEpochMilli() < keepFiringForMillis) {
        continue; // keeps firing: its condition has not failed for keep-firing-for yet
      }
      if (holds && since == null) {
        state.fire(severity, now);
        if (events != null) {
          SloSnapshot window = slo.snapshot(timeMillis);
          events.accept(new AlertEvent(now, service, slo.spec.name(), severity, true, now,
              readings(readings, severity), window.budgetRemaining(),
              exhaustion(slo, timeMillis, window, List.of())));
        }
      } else if (!holds && since != null) {
        state.resolve(severity);
        if (events != null) {
          SloSnapshot window = slo.snapshot(timeMillis);
          events.accept(new AlertEvent(now, service, slo.spec.name(), severity, false, since,
              readings(readings, severity), window.budgetRemaining(),
              exhaustion(slo, timeMillis, window, List.of())));
        }
      }
    }
    SloSnapshot window = slo.snapshot(timeMillis);
    BudgetState next = reviewed(slo, policyState(window, state.firing(AlertRule.PAGE)));
    BudgetState previous = state.budgetState();
    if (next != previous) {
      state.budgetState(next);
      if (events != null) {
        events.accept(new BudgetPolicyEvent(now, service, slo.spec.name(), previous, next,
            window.budgetRemaining(), reason(next, window, slo)));
      }
    }
  }

  private static List<AlertReading> readings(List<AlertReading> readings, String severity) {
    List<AlertReading> mine = new ArrayList<>();
    for (AlertReading reading : readings) {
      if (reading.rule().severity().equals(severity)) {
        mine.add(reading);
      }
    }
    return List.copyOf(mine);
  }

  private BudgetState policyState(SloSnapshot window, boolean paging) {
    double remaining = window.budgetRemaining();
    if (remaining <= 0) {
      return BudgetState.EXHAUSTED;
    }
    return remaining < atRiskThreshold || paging ? BudgetState.AT_RISK : BudgetState.HEALTHY;
  }

  /**
   * {@code REVIEW_REQUIRED} in place of a state with budget left while the SLO's review
   * requirement is open (the registry opens it when the SLO becomes exhausted).
   */
  private static BudgetState reviewed(SloState slo, BudgetState state) {
    return state != BudgetState.EXHAUSTED && slo.policy().reviewRequiredSince() != null
        ? BudgetState.REVIEW_REQUIRED : state;
  }

  private String reason(BudgetState state, SloSnapshot window, SloState slo) {
    String left = String.format(java.util.Locale.ROOT, "%.1f%% of the error budget left", 100 * window.budgetRemaining());
    return switch (state) {
      case EXHAUSTED -> left + ": exhausted";
      case AT_RISK -> slo.alerts().firing(AlertRule.PAGE)
          ? left + ", page alert firing"
          : left + ", below the " + Math.round(100 * atRiskThreshold) + "% threshold";
      case HEALTHY -> left;
      case REVIEW_REQUIRED -> left + ", exhausted on "
          + java.time.LocalDate.ofInstant(
              java.util.Objects.requireNonNull(slo.policy().reviewRequiredSince()),
              java.time.ZoneOffset.UTC)
          + "; review required";
    };
  }

  /**
   * The SLO's status at {@code timeMillis}: alerts as of the last evaluation; the policy state
   * computed from the window published in the same status (and the page alert's last state), so
   * that a status never says healthy beside a negative budget. The evaluation alone moves the
   * state that {@link BudgetPolicyEvent}s report; a status read between evaluations may be ahead
   * of the last event.
   */
  SloStatus status(SloState slo, long timeMillis, @Nullable Deployment lastDeployment) {
    List<BurnRate> burnRates = new ArrayList<>(windows.size());
    for (Duration window : windows) {
      burnRates.add(slo.burnRate(timeMillis, window));
    }
    Optional<BurnRate> since = Optional.empty();
    boolean rollback = false;
    if (lastDeployment != null) {
      long age = Math.max(1, timeMillis - lastDeployment.time().toEpochMilli());
      BurnRate burn = slo.burnRate(timeMillis, Duration.ofMillis(Math.min(age, slo.maxLookbackMillis())));
      since = Optional.of(burn);
      rollback = age <= rollbackPeriod.toMillis()
          && burn.validEvents() >= minValidEvents
          && burn.rate() >= pageFactor;
    }
    SloSnapshot window = slo.snapshot(timeMillis);
    List<SloStatus.Exhaustion> exhaustion = exhaustion(slo, timeMillis, window, burnRates);
    boolean noData = true;
    for (Duration shortWindow : shortWindows) {
      BurnRate burn = find(burnRates, shortWindow);
      noData &= (burn != null ? burn : slo.burnRate(timeMillis, shortWindow)).validEvents() == 0;
    }
    return new SloStatus(
        window,
        burnRates,
        slo.alerts().readings(),
        slo.alerts().firing(),
        reviewed(slo, policyState(window, slo.alerts().firing(AlertRule.PAGE))),
        slo.maintenanceInWindow(timeMillis),
        slo.inMaintenance(),
        Optional.ofNullable(lastDeployment),
        since,
        rollback,
        slo.totalValid(),
        Math.min(slo.totalBad(), slo.totalValid()),
        exhaustion,
        noData || window.noData(),
        slo.alerts().suppressedCount());
  }

  /** The forecast over each of {@link SloStatus#FORECAST_LOOKBACKS}, from {@code known} or read. */
  private static List<SloStatus.Exhaustion> exhaustion(SloState slo, long timeMillis,
      SloSnapshot window, List<BurnRate> known) {
    boolean rolling = slo.spec.window() instanceof SloWindow.Rolling;
    List<SloStatus.Exhaustion> out = new ArrayList<>(SloStatus.FORECAST_LOOKBACKS.size());
    for (Duration lookback : SloStatus.FORECAST_LOOKBACKS) {
      BurnRate burn = find(known, lookback);
      out.add(SloStatus.Exhaustion.of(window, rolling,
          burn != null ? burn : slo.burnRate(timeMillis, lookback)));
    }
    return out;
  }

  private static @Nullable BurnRate find(List<BurnRate> burnRates, Duration window) {
    for (BurnRate burn : burnRates) {
      if (burn.window().equals(window)) {
        return burn;
      }
    }
    return null;
  }
}
