package io.sre4j.core;

import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.event.SloEvent.GateOverrideEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The release gate of the error-budget policy: a release may go out unless a gating SLO has
 * exhausted its budget or is paging. An SLO at risk does not deny; it is noted.
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
 * <p><b>Thread safety:</b> safe. <b>Cost:</b> a decision ticks the registry, evaluates alerts and
 * the policy (publishing any change) and reads each gating SLO's status.
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
   * Decides now.
   *
   * @return allow or deny, with the reasons
   */
  public synchronized GateDecision decide() {
    List<SloStatus> statuses = gatingStatuses();
    List<String> reasons = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String name : slos) {
      if (statuses.stream().noneMatch(status -> status.name().equals(name))) {
        reasons.add("slo " + name + " is not registered");
      }
    }
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
    Instant now = Instant.ofEpochMilli(registry.clock().wallTime());
    SloRegistry.GateOverride override = registry.overrideInForce(now);
    boolean overridden = override != null && !reasons.isEmpty();
    return new GateDecision(now, reasons.isEmpty() || overridden, overridden, reasons, notes,
        Optional.ofNullable(override).map(SloRegistry.GateOverride::reason),
        Optional.ofNullable(override).map(SloRegistry.GateOverride::until));
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
   * The release gate's answer: may this release go out?
   *
   * @param time when it was decided
   * @param allowed whether the release may go out
   * @param overridden whether it is allowed only because of an override
   * @param reasons why it is (or, when overridden, would be) denied; empty when the SLOs allow it
   * @param notes what is worth knowing but does not deny, such as an SLO at risk
   * @param overrideReason the reason of the override in force, if any
   * @param overrideUntil when the override in force lapses, if any
   * @since 0.1
   */
  public record GateDecision(
      Instant time,
      boolean allowed,
      boolean overridden,
      List<String> reasons,
      List<String> notes,
      Optional<String> overrideReason,
      Optional<Instant> overrideUntil) {

    /** Checks and copies the fields. */
    public GateDecision {
      Objects.requireNonNull(time, "time");
      reasons = List.copyOf(reasons);
      notes = List.copyOf(notes);
      Objects.requireNonNull(overrideReason, "overrideReason");
      Objects.requireNonNull(overrideUntil, "overrideUntil");
    }
  }
}
