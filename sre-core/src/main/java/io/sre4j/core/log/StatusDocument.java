package io.sre4j.core.log;

import io.sre4j.core.BudgetAdjustment;
import io.sre4j.core.Deployment;
import io.sre4j.core.DeploymentDowntime;
import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import io.sre4j.core.MaintenanceWindow;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.Review;
import io.sre4j.core.SloPolicy;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloStatus;
import io.sre4j.core.SloStatus.AlertReading;
import io.sre4j.core.SloStatus.BurnRate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The JSON documents that show a registry's state to people and pipelines: the status of every SLO
 * with the endpoints' latest percentiles, the release gate's decision, and the answers to a
 * deployment marker, a maintenance window and a bad request. The servlet adapter serves them
 * ({@code /sre/status}, {@code /sre/gate}) and the CLI prints them.
 *
 * <pre>{@code
 * String json = StatusDocument.status(registry, Map.of());
 * String gate = StatusDocument.gate(registry.service(), ReleaseGate.over(registry).decide());
 * }</pre>
 *
 * <p>Each document is one JSON object on one line, ending with a newline, written with the same
 * rules as the log lines (see {@link LogSink#jsonLines}): UTF-8 safe escaping, plain decimals,
 * RFC 3339 UTC timestamps with milliseconds, durations in milliseconds ({@code _ms}) and windows as
 * written in configuration ({@code 5m}, {@code 30d}). A field that does not apply is left out.
 *
 * <p><b>The status document:</b> {@code service}, {@code ts}, {@code slos} (per SLO:
 * {@code slo}, {@code sli_kind}, {@code objective}, {@code window}, {@code window_start},
 * {@code window_valid}, {@code window_good}, {@code window_bad}, {@code sli}, {@code no_data} (no
 * valid event in any alert rule's short window, see {@link SloStatus#noData()}),
 * {@code budget_consumed}, {@code budget_remaining}, {@code allowed_bad_events}, the time-slice
 * figures when budgeting by slices, {@code allowed_bad_time_ms}, {@code burn_rates} [{@code
 * window}, {@code valid}, {@code bad}, {@code rate}], {@code alerts} [{@code severity}, {@code
 * long_window}, {@code short_window}, {@code factor}, {@code long_burn_rate}, {@code short_burn_rate},
 * {@code holds}], {@code exhaustion} (the forecast over 1 h and 6 h: {@code window}, {@code valid},
 * {@code bad}, {@code rate}, and {@code time_left_ms} when the budget runs out at that rate, see
 * {@link SloStatus.Exhaustion}), {@code alerts_suppressed_low_traffic}, {@code firing}, {@code budget_state}, {@code in_maintenance}, {@code
 * maintenance_events}, {@code total_valid}, {@code total_bad}, {@code last_deployment}, {@code
 * burn_since_deployment}, {@code rollback_advised}; from a registry also the policy's lifecycle:
 * {@code budget_in_force} ({@code original} or {@code adjusted}), {@code budget_objective},
 * {@code extra_allowance}, {@code original_budget_remaining}, {@code adjustment_in_force}, {@code
 * adjustments} [{@code change}, {@code objective}, {@code extra_bad_events}, {@code
 * extra_downtime_ms}, {@code reason}, {@code approver}, {@code start}, {@code end}, {@code
 * long_term}], {@code notes}, {@code deployments} [{@code version}, {@code ts}, {@code
 * expected_downtime_ms}, {@code actual_downtime_ms}, {@code ended}, {@code downtime_requests},
 * {@code downtime_bad_events}, {@code budget_cost}, {@code burn_since_deployment}], {@code review_required}, {@code exhausted_on} while a review is
 * required, {@code reviews} [{@code who}, {@code when}, {@code summary}, {@code actions}, {@code
 * link}]), {@code maintenance} (declared windows),
 * {@code last_deployment}, {@code endpoints} (per endpoint: {@code method}, {@code route}, {@code
 * latest} interval's {@code count} and {@code *_ms} percentiles, bands and {@code apdex}, {@code
 * clamped_durations}, {@code dropped_statuses}) and {@code in_flight}.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> reading the registry ticks it (see {@link
 * SloRegistry#statuses()}); each document is rendered into a fresh buffer.
 *
 * @since 0.1
 */
public final class StatusDocument {

  private StatusDocument() {}

  /**
   * The status of every SLO and endpoint of a registry, now.
   *
   * @param registry the registry
   * @param inFlight requests in progress keyed {@code "GET /api/orders/{id}"} (the servlet
   *     filter's gauge); empty for none
   * @return the document, one line
   */
  public static String status(SloRegistry registry, Map<String, Long> inFlight) {
    Objects.requireNonNull(registry, "registry");
    List<SloStatus> statuses = registry.statuses();
    List<EndpointSnapshot> endpoints = registry.endpointSnapshots();
    Map<String, SloPolicy> policies = new java.util.HashMap<>();
    for (SloStatus status : statuses) {
      registry.policy(status.name()).ifPresent(policy -> policies.put(status.name(), policy));
    }
    return status(registry.service(), registry.clock().wallTime(), statuses, endpoints,
        registry.maintenanceWindows(), registry.lastDeployment(), inFlight,
        registry.stateStatus(), registry.notificationCounts(), policies);
  }

  /**
   * A status document from figures already read.
   *
   * @param service the service's name
   * @param epochMillis when the figures were read
   * @param statuses the SLOs' statuses
   * @param endpoints the endpoints' trends; the latest interval of each is shown
   * @param maintenance declared maintenance windows
   * @param lastDeployment the last deployment marker, if any
   * @param inFlight requests in progress keyed {@code "GET /api/orders/{id}"}; empty for none
   * @return the document, one line
   */
  public static String status(String service, long epochMillis, List<SloStatus> statuses,
      List<EndpointSnapshot> endpoints, List<MaintenanceWindow> maintenance,
      Optional<Deployment> lastDeployment, Map<String, Long> inFlight) {
    return status(service, epochMillis, statuses, endpoints, maintenance, lastDeployment, inFlight,
        Optional.empty(), List.of(), Map.of());
  }

  private static String status(String service, long epochMillis, List<SloStatus> statuses,
      List<EndpointSnapshot> endpoints, List<MaintenanceWindow> maintenance,
      Optional<Deployment> lastDeployment, Map<String, Long> inFlight,
      Optional<SloRegistry.StateStatus> state, List<SloRegistry.NotificationCounts> notifications,
      Map<String, SloPolicy> policies) {
    Objects.requireNonNull(service, "service");
    JsonLineWriter w = new JsonLineWriter(4096);
    w.beginObject();
    w.string(LogFields.SERVICE, service);
    w.timestamp(LogFields.TS, epochMillis);
    w.beginArray("slos");
    for (SloStatus status : statuses) {
      w.beginElementObject();
      slo(w, status);
      SloPolicy policy = policies.get(status.name());
      if (policy != null) {
        SloSnapshot window = status.window();
        w.string(LogFields.BUDGET_IN_FORCE, policy.budgetInForce());
        w.decimal(LogFields.BUDGET_OBJECTIVE, window.budgetObjective());
        w.decimal(LogFields.EXTRA_ALLOWANCE, window.extraAllowance());
        w.decimal(LogFields.ORIGINAL_BUDGET_REMAINING, window.originalBudgetRemaining());
        policy(w, policy);
      }
      w.endObject();
    }
    w.endArray();
    w.beginArray("maintenance");
    for (MaintenanceWindow window : maintenance) {
      w.beginElementObject();
      maintenanceFields(w, window);
      w.endObject();
    }
    w.endArray();
    if (lastDeployment.isPresent()) {
      w.beginObject("last_deployment");
      deploymentFields(w, lastDeployment.get());
      w.endObject();
    }
    w.beginArray("endpoints");
    for (EndpointSnapshot endpoint : endpoints) {
      w.beginElementObject();
      endpoint(w, endpoint);
      w.endObject();
    }
    w.endArray();
    w.beginObject("in_flight");
    for (Map.Entry<String, Long> entry : new java.util.TreeMap<>(inFlight).entrySet()) {
      w.integer(entry.getKey(), entry.getValue());
    }
    w.endObject();
    if (state.isPresent()) {
      SloRegistry.StateStatus figures = state.get();
      w.beginObject("state");
      w.string("file", figures.file().toString());
      w.string("restore_outcome", figures.restoreOutcome());
      figures.restoredFrom().ifPresent(at -> w.timestamp("restored_from", at.toEpochMilli()));
      figures.lastWritten().ifPresent(at -> w.timestamp("last_written", at.toEpochMilli()));
      w.integer("writes", figures.writes());
      w.integer("write_failures", figures.writeFailures());
      w.endObject();
    }
    if (!notifications.isEmpty()) {
      w.beginObject("notifications");
      for (SloRegistry.NotificationCounts counts : notifications) {
        w.beginObject(counts.target());
        w.integer("sent", counts.sent());
        w.integer("retried", counts.retried());
        w.integer("failed", counts.failed());
        w.integer("dropped", counts.dropped());
        w.endObject();
      }
      w.endObject();
    }
    w.endLine();
    return w.toString();
  }

  private static void slo(JsonLineWriter w, SloStatus status) {
    SloSnapshot window = status.window();
    w.string(LogFields.SLO, window.name());
    w.string(LogFields.SLI_KIND, window.sliKind());
    w.decimal(LogFields.OBJECTIVE, window.objective());
    w.string(LogFields.WINDOW, window.window());
    w.timestamp(LogFields.WINDOW_START, window.windowStart().toEpochMilli());
    w.integer(LogFields.WINDOW_VALID, window.validEvents());
    w.integer(LogFields.WINDOW_GOOD, window.goodEvents());
    w.integer(LogFields.WINDOW_BAD, window.badEvents());
    w.decimal(LogFields.SLI, window.sli());
    w.bool(LogFields.NO_DATA, status.noData());
    w.decimal(LogFields.BUDGET_CONSUMED, window.budgetConsumed());
    w.decimal(LogFields.BUDGET_REMAINING, window.budgetRemaining());
    w.decimal(LogFields.ALLOWED_BAD_EVENTS, window.allowedBadEvents());
    if (window.timeslices()) {
      w.integer(LogFields.SLICE_MS, window.sliceLength().toMillis());
      w.integer(LogFields.BAD_SLICES, window.badSlices());
      w.decimal(LogFields.ALLOWED_BAD_SLICES, window.allowedBadSlices());
      w.integer(LogFields.BAD_TIME_MS, window.badTime().toMillis());
    }
    w.integer(LogFields.ALLOWED_BAD_TIME_MS, window.allowedBadTime().toMillis());
    w.beginArray("burn_rates");
    for (BurnRate burn : status.burnRates()) {
      w.beginElementObject();
      burnFields(w, burn);
      w.endObject();
    }
    w.endArray();
    w.beginArray("alerts");
    for (AlertReading reading : status.alerts()) {
      w.beginElementObject();
      w.string("severity", reading.rule().severity());
      w.string("long_window", reading.longBurn().windowLabel());
      w.string("short_window", reading.shortBurn().windowLabel());
      w.decimal("factor", reading.rule().factor());
      w.decimal("long_burn_rate", reading.longBurn().rate());
      w.decimal("short_burn_rate", reading.shortBurn().rate());
      w.bool("holds", reading.holds());
      w.endObject();
    }
    w.endArray();
    w.beginArray("exhaustion");
    for (SloStatus.Exhaustion forecast : status.exhaustion()) {
      w.beginElementObject();
      burnFields(w, forecast.burn());
      if (forecast.timeLeft().isPresent()) {
        w.integer("time_left_ms", forecast.timeLeft().get().toMillis());
      }
      w.endObject();
    }
    w.endArray();
    w.integer(LogFields.ALERTS_SUPPRESSED_LOW_TRAFFIC, status.alertsSuppressedLowTraffic());
    strings(w, "firing", new TreeSet<>(status.firing()));
    w.string("budget_state", status.budgetState().label());
    w.bool("in_maintenance", status.inMaintenance());
    w.integer("maintenance_events", status.maintenanceEvents());
    w.integer("total_valid", status.totalValidEvents());
    w.integer("total_bad", status.totalBadEvents());
    if (status.lastDeployment().isPresent()) {
      w.beginObject("last_deployment");
      deploymentFields(w, status.lastDeployment().get());
      w.endObject();
    }
    if (status.sinceDeployment().isPresent()) {
      w.beginObject("burn_since_deployment");
      burnFields(w, status.sinceDeployment().get());
      w.endObject();
    }
    w.bool("rollback_advised", status.rollbackAdvised());
  }

  /**
   * The SLO's policy lifecycle: {@code review_required}, {@code exhausted_on} (while a review is
   * required) and {@code reviews} (the recent ones, oldest first).
   */
  private static void policy(JsonLineWriter w, SloPolicy policy) {
    w.bool("review_required", policy.reviewRequired());
    policy.reviewRequiredSince().ifPresent(since -> w.timestamp("exhausted_on", since.toEpochMilli()));
    policy.adjustmentInForce().ifPresent(in -> w.string("adjustment_in_force", in.describe()));
    w.beginArray("adjustments");
    for (BudgetAdjustment adjustment : policy.adjustments()) {
      w.beginElementObject();
      w.string("change", adjustment.describe());
      adjustment.objective().ifPresent(objective -> w.decimal("objective", objective));
      if (adjustment.extraBadEvents() != 0) {
        w.integer("extra_bad_events", adjustment.extraBadEvents());
      }
      if (!adjustment.extraDowntime().isZero()) {
        w.integer("extra_downtime_ms", adjustment.extraDowntime().toMillis());
      }
      w.string("reason", adjustment.reason());
      w.string("approver", adjustment.approver());
      w.timestamp("start", adjustment.start().toEpochMilli());
      adjustment.end().ifPresent(end -> w.timestamp("end", end.toEpochMilli()));
      w.bool("long_term", adjustment.longTerm());
      w.endObject();
    }
    w.endArray();
    strings(w, "notes", policy.notes());
    w.beginArray("deployments");
    for (DeploymentDowntime deployment : policy.deployments()) {
      w.beginElementObject();
      w.string("version", deployment.version());
      w.timestamp(LogFields.TS, deployment.time().toEpochMilli());
      w.integer("expected_downtime_ms", deployment.expectedDowntime().toMillis());
      w.integer("actual_downtime_ms", deployment.actualDowntime().toMillis());
      w.bool("ended", deployment.ended().isPresent());
      w.integer("downtime_requests", deployment.requests());
      w.integer("downtime_bad_events", deployment.badEvents());
      w.decimal("budget_cost", deployment.budgetCost());
      w.decimal("burn_since_deployment", deployment.burnSinceDeployment());
      w.endObject();
    }
    w.endArray();
    w.beginArray("reviews");
    for (Review review : policy.reviews()) {
      w.beginElementObject();
      w.string("who", review.who());
      w.timestamp("when", review.when().toEpochMilli());
      w.string("summary", review.summary());
      strings(w, "actions", review.actions());
      review.link().ifPresent(link -> w.string("link", link.toString()));
      w.endObject();
    }
    w.endArray();
  }

  private static void burnFields(JsonLineWriter w, BurnRate burn) {
    w.string("window", burn.windowLabel());
    w.integer("valid", burn.validEvents());
    w.integer("bad", burn.badEvents());
    w.decimal("rate", burn.rate());
  }

  private static void endpoint(JsonLineWriter w, EndpointSnapshot endpoint) {
    w.string(LogFields.METHOD, endpoint.method());
    w.string(LogFields.ROUTE, endpoint.route());
    Optional<IntervalStats> latest = endpoint.latest();
    if (latest.isPresent()) {
      IntervalStats stats = latest.get();
      w.beginObject("latest");
      w.timestamp(LogFields.INTERVAL_START, stats.start().toEpochMilli());
      w.timestamp(LogFields.INTERVAL_END, stats.end().toEpochMilli());
      w.integer("count", stats.count());
      w.millis("min_ms", stats.minNanos());
      w.millis("max_ms", stats.maxNanos());
      w.decimal("mean_ms", stats.meanNanos() / 1_000_000.0);
      w.millis("p50_ms", stats.p50Nanos());
      w.millis("p90_ms", stats.p90Nanos());
      w.millis("p95_ms", stats.p95Nanos());
      w.millis("p99_ms", stats.p99Nanos());
      w.millis("p999_ms", stats.p999Nanos());
      w.integer(LogFields.BAND_FAST, stats.fast());
      w.integer(LogFields.BAND_TOLERABLE, stats.tolerable());
      w.integer(LogFields.BAND_SLOW, stats.slow());
      w.integer(LogFields.BAND_FAILED, stats.failed());
      w.decimal(LogFields.APDEX, stats.apdex());
      w.endObject();
    }
    w.integer("intervals", endpoint.intervals().size());
    w.integer("clamped_durations", endpoint.clampedDurations());
    w.integer("dropped_statuses", endpoint.droppedStatuses());
  }

  /**
   * The release gate's decision.
   *
   * @param service the service's name
   * @param decision the decision
   * @return the document, one line: {@code service}, {@code ts}, {@code allowed}, {@code
   *     decision} ({@code allow} or {@code deny}), {@code source} ({@code instance} or {@code
   *     prometheus}: who judged the SLOs), {@code overridden}, {@code reasons}, {@code notes}, and
   *     {@code override_reason} and {@code override_until} when an override is in force
   */
  public static String gate(String service, GateDecision decision) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(decision, "decision");
    JsonLineWriter w = new JsonLineWriter(512);
    w.beginObject();
    w.string(LogFields.SERVICE, service);
    w.timestamp(LogFields.TS, decision.time().toEpochMilli());
    w.bool("allowed", decision.allowed());
    w.string("decision", decision.allowed() ? "allow" : "deny");
    w.string("source", decision.source());
    w.bool("overridden", decision.overridden());
    strings(w, "reasons", decision.reasons());
    strings(w, "notes", decision.notes());
    if (decision.overrideReason().isPresent()) {
      w.string("override_reason", decision.overrideReason().get());
    }
    if (decision.overrideUntil().isPresent()) {
      w.timestamp("override_until", decision.overrideUntil().get().toEpochMilli());
    }
    w.endLine();
    return w.toString();
  }

  /**
   * The answer to a deployment marker.
   *
   * @param service the service's name
   * @param deployment the marker set
   * @return the document, one line: {@code service}, {@code version}, {@code ts}
   */
  public static String deployment(String service, Deployment deployment) {
    Objects.requireNonNull(deployment, "deployment");
    JsonLineWriter w = new JsonLineWriter(256);
    w.beginObject();
    w.string(LogFields.SERVICE, Objects.requireNonNull(service, "service"));
    deploymentFields(w, deployment);
    w.endLine();
    return w.toString();
  }

  /**
   * The answer to a deployment marker that declared downtime.
   *
   * @param service the service's name
   * @param deployment the marker set
   * @param overBudget the SLOs whose budget the planned downtime exceeds, with the figures
   * @return the document, one line: {@code service}, {@code version}, {@code ts}, {@code
   *     expected_downtime_ms}, {@code over_budget}
   * @since 0.3
   */
  public static String deployment(String service, Deployment deployment, List<String> overBudget) {
    Objects.requireNonNull(deployment, "deployment");
    JsonLineWriter w = new JsonLineWriter(256);
    w.beginObject();
    w.string(LogFields.SERVICE, Objects.requireNonNull(service, "service"));
    deploymentFields(w, deployment);
    strings(w, "over_budget", overBudget);
    w.endLine();
    return w.toString();
  }

  /**
   * The answer to a declared maintenance window.
   *
   * @param service the service's name
   * @param window the window declared
   * @param overBudget the SLOs whose budget the planned downtime exceeds, with the figures
   * @return the document, one line: {@code service}, {@code start}, {@code end}, {@code reason},
   *     {@code slos} (empty for every SLO), {@code over_budget}
   */
  public static String maintenance(String service, MaintenanceWindow window,
      List<String> overBudget) {
    Objects.requireNonNull(window, "window");
    JsonLineWriter w = new JsonLineWriter(256);
    w.beginObject();
    w.string(LogFields.SERVICE, Objects.requireNonNull(service, "service"));
    maintenanceFields(w, window);
    strings(w, "over_budget", overBudget);
    w.endLine();
    return w.toString();
  }

  /**
   * One SLO's place in the error-budget policy's lifecycle, the answer to a recorded review.
   *
   * @param service the service's name
   * @param policy the SLO's policy
   * @return the document, one line: {@code service}, {@code slo}, then the policy fields of the
   *     status document's SLOs ({@code review_required}, {@code exhausted_on}, {@code reviews})
   * @since 0.3
   */
  public static String policy(String service, SloPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    JsonLineWriter w = new JsonLineWriter(512);
    w.beginObject();
    w.string(LogFields.SERVICE, Objects.requireNonNull(service, "service"));
    w.string(LogFields.SLO, policy.slo());
    policy(w, policy);
    w.endLine();
    return w.toString();
  }

  /**
   * An error answer, such as a 400 for a bad request body.
   *
   * @param error a short machine-readable code such as {@code bad_request}
   * @param message what was wrong, for people; never a stack trace
   * @return the document, one line: {@code error}, {@code message}
   */
  public static String error(String error, String message) {
    JsonLineWriter w = new JsonLineWriter(256);
    w.beginObject();
    w.string("error", Objects.requireNonNull(error, "error"));
    w.string("message", Objects.requireNonNull(message, "message"));
    w.endLine();
    return w.toString();
  }

  private static void deploymentFields(JsonLineWriter w, Deployment deployment) {
    w.string("version", deployment.version());
    w.timestamp(LogFields.TS, deployment.time().toEpochMilli());
    if (!deployment.expectedDowntime().isZero()) {
      w.integer("expected_downtime_ms", deployment.expectedDowntime().toMillis());
    }
  }

  private static void maintenanceFields(JsonLineWriter w, MaintenanceWindow window) {
    w.timestamp("start", window.start().toEpochMilli());
    w.timestamp("end", window.end().toEpochMilli());
    w.string("reason", window.reason());
    strings(w, "slos", new TreeSet<>(window.slos()));
  }

  private static void strings(JsonLineWriter w, String name, Collection<String> values) {
    w.beginArray(name);
    for (String value : values) {
      w.stringElement(value);
    }
    w.endArray();
  }
}
