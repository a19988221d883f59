package io.sre4j.micrometer;

import static io.sre4j.micrometer.SloMeterNames.*;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.sre4j.core.SloStatus;
import io.sre4j.core.SloStatus.AlertReading;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.SloStatus.BurnRate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * One SLO's meters and the status they read; the status is replaced at each refresh, and meters
 * for alert windows and severities seen for the first time are added then.
 *
 * <p><b>Thread safety:</b> {@link #update} under the binder's lock; meters read {@code status}
 * from any thread.
 */
final class SloMeters {
  final MeterGroup group;
  private final SloMeterBinder binder;
  private final Tags sloTags;
  private final Set<String> windows = new HashSet<>();
  private final Set<String> severities = new HashSet<>();
  private volatile @Nullable SloStatus status;

  /**
   * @param name the SLO's name, the value of tag {@code slo}
   * @param tags the binder's tags, on every meter
   * @param binder the binder, whose refresh every meter read goes through
   * @param registries the binder's bound registries
   */
  SloMeters(String name, Tags tags, SloMeterBinder binder, List<MeterRegistry> registries) {
    this.sloTags = tags.and(TAG_SLO, name);
    this.binder = binder;
    this.group = new MeterGroup(registries);
  }

  /** The status the meters read: set by the first {@code update}, before any meter exists. */
  private SloStatus current() {
    SloStatus current = status;
    if (current == null) {
      throw new IllegalStateException("no status before the first update");
    }
    return current;
  }

  void update(SloStatus next) {
    boolean first = status == null;
    status = next;
    if (first) {
      counter(
          DEFAULT_SLO_GOOD,
          "Good events since the SLO was registered",
          SloStatus::totalGoodEvents);
      counter(
          DEFAULT_SLO_VALID,
          "Valid events (good or bad) since the SLO was registered",
          SloStatus::totalValidEvents);
      gauge(
          DEFAULT_SLO_OBJECTIVE,
          Tags.empty(),
          UNIT_RATIO,
          "The SLO's objective",
          s -> s.window().objective());
      gauge(
          DEFAULT_SLO_BUDGET_OBJECTIVE,
          Tags.empty(),
          UNIT_RATIO,
          "The objective the error budget is counted against; adjusted while a budget adjustment"
              + " is in force",
          s -> s.window().budgetObjective());
      gauge(
          DEFAULT_SLO_BUDGET_REMAINING,
          Tags.empty(),
          UNIT_RATIO,
          "Error budget left in the compliance window; negative when overspent",
          s -> s.window().budgetRemaining());
      for (Duration lookback : SloStatus.FORECAST_LOOKBACKS) {
        gauge(
            DEFAULT_SLO_BUDGET_EXHAUSTION,
            Tags.of(TAG_WINDOW, BurnRate.of(lookback, 0, 0, 0.5).windowLabel()),
            UNIT_SECONDS,
            "Time until the error budget is spent if the burn rate over the window goes on;"
                + " NaN when it is not forecast to run out",
            s -> exhaustionSeconds(s, lookback));
      }
      for (BudgetState state : BudgetState.values()) {
        gauge(
            DEFAULT_SLO_BUDGET_STATE,
            Tags.of(TAG_STATE, state.label()),
            null,
            "1 for the current error-budget policy state, 0 for the others",
            s -> s.budgetState() == state ? 1 : 0);
      }
    }
    for (BurnRate burn : next.burnRates()) {
      String window = burn.windowLabel();
      if (windows.add(window)) {
        Duration lookback = burn.window();
        gauge(
            DEFAULT_SLO_SLI,
            Tags.of(TAG_WINDOW, window),
            UNIT_RATIO,
            "Good / valid events over the window; 1 with no data",
            s -> windowSli(s, lookback));
        gauge(
            DEFAULT_SLO_BURN_RATE,
            Tags.of(TAG_WINDOW, window),
            null,
            "Error budget burn rate over the window; 1 spends the budget exactly over the SLO"
                + " window",
            s -> windowBurn(s, lookback));
      }
    }
    String compliance = next.window().window();
    if (windows.add(compliance)) {
      gauge(
          DEFAULT_SLO_SLI,
          Tags.of(TAG_WINDOW, compliance),
          UNIT_RATIO,
          "Good / valid events over the window; 1 with no data",
          s -> s.window().sli());
    }
    for (AlertReading reading : next.alerts()) {
      addSeverity(reading.rule().severity());
    }
    for (String severity : next.firing()) {
      addSeverity(severity);
    }
  }

  private void addSeverity(String severity) {
    if (severities.add(severity)) {
      gauge(
          DEFAULT_SLO_ALERT,
          Tags.of(TAG_SEVERITY, severity),
          null,
          "1 while an alert of this severity fires, 0 otherwise",
          s -> s.firing().contains(severity) ? 1 : 0);
    }
  }

  private void counter(String name, String description, ToLongFunction<SloStatus> value) {
    group.add(
        registry ->
            FunctionCounter.builder(
                    name, this, meters -> binder.read(() -> value.applyAsLong(meters.current())))
                .tags(sloTags)
                .baseUnit(UNIT_EVENTS)
                .description(description)
                .register(
                    registry)); // weakly held: this binder's map holds it, and its gauges the
                                // binder
  }

  private void gauge(
      String name,
      Tags extra,
      @Nullable String unit,
      String description,
      ToDoubleFunction<SloStatus> value) {
    group.add(
        registry ->
            Gauge.builder(
                    name, this, meters -> binder.read(() -> value.applyAsDouble(meters.current())))
                .tags(sloTags.and(extra))
                .baseUnit(unit)
                .description(description)
                .strongReference(true)
                .register(registry));
  }

  private static double windowSli(SloStatus status, Duration window) {
    for (BurnRate burn : status.burnRates()) {
      if (burn.window().equals(window)) {
        return burn.validEvents() == 0
            ? 1.0
            : (double) (burn.validEvents() - burn.badEvents()) / burn.validEvents();
      }
    }
    return Double.NaN;
  }

  private static double exhaustionSeconds(SloStatus status, Duration lookback) {
    for (SloStatus.Exhaustion forecast : status.exhaustion()) {
      if (forecast.burn().window().equals(lookback) && forecast.timeLeft().isPresent()) {
        return forecast.timeLeft().get().toMillis() / 1000.0;
      }
    }
    return Double.NaN;
  }

  private static double windowBurn(SloStatus status, Duration window) {
    for (BurnRate burn : status.burnRates()) {
      if (burn.window().equals(window)) {
        return burn.rate();
      }
    }
    return Double.NaN;
  }
}
