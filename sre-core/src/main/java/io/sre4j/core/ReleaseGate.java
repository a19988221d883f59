package io.sre4j.core;

import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.event.SloEvent.GateOverrideEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The release gate of the error-budget policy: a release may go out unless a gating SLO has
 * exhausted its budget or is paging, or was exhausted and has not been reviewed since ({@code
 * policy.review-required}: {@code error budget exhausted on <date>; review required}, until
 * {@link SloRegistry#recordReview}). An SLO at risk does not deny; it is noted.
 *
 * <pre>{@code
 * ReleaseGate gate = ReleaseGate.over(registry, "checkout-availability", "checkout-latency");
 * GateDecision decision = gate.decide();
 * if (!decision.allowed()) {
 *   // stop the pipeline, print decision.reasons()
 * }
 * gate.override("hotfix for INC-1234, approved by on-call", Duration.ofHours(1));
 * }</pre>
 *
 * <p>An override allows releases for a while whatever the budget says, through every gate of the
 * registry (it is kept by the registry, and in its state file when one is configured); it is
 * recorded as a
 * {@code GateOverrideEvent} (and so as a {@code gate_override} log line) with its reason.
 *
 * <p><b>The fleet.</b> One instance's gate judges the traffic that instance served. When the
 * registry is built with {@code gate.prometheus-url} ({@link SloRegistry.Builder#prometheusGate}),
 * the gate answers from the fleet instead: the {@link FleetView} that sre-micrometer provides asks
 * Prometheus for the fleet-wide budget and page alerts of the gating SLOs, with the same reasons.
 * Its answer is kept for {@code gate.prometheus-cache} (15 s) on the registry's clock, one answer
 * per set of gating SLOs; a caller waits for Prometheus at most {@code gate.prometheus-timeout}
 * (2 s). When Prometheus cannot answer (unreachable, erroring, too slow, no data for a gating SLO,
 * and none of the SLOs it can judge denies), the instance's own state decides and a note says
 * why. {@link GateDecision#source()} says which answered. Overrides are kept per instance and
 * apply on top of either.
 *
 * <p><b>Thread safety:</b> safe. <b>Cost:</b> a decision ticks the registry, evaluates alerts and
 * the policy (publishing any change) and reads each gating SLO's status; with a fleet view, it may
 * wait up to the timeout for Prometheus (outside the registry's lock: request threads never wait
 * for it), at most once per cache period.
 *
 * @since 0.1
 */
public final class ReleaseGate {

  /** The longest an override may last: 7 days. */
  public static final Duration MAX_OVERRIDE = Duration.ofDays(7);

  private final SloRegistry registry;
  private final List<String> slos;

  private ReleaseGate(SloRegistry registry, List<String> slos) {
    this.registry = registry;
    this.slos = slos;
  }

  /**
   * A gate over some SLOs, or over every SLO registered at decision time when none are named.
   *
   * @param registry the registry the SLOs live in
   * @param sloNames the gating SLOs; none for all
   * @return the gate
   * @throws IllegalArgumentException if a named SLO is not registered
   */
  public static ReleaseGate over(SloRegistry registry, String... sloNames) {
    Objects.requireNonNull(registry, "registry");
    List<String> names = List.of(sloNames);
    List<String> known = registry.slos().stream().map(SloSpec::name).toList();
    for (String name : names) {
      if (!known.contains(name)) {
        throw ConfigValues.reject("gate slo", "a registered SLO " + known, name);
      }
    }
    return new ReleaseGate(registry, names);
  }

  /** @return the SLOs this gate judges; empty for all */
  public List<String> slos() {
    return slos;
  }

  /**
   * Decides now: from the fleet when a fleet view is configured and answers, else from this
   * instance's state.
   *
   * <p><b>Cost:</b> with a fleet view and no fresh cached answer, waits for Prometheus up to {@code
   * gate.prometheus-timeout}; never under the registry's lock.
   *
   * @return allow or deny, with the reasons and the source that answered
   */
  public synchronized GateDecision decide() {
    return decide(Duration.ZERO);
  }

  /**
   * Decides now for a deployment that declares downtime: as {@link #decide()}, and it also denies
   * when {@code declaredDowntime} exceeds what is left of a gating SLO's error budget as time
   * ({@code max(0, budget remaining) × allowed bad time}): {@code slo checkout: declared downtime
   * 5m exceeds the 1m26s of error budget left}. A deployment whose downtime would exceed it
   * should change its process (blue/green) rather than spend the budget.
   *
   * <p><b>Cost:</b> as {@link #decide()}.
   *
   * @param declaredDowntime the downtime the deployment expects, zero or positive
   * @return allow or deny, with the reasons and the source that answered
   * @throws IllegalArgumentException if {@code declaredDowntime} is negative
   * @since 0.3
   */
  public synchronized GateDecision decide(Duration declaredDowntime) {
    Objects.requireNonNull(declaredDowntime, "declaredDowntime");
    if (declaredDowntime.isNegative()) {
      throw ConfigValues.reject("gate downtime", "zero or positive",
          ConfigValues.format(declaredDowntime));
    }
    List<SloStatus> statuses = gatingStatuses();
    List<String> reasons = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String name : slos) {
      if (statuses.stream().noneMatch(status -> status.name().equals(name))) {
        reasons.add("slo " + name + " is not registered");
      }
    }
    String source = GateDecision.INSTANCE;
    FleetCache fleet = registry.fleet();
    if (fleet != null && !statuses.isEmpty()) {
      FleetView.Answer answer = fleet.answer(gatingSpecs(statuses));
      if (answer.unknown().isEmpty()) {
        source = GateDecision.PROMETHEUS;
        reasons.addAll(answer.reasons());
        notes.addAll(answer.notes());
      } else {
        notes.add("decided by this instance alone, the fleet could not answer: "
            + answer.unknown().get());
      }
    }
    if (source.equals(GateDecision.INSTANCE)) {
      instanceJudgement(statuses, reasons, notes);
    }
    reviewJudgement(statuses, reasons);
    if (!declaredDowntime.isZero()) {
      downtimeJudgement(statuses, declaredDowntime, reasons);
    }
    Instant now = Instant.ofEpochMilli(registry.clock().wallTime());
    SloRegistry.GateOverride override = registry.overrideInForce(now);
    boolean overridden = override != null && !reasons.isEmpty();
    return new GateDecision(now, reasons.isEmpty() || overridden, overridden, reasons, notes,
        Optional.ofNullable(override).map(SloRegistry.GateOverride::reason),
        Optional.ofNullable(override).map(SloRegistry.GateOverride::until), source);
  }

  /** This instance's judgement of its gating SLOs: exhausted or paging denies, at risk is noted. */
  private static void instanceJudgement(
      List<SloStatus> statuses, List<String> reasons, List<String> notes) {
    for (SloStatus status : statuses) {
      String left = String.format(Locale.ROOT, "%.1f%% of the error budget left",
          100 * status.window().budgetRemaining());
      if (status.budgetState() == BudgetState.EXHAUSTED) {
        reasons.add("slo " + status.name() + ": error budget exhausted, " + left);
      }
      if (status.paging()) {
        reasons.add("slo " + status.name() + ": page alert firing");
      }
      if (status.budgetState() == BudgetState.AT_RISK && !status.paging()) {
        notes.add("slo " + status.name() + ": at risk, " + left);
      }
    }
  }

  /**
   * The policy's reviews, kept per instance like overrides and applied on top of either source:
   * an SLO exhausted and not reviewed since denies, {@code error budget exhausted on <date>;
   * review required}, once its budget is no longer exhausted (until then that denies).
   */
  private void reviewJudgement(List<SloStatus> statuses, List<String> reasons) {
    for (SloStatus status : statuses) {
      if (status.budgetState() == BudgetState.EXHAUSTED) {
        continue;
      }
      registry.policy(status.name()).flatMap(SloPolicy::reviewRequiredSince).ifPresent(since ->
          reasons.add("slo " + status.name() + ": error budget exhausted on "
              + java.time.LocalDate.ofInstant(since, java.time.ZoneOffset.UTC)
              + "; review required"));
    }
  }

  /** Denies a declared downtime longer than what is left of a gating SLO's budget, as time. */
  private static void downtimeJudgement(List<SloStatus> statuses, Duration downtime,
      List<String> reasons) {
    for (SloStatus status : statuses) {
      SloSnapshot window = status.window();
      Duration left = Duration.ofMillis(Math.round(
          Math.max(0.0, window.budgetRemaining()) * window.allowedBadTime().toMillis()));
      if (downtime.compareTo(left) > 0) {
        reasons.add("slo " + status.name() + ": declared downtime " + ConfigValues.format(downtime)
            + " exceeds the " + ConfigValues.format(left) + " of error budget left");
      }
    }
  }

  /** The specs of the gating SLOs, in the registry's order. */
  private List<SloSpec> gatingSpecs(List<SloStatus> statuses) {
    List<String> names = statuses.stream().map(SloStatus::name).toList();
    return registry.slos().stream().filter(spec -> names.contains(spec.name())).toList();
  }

  /**
   * Allows releases for {@code validFor} whatever the budget says, and records why.
   *
   * @param reason why, 1 to 512 characters
   * @param validFor how long, between 1 minute and 7 days
   * @return the decision in force after the override
   * @throws IllegalArgumentException if the reason is blank or too long, or {@code validFor} is
   *     out of range
   */
  public synchronized GateDecision override(String reason, Duration validFor) {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(validFor, "validFor");
    if (reason.isBlank() || reason.length() > 512) {
      throw ConfigValues.reject("override reason", "1 to 512 characters, not blank", reason);
    }
    ConfigValues.requireBetween("override validFor", validFor, Duration.ofMinutes(1), MAX_OVERRIDE);
    List<String> wouldDeny = decide().reasons();
    Instant now = Instant.ofEpochMilli(registry.clock().wallTime());
    Instant until = now.plus(validFor);
    registry.override(new SloRegistry.GateOverride(reason, until));
    registry.publishIfListened(() -> new GateOverrideEvent(now, registry.service(), reason,
        until, slos, wouldDeny));
    return decide();
  }

  private List<SloStatus> gatingStatuses() {
    registry.evaluate(); // decide on the state of now, not of the last scheduled evaluation
    List<SloStatus> all = registry.statuses();
    if (slos.isEmpty()) {
      return all;
    }
    return all.stream().filter(status -> slos.contains(status.name())).toList();
  }

  /**
   * The fleet's view of the gating SLOs: what a release gate over every instance of the service
   * says. The service-provider interface through which sre-micrometer's Prometheus gate plugs into
   * sre-core, which does not depend on it; applications do not implement it.
   *
   * <p><b>Thread safety:</b> implementations must be safe; the registry serialises calls.
   * <b>Cost:</b> the implementation's; {@link #ask} is called at most once per cache period per set
   * of gating SLOs, never from a request or tick thread.
   *
   * @since 0.2
   */
  public interface FleetView {

    /**
     * Asks the fleet about some SLOs.
     *
     * @param slos the gating SLOs, at least one
     * @param timeout how long the answer may take, positive; the whole answer must come within it
     * @return the fleet's reasons and notes, or why it cannot answer; never throws for the fleet's
     *     sake (unreachable, erroring, no data: an unknown answer)
     * @throws InterruptedException if interrupted while waiting
     */
    Answer ask(List<SloSpec> slos, Duration timeout) throws InterruptedException;

    /**
     * The fleet's answer.
     *
     * @param unknown why the fleet cannot decide, if it cannot; then the instance decides
     * @param reasons why releases are denied, in the in-process gate's words; empty to allow
     * @param notes what is worth knowing but does not deny
     * @since 0.2
     */
    record Answer(Optional<String> unknown, List<String> reasons, List<String> notes) {

      /** Checks and copies the fields: an unknown answer has no reasons. */
      public Answer {
        Objects.requireNonNull(unknown, "unknown");
        reasons = List.copyOf(reasons);
        notes = List.copyOf(notes);
        if (unknown.isPresent() && !reasons.isEmpty()) {
          throw new IllegalArgumentException(
              "an unknown answer has no reasons but had " + reasons);
        }
      }

      /**
       * @param why why the fleet cannot decide, not blank
       * @return an unknown answer
       */
      public static Answer unknown(String why) {
        return new Answer(Optional.of(why), List.of(), List.of());
      }
    }

    /**
     * Opens a fleet view for the {@code gate.prometheus-*} settings; found through {@link
     * java.util.ServiceLoader} when a registry is built with {@code gate.prometheus-url}.
     * sre-micrometer provides one.
     *
     * @since 0.2
     */
    interface Provider {

      /**
       * Opens a fleet view.
       *
       * @param prometheusUrl Prometheus' base URL, absolute http(s), without user info, query or
       *     fragment
       * @param tokenFile a file holding a bearer token, or {@code user:password} for basic auth,
       *     if any
       * @param alertRules the registry's alert rules (the Prometheus rules were generated with
       *     them)
       * @param atRiskThreshold the registry's {@code policy.at-risk}, in (0,1)
       * @return the view
       * @throws ConfigException if the token file cannot be read, naming {@code
       *     gate.prometheus-token-file}
       */
      FleetView open(
          URI prometheusUrl,
          Optional<Path> tokenFile,
          List<AlertRule> alertRules,
          double atRiskThreshold);
    }
  }

  /**
   * The release gate's answer: may this release go out?
   *
   * @param time when it was decided
   * @param allowed whether the release may go out
   * @param overridden whether it is allowed only because of an override
   * @param reasons why it is (or, when overridden, would be) denied; empty when the SLOs allow it
   * @param notes what is worth knowing but does not deny, such as an SLO at risk
   * @param overrideReason the reason of the override in force, if any
   * @param overrideUntil when the override in force lapses, if any
   * @param source who judged the SLOs: {@value #INSTANCE} (this instance's own state) or
   *     {@value #PROMETHEUS} (the fleet, through {@code gate.prometheus-url})
   * @since 0.1
   */
  public record GateDecision(
      Instant time,
      boolean allowed,
      boolean overridden,
      List<String> reasons,
      List<String> notes,
      Optional<String> overrideReason,
      Optional<Instant> overrideUntil,
      String source) {

    /** The source of a decision from this instance's own state: {@value}. */
    public static final String INSTANCE = "instance";

    /** The source of a decision from the fleet's figures in Prometheus: {@value}. */
    public static final String PROMETHEUS = "prometheus";

    /** Checks and copies the fields. */
    public GateDecision {
      Objects.requireNonNull(time, "time");
      reasons = List.copyOf(reasons);
      notes = List.copyOf(notes);
      Objects.requireNonNull(overrideReason, "overrideReason");
      Objects.requireNonNull(overrideUntil, "overrideUntil");
      Objects.requireNonNull(source, "source");
    }

    /**
     * A decision of this instance's own state ({@link #INSTANCE}).
     *
     * @param time when it was decided
     * @param allowed whether the release may go out
     * @param overridden whether it is allowed only because of an override
     * @param reasons why it is (or would be) denied
     * @param notes what is worth knowing but does not deny
     * @param overrideReason the reason of the override in force, if any
     * @param overrideUntil when the override in force lapses, if any
     */
    public GateDecision(
        Instant time,
        boolean allowed,
        boolean overridden,
        List<String> reasons,
        List<String> notes,
        Optional<String> overrideReason,
        Optional<Instant> overrideUntil) {
      this(time, allowed, overridden, reasons, notes, overrideReason, overrideUntil, INSTANCE);
    }
  }
}
