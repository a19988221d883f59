package io.sre4j.core.event;

import io.sre4j.core.BudgetAdjustment;
import io.sre4j.core.Deployment;
import io.sre4j.core.DeploymentDowntime;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import io.sre4j.core.MaintenanceWindow;
import io.sre4j.core.Review;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloStatus;
import io.sre4j.core.SloStatus.AlertReading;
import io.sre4j.core.SloStatus.BudgetState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to the service's SLOs, delivered to {@link SloListener}s: a report at
 * the end of each interval, and (as the model grows) alerts, maintenance, deployments, policy
 * changes and gate overrides.
 *
 * <p>Events are immutable values, created only when at least one listener is registered.
 *
 * @since 0.1
 */
public sealed interface SloEvent {

  /** @return when it happened (wall time) */
  Instant time();

  /** @return the service's name */
  String service();

  /**
   * One SLO at the end of one interval: what happened in the interval, and where the SLO stands over
   * its whole window.
   *
   * @param time the end of the interval
   * @param service the service's name
   * @param intervalStart the start of the interval
   * @param intervalValid valid events in the interval
   * @param intervalBad bad events in the interval
   * @param latency latency of the interval over every endpoint the SLO covers (percentiles merged
   *     from their histograms, bands summed)
   * @param status the SLO at {@code time}: its compliance window, burn rates, alerts, policy state
   * @param state the state file's figures when the registry keeps one
   * @param partial true for the report {@link SloRegistry#close()} writes of the interval in
   *     progress (unless {@link SloRegistry.Builder#reportOnClose(boolean)} turned it off), which ends before its
   *     full length ({@code interval}); false for a full interval
   * @param notifications the counts of the registry's alert notifications, one per kind of target
   *     configured ({@link SloRegistry#notificationCounts()}); empty when none is
   * @since 0.1
   */
  public record SliReport(
      Instant time,
      String service,
      Instant intervalStart,
      long intervalValid,
      long intervalBad,
      IntervalStats latency,
      SloStatus status,
      Optional<SloRegistry.StateStatus> state,
      boolean partial,
      List<SloRegistry.NotificationCounts> notifications) implements SloEvent {

    /** Checks and copies the fields. */
    public SliReport {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(intervalStart, "intervalStart");
      Objects.requireNonNull(latency, "latency");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(state, "state");
      notifications = List.copyOf(notifications);
    }

    /**
     * A report of a registry without alert notifications.
     *
     * @param time the end of the interval
     * @param service the service's name
     * @param intervalStart the start of the interval
     * @param intervalValid valid events in the interval
     * @param intervalBad bad events in the interval
     * @param latency the interval's latency over the SLO's endpoints
     * @param status the SLO's status at {@code time}
     * @param state the state file's figures when the registry keeps one
     * @param partial true for the report of the interval in progress at close
     */
    public SliReport(Instant time, String service, Instant intervalStart, long intervalValid,
        long intervalBad, IntervalStats latency, SloStatus status,
        Optional<SloRegistry.StateStatus> state, boolean partial) {
      this(time, service, intervalStart, intervalValid, intervalBad, latency, status, state,
          partial, List.of());
    }

    /**
     * A report of a full interval.
     *
     * @param time the end of the interval
     * @param service the service's name
     * @param intervalStart the start of the interval
     * @param intervalValid valid events in the interval
     * @param intervalBad bad events in the interval
     * @param latency the interval's latency over the SLO's endpoints
     * @param status the SLO's status at {@code time}
     * @param state the state file's figures when the registry keeps one
     */
    public SliReport(Instant time, String service, Instant intervalStart, long intervalValid,
        long intervalBad, IntervalStats latency, SloStatus status,
        Optional<SloRegistry.StateStatus> state) {
      this(time, service, intervalStart, intervalValid, intervalBad, latency, status, state, false,
          List.of());
    }

    /**
     * A report of a full interval of a registry without a state file.
     *
     * @param time the end of the interval
     * @param service the service's name
     * @param intervalStart the start of the interval
     * @param intervalValid valid events in the interval
     * @param intervalBad bad events in the interval
     * @param latency the interval's latency over the SLO's endpoints
     * @param status the SLO's status at {@code time}
     */
    public SliReport(Instant time, String service, Instant intervalStart, long intervalValid,
        long intervalBad, IntervalStats latency, SloStatus status) {
      this(time, service, intervalStart, intervalValid, intervalBad, latency, status,
          Optional.empty(), false, List.of());
    }

    /** @return the SLO over its compliance window at {@code time} */
    public SloSnapshot window() {
      return status.window();
    }

    /** @return the SLO's name */
    public String slo() {
      return status.name();
    }

    /** @return good/valid over the interval, 1.0 with no data */
    public double intervalSli() {
      return intervalValid == 0 ? 1.0 : (double) (intervalValid - intervalBad) / intervalValid;
    }
  }

  /**
   * An alert of one severity started or stopped firing for an SLO. Each alert fires once and
   * resolves once: no event repeats while its state holds.
   *
   * @param time when the evaluation saw the change
   * @param service the service's name
   * @param slo the SLO's name
   * @param severity such as {@code page} or {@code ticket}
   * @param firing true when it started firing, false when it resolved
   * @param since when it started firing (equal to {@code time} for a firing event)
   * @param readings the severity's rules with their burn rates at {@code time}
   * @param budgetRemaining the fraction of the error budget left at {@code time}, negative when
   *     overspent; NaN when not known (the 7-argument constructor)
   * @param exhaustion the exhaustion forecast at {@code time} over each of {@link
   *     SloStatus#FORECAST_LOOKBACKS}, as in {@link SloStatus#exhaustion()}; empty when not known
   * @since 0.1
   */
  public record AlertEvent(
      Instant time,
      String service,
      String slo,
      String severity,
      boolean firing,
      Instant since,
      List<AlertReading> readings,
      double budgetRemaining,
      List<SloStatus.Exhaustion> exhaustion) implements SloEvent {

    /** Checks and copies the fields. */
    public AlertEvent {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(slo, "slo");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(since, "since");
      readings = List.copyOf(readings);
      exhaustion = List.copyOf(exhaustion);
    }

    /**
     * An alert event without the budget figures: {@code budgetRemaining} NaN, no forecast.
     *
     * @param time when the evaluation saw the change
     * @param service the service's name
     * @param slo the SLO's name
     * @param severity such as {@code page} or {@code ticket}
     * @param firing true when it started firing, false when it resolved
     * @param since when it started firing
     * @param readings the severity's rules with their burn rates at {@code time}
     */
    public AlertEvent(Instant time, String service, String slo, String severity, boolean firing,
        Instant since, List<AlertReading> readings) {
      this(time, service, slo, severity, firing, since, readings, Double.NaN, List.of());
    }

    /** @return {@code firing} or {@code resolved}, as written in logs */
    public String state() {
      return firing ? "firing" : "resolved";
    }
  }

  /**
   * An SLO moved from one error-budget policy state to another.
   *
   * @param time when the evaluation saw the change
   * @param service the service's name
   * @param slo the SLO's name
   * @param from the previous state
   * @param to the new state
   * @param budgetRemaining the fraction of budget left, negative when overspent
   * @param reason why, in words
   * @since 0.1
   */
  public record BudgetPolicyEvent(
      Instant time, String service, String slo, BudgetState from, BudgetState to,
      double budgetRemaining, String reason) implements SloEvent {

    /** Checks the fields. */
    public BudgetPolicyEvent {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(slo, "slo");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A deployment marker was set.
   *
   * @param time when it was set
   * @param service the service's name
   * @param deployment the version and its time
   * @since 0.1
   */
  public record DeploymentEvent(Instant time, String service, Deployment deployment)
      implements SloEvent {

    /** Checks the fields. */
    public DeploymentEvent {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(deployment, "deployment");
    }
  }

  /**
   * Someone overrode the release gate: releases are allowed until {@code validUntil} whatever the
   * budget says.
   *
   * @param time when
   * @param service the service's name
   * @param reason why, as given
   * @param validUntil when the override lapses
   * @param slos the SLOs the gate judges
   * @param denyReasons what the gate would have said without the override
   * @since 0.1
   */
  public record GateOverrideEvent(
      Instant time, String service, String reason, Instant validUntil, List<String> slos,
      List<String> denyReasons) implements SloEvent {

    /** Checks and copies the fields. */
    public GateOverrideEvent {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(validUntil, "validUntil");
      slos = List.copyOf(slos);
      denyReasons = List.copyOf(denyReasons);
    }
  }

  /**
   * A maintenance window was declared, rejected, started or ended.
   *
   * @param time when
   * @param service the service's name
   * @param kind what happened
   * @param window the window
   * @param overBudget for a declaration: the SLOs whose allowed downtime the planned windows would
   *     exceed, each with the figures, such as {@code checkout: 50m planned > 43m12s allowed}; empty
   *     when within budget
   * @since 0.1
   */
  public record MaintenanceEvent(
      Instant time, String service, Kind kind, MaintenanceWindow window, List<String> overBudget)
      implements SloEvent {

    /** What happened to the window. */
    public enum Kind {
      /** Accepted, possibly over budget (see {@code overBudget}). */
      DECLARED,
      /** Refused in strict mode because it was over budget. */
      REJECTED,
      /** Became active: requests are left out from now. */
      STARTED,
      /** Stopped being active. */
      ENDED;

      private final String label = name().toLowerCase(java.util.Locale.ROOT);

      /** @return the name as written in logs */
      public String label() {
        return label;
      }
    }

    /** Checks and copies the fields. */
    public MaintenanceEvent {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(window, "window");
      overBudget = List.copyOf(overBudget);
    }
  }

  /**
   * A review of an SLO was recorded ({@code SloRegistry.recordReview}).
   *
   * @param time when it was recorded
   * @param service the service's name
   * @param slo the SLO reviewed
   * @param review who, when, what and the actions agreed
   * @param exhaustedOn when the exhaustion whose review requirement it closed began; empty when it
   *     closed none
   * @since 0.3
   */
  public record ReviewEvent(
      Instant time, String service, String slo, Review review, Optional<Instant> exhaustedOn)
      implements SloEvent {

    /** Checks the fields. */
    public ReviewEvent {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(slo, "slo");
      Objects.requireNonNull(review, "review");
      Objects.requireNonNull(exhaustedOn, "exhaustedOn");
    }
  }

  /**
   * An approved change to an SLO's error budget was recorded ({@code SloRegistry.adjustBudget}).
   *
   * @param time when it was recorded
   * @param service the service's name
   * @param slo the SLO whose budget changes
   * @param objective the SLO's own objective, in (0,1)
   * @param adjustment the change, who approved it and when it is in force
   * @since 0.3
   */
  public record BudgetAdjustmentEvent(
      Instant time, String service, String slo, double objective, BudgetAdjustment adjustment)
      implements SloEvent {

    /** Checks the fields. */
    public BudgetAdjustmentEvent {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(slo, "slo");
      Objects.requireNonNull(adjustment, "adjustment");
    }
  }

  /**
   * The downtime declared with a deployment ended for one SLO: what was measured inside it
   * ({@code SloRegistry.declareDeployment}).
   *
   * @param time when the tick saw it end
   * @param service the service's name
   * @param slo the SLO measured
   * @param downtime expected against actual downtime, the bad events left out, the budget they
   *     would have cost and the burn since the deployment
   * @since 0.3
   */
  public record DeploymentDowntimeEvent(
      Instant time, String service, String slo, DeploymentDowntime downtime) implements SloEvent {

    /** Checks the fields. */
    public DeploymentDowntimeEvent {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(slo, "slo");
      Objects.requireNonNull(downtime, "downtime");
    }
  }
}
