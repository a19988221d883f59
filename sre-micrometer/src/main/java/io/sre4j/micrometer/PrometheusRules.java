package io.sre4j.micrometer;

import io.sre4j.core.AlertRule;
import io.sre4j.core.Budgeting;
import io.sre4j.core.ConfigSchema;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloStatus;
import io.sre4j.core.SloWindow;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes Prometheus recording and alerting rules for a set of SLOs, so that Prometheus judges a
 * fleet of instances as one service from the counters {@link SloMeterBinder} exports.
 *
 * <pre>{@code
 * String yaml = PrometheusRules.builder()
 *     .runbookBaseUrl("https://wiki.example.com/runbooks/orders")
 *     .build()
 *     .render(slos.slos());
 * // then: promtool check rules sre4j-rules.yml
 * Files.writeString(dir.resolve("sre4j-rules.yml"), yaml);
 * }</pre>
 *
 * <p>(Compiled in {@code SnippetsTest}.)
 *
 * <p><b>What is generated</b>, one rule group per SLO ({@code sre4j-slo-<name>}), records first so
 * that the alerts of the same evaluation read them:
 *
 * <ul>
 *   <li>{@code slo:sre4j_slo_errors:ratio_rate<w>} for each alert window {@code w} and for a
 *       rolling compliance window: {@code (valid − good) / valid} events over {@code w}, each
 *       summed over every instance ({@code sum by (slo)}), from {@value
 *       SloMeterNames#PROMETHEUS_SLO_VALID} and {@value SloMeterNames#PROMETHEUS_SLO_GOOD}. The SLI
 *       over {@code w} is one minus it. With no traffic it is NaN, and no alert fires.
 *   <li>{@value #BUDGET_REMAINING_RECORD}{@code {window="30d"}}: {@code 1 − error ratio over the
 *       compliance window / (1 − objective)}; negative when the budget is overspent. Only for
 *       rolling windows budgeted by occurrences. A calendar window (month, week) has no PromQL
 *       form, as a range cannot start at the period's start; a time-slice budget is not a ratio of
 *       counters. For those the group carries a comment instead, and each instance's own figure is
 *       {@value SloMeterNames#PROMETHEUS_SLO_BUDGET_REMAINING}.
 *   <li>{@value #BUDGET_EXHAUSTION_RECORD}{@code {window="1h"}} and {@code {window="6h"}}: the
 *       exhaustion forecast, seconds until that budget is spent if the burn rate {@code b} of the
 *       lookback goes on, {@code W × r / (b − (1 − r))} for a window {@code W} with {@code r} left
 *       (the events now in the window leave it as evenly as they came). Absent when {@code b ≤ 1}
 *       (the budget then lasts) or {@code r ≤ 0}; only where the budget record is.
 *   <li>{@value #ALERT_NAME}, one alert per severity, labelled {@code severity} and {@code slo}:
 *       multi-window, multi-burn-rate. A rule {@code severity:long/short:factor} holds when the
 *       error ratio over both windows is at least {@code factor × (1 − objective)}, that is the
 *       burn rate is at least {@code factor}, and the long window saw at least {@link
 *       Builder#minValidEvents(long) minValidEvents} valid events (the low-traffic guard of the
 *       core); the alert fires while any rule of its severity holds. Annotations: a {@code
 *       summary}, a {@code description} naming the rules, and a {@code runbook_url}.
 *   <li>{@value #NO_DATA_ALERT_NAME}, labelled {@code severity} ({@value
 *       #DEFAULT_NO_DATA_SEVERITY} by default) and {@code slo}: no valid event over {@link
 *       Builder#noDataFor(Duration) noDataFor} ({@code 15m} by default), either because the
 *       valid-events series is absent over it ({@code absent_over_time}: every instance stopped
 *       being scraped, or the metric was renamed) or because it was present at the span's start and
 *       its rate over the span is 0. A burn-rate alert cannot fire without data; this one says so.
 *   <li>{@code keep_firing_for:} on {@value #ALERT_NAME} when {@link Builder#keepFiringFor(Duration)
 *       keepFiringFor} is set: the alert resolves only once its condition has failed that long, so
 *       that a burn rate hovering at a factor does not fire and resolve again and again.
 *   <li>{@code for:} only on {@code page} by default ({@code 2m}, so three evaluations in a row at
 *       a 1-minute interval): the short window already resets an alert quickly and every {@code
 *       for} delays the page, but two minutes ride out a blip that one evaluation sees, such as an
 *       instance that just started, whose rate is extrapolated from its first two samples, for 0.07
 *       % of a 30-day budget at a burn rate of 14.4. Tickets, on 6 h and 3 d windows, change too
 *       slowly for a {@code for} to help.
 * </ul>
 *
 * <p>After the SLO groups, one group {@code sre4j-latency} records the fleet's latency percentiles
 * per endpoint from the histogram {@link SloMeterBinder} exports on a Prometheus registry ({@value
 * SloMeterNames#PROMETHEUS_ENDPOINT_DURATION_BUCKET}): {@code
 * method_route:sre4j_endpoint_duration_seconds:p50_rate5m} (and {@code p90}, {@code p99}), {@code
 * histogram_quantile} over the bucket rates of every instance summed by {@code le}, {@code method}
 * and {@code route}. A percentile is interpolated linearly inside its bucket, so it is exact only
 * at a bucket bound; a bound is always at each latency SLO's threshold and at the band edges.
 *
 * <p>Every rule also carries its SLO as a static {@code slo} label (the value the expression yields
 * anyway), so that {@code promtool check rules} sees no duplicate rules across groups.
 *
 * <p>SLO names must be unique within one Prometheus: prefix them with the service ({@code
 * orders-availability}) when several services share one.
 *
 * <p><b>Budget adjustments</b> ({@code SloRegistry.adjustBudget}) are not in the generated rules,
 * a documented limitation: the rules are rendered from the SLO's own objective and an adjustment
 * lives in each instance (and its state file). What reaches Prometheus is the gauge {@value
 * SloMeterNames#PROMETHEUS_SLO_BUDGET_OBJECTIVE}, the objective in force per instance; record
 * {@code max by (slo) (sre4j_slo_budget_objective_ratio)} to see the objective in force
 * fleet-wide, and compare a dashboard's remaining budget against it. Burn-rate alerts and the
 * fleet gate keep the SLO's own objective; a long-term adjustment should become the SLO's
 * objective, which regenerates the rules.
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> rendering builds one string; nothing is cached.
 * In Prometheus, the compliance-window record reads every sample of the window at each evaluation.
 *
 * @since 0.1
 */
/*
 * Layout. Over 500 lines because about half is the Javadoc users read to understand the rules
 * (what each record and alert means, why "for:" is where it is) and the public Builder; the
 * rendering itself is one pass per SLO over templates that must stay side by side so that the
 * recording rules and the alerts that read them agree.
 */
public final class PrometheusRules {

  /** The alert's name: {@value}. */
  public static final String ALERT_NAME = "SloErrorBudgetBurn";

  /** The record of the error budget left over a rolling compliance window: {@value}. */
  public static final String BUDGET_REMAINING_RECORD = "slo:sre4j_slo_budget_remaining:ratio";

  /**
   * The record of the time left until the error budget of a rolling compliance window is exhausted
   * at the burn rate of a lookback, in seconds: {@value}, labelled {@code slo} and {@code window}
   * (the lookback: {@code 1h} or {@code 6h}, {@link SloStatus#FORECAST_LOOKBACKS}). Absent when the
   * burn rate over the lookback is at most 1 (the budget then lasts) or the budget is already
   * spent. The same figure as {@link SloStatus#exhaustion(Duration)}, fleet-wide.
   */
  public static final String BUDGET_EXHAUSTION_RECORD = "slo:sre4j_slo_budget_exhaustion:seconds";

  /** The no-data alert's name: {@value}. */
  public static final String NO_DATA_ALERT_NAME = "SloNoData";

  /** The default span without a valid event before {@value #NO_DATA_ALERT_NAME} fires: 15m. */
  public static final Duration DEFAULT_NO_DATA_FOR = Duration.ofMinutes(15);

  /** The default severity of {@value #NO_DATA_ALERT_NAME}: {@value}. */
  public static final String DEFAULT_NO_DATA_SEVERITY = AlertRule.TICKET;

  /** The default runbook base URL: {@value}; each alert links to it followed by the SLO's name. */
  public static final String DEFAULT_RUNBOOK_BASE_URL = "https://runbooks.example.com/sre4j";

  /** The default low-traffic guard: {@value} valid events in a rule's long window. */
  public static final long DEFAULT_MIN_VALID_EVENTS = 100;

  /** The default {@code for:} of {@code page} alerts: {@code 2m}. */
  public static final Duration DEFAULT_PAGE_FOR = Duration.ofMinutes(2);

  private static final String ERROR_RATIO_RECORD = "slo:sre4j_slo_errors:ratio_rate";

  private static final String LATENCY_RECORD = "method_route:sre4j_endpoint_duration_seconds:p";

  /** The fleet latency percentiles recorded per endpoint. */
  private static final int[] LATENCY_PERCENTILES = {50, 90, 99};

  private final List<AlertRule> alertRules;
  private final String runbookBaseUrl;
  private final long minValidEvents;
  private final Map<String, Duration> alertFor;
  private final Duration noDataFor;
  private final String noDataSeverity;
  private final Duration keepFiringFor;

  private PrometheusRules(Builder builder) {
    this.alertRules = List.copyOf(builder.alertRules);
    this.runbookBaseUrl = builder.runbookBaseUrl;
    this.minValidEvents = builder.minValidEvents;
    this.alertFor = Map.copyOf(builder.alertFor);
    this.noDataFor = builder.noDataFor;
    this.noDataSeverity = builder.noDataSeverity;
    this.keepFiringFor = builder.keepFiringFor;
  }

  /**
   * @return rules with the defaults: the core's default alert rules, see {@link Builder}
   */
  public static PrometheusRules defaults() {
    return builder().build();
  }

  /**
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The name of the error-ratio record over a window.
   *
   * @param window the lookback, such as 5 minutes
   * @return such as {@code slo:sre4j_slo_errors:ratio_rate5m}
   */
  public static String errorRatioRecord(Duration window) {
    return ERROR_RATIO_RECORD + promDuration(window);
  }

  /**
   * The name of the record of a fleet latency percentile per endpoint.
   *
   * @param percentile 50, 90 or 99
   * @return such as {@code method_route:sre4j_endpoint_duration_seconds:p99_rate5m}
   * @throws IllegalArgumentException if {@code percentile} is not 50, 90 or 99
   */
  public static String latencyRecord(int percentile) {
    if (percentile != 50 && percentile != 90 && percentile != 99) {
      throw new IllegalArgumentException("percentile must be 50, 90 or 99 but was " + percentile);
    }
    return LATENCY_RECORD + percentile + "_rate5m";
  }

  /**
   * Writes the rules file.
   *
   * @param slos the SLOs, such as {@link io.sre4j.core.SloRegistry#slos()}; may be empty
   * @return a Prometheus rules file (YAML), ready for {@code rule_files}
   * @throws IllegalStateException if two SLOs have the same name
   */
  public String render(Collection<SloSpec> slos) {
    Objects.requireNonNull(slos, "slos");
    Set<String> names = new HashSet<>();
    for (SloSpec slo : slos) {
      if (!names.add(slo.name())) {
        throw new IllegalStateException("slo " + slo.name() + " appears twice");
      }
    }
    StringBuilder out = new StringBuilder(4096 + 4096 * slos.size());
    header(out);
    if (slos.isEmpty()) {
      out.append("groups: []\n");
      return out.toString();
    }
    out.append("groups:\n");
    for (SloSpec slo : slos) {
      group(out, slo);
    }
    latencyGroup(out);
    return out.toString();
  }

  private void header(StringBuilder out) {
    StringBuilder rules = new StringBuilder();
    for (AlertRule rule : alertRules) {
      rules
          .append(rules.length() == 0 ? "" : ", ")
          .append(rule.severity())
          .append(':')
          .append(promDuration(rule.longWindow()))
          .append('/')
          .append(promDuration(rule.shortWindow()))
          .append(':')
          .append(number(rule.factor()));
    }
    out.append(
            "# Prometheus rules for sre4j SLOs, written by io.sre4j.micrometer.PrometheusRules:\n")
        .append("# change the SLOs and generate again rather than editing this file.\n")
        .append("# ")
        .append(ERROR_RATIO_RECORD)
        .append("<w>: (valid - good) / valid events over w,\n")
        .append("#   summed over every instance, from ")
        .append(SloMeterNames.PROMETHEUS_SLO_VALID)
        .append(" and ")
        .append(SloMeterNames.PROMETHEUS_SLO_GOOD)
        .append(".\n")
        .append("# ")
        .append(BUDGET_REMAINING_RECORD)
        .append(": 1 - error ratio over the SLO window / (1 - objective).\n")
        .append("# ")
        .append(BUDGET_EXHAUSTION_RECORD)
        .append("{window=1h|6h}: seconds until that budget is spent at the burn rate\n")
        .append("#   over the window, W * r / (b - (1 - r)); absent when b <= 1 or r <= 0.\n")
        .append("# ")
        .append(NO_DATA_ALERT_NAME)
        .append(": no valid event over ")
        .append(promDuration(noDataFor))
        .append(" (the series absent, or present with a rate of 0).\n")
        .append("# ")
        .append(ALERT_NAME)
        .append(": multi-window, multi-burn-rate (")
        .append(rules)
        .append(");\n")
        .append(
            "#   a rule holds when the error ratio over both windows is >= factor * (1 -"
                + " objective)")
        .append(
            minValidEvents > 0
                ? "\n#   and the long window saw at least " + minValidEvents + " valid events.\n"
                : ".\n")
        .append("# ")
        .append(LATENCY_RECORD)
        .append("<q>_rate5m: the fleet's latency percentile q per endpoint,\n")
        .append("#   histogram_quantile over ")
        .append(SloMeterNames.PROMETHEUS_ENDPOINT_DURATION_BUCKETS)
        .append(" summed over every instance.\n");
  }

  /** Fleet p50, p90 and p99 per endpoint, from the bucket rates summed over instances. */
  private static void latencyGroup(StringBuilder out) {
    out.append("  - name: sre4j-latency\n").append("    rules:\n");
    for (int percentile : LATENCY_PERCENTILES) {
      out.append("      - record: ")
          .append(latencyRecord(percentile))
          .append('\n')
          .append("        expr: histogram_quantile(0.")
          .append(percentile)
          .append(", sum by (le, method, route) (rate(")
          .append(SloMeterNames.PROMETHEUS_ENDPOINT_DURATION_BUCKET)
          .append("[5m])))\n");
    }
  }

  private void group(StringBuilder out, SloSpec slo) {
    String selector = "{slo=\"" + slo.name() + "\"}";
    String objective = number(slo.objective());
    out.append("  - name: sre4j-slo-").append(slo.name()).append('\n');
    out.append("    rules:\n");

    Set<Duration> windows = new TreeSet<>();
    for (AlertRule rule : alertRules) {
      windows.add(rule.shortWindow());
      windows.add(rule.longWindow());
    }
    Duration rolling = slo.window() instanceof SloWindow.Rolling r ? r.length() : null;
    boolean budgetRecord = rolling != null && slo.budgeting() instanceof Budgeting.Occurrences;
    if (budgetRecord) {
      windows.add(rolling);
      windows.addAll(SloStatus.FORECAST_LOOKBACKS);
    }
    for (Duration window : windows) {
      String range = "[" + promDuration(window) + "]";
      out.append("      - record: ")
          .append(errorRatioRecord(window))
          .append('\n')
          .append("        expr: |-\n")
          .append("          (\n")
          .append("            sum by (slo) (rate(")
          .append(SloMeterNames.PROMETHEUS_SLO_VALID)
          .append(selector)
          .append(range)
          .append("))\n")
          .append("            -\n")
          .append("            sum by (slo) (rate(")
          .append(SloMeterNames.PROMETHEUS_SLO_GOOD)
          .append(selector)
          .append(range)
          .append("))\n")
          .append("          )\n")
          .append("          /\n")
          .append("          sum by (slo) (rate(")
          .append(SloMeterNames.PROMETHEUS_SLO_VALID)
          .append(selector)
          .append(range)
          .append("))\n")
          .append("        labels:\n")
          .append("          slo: ")
          .append(slo.name())
          .append('\n');
    }

    if (rolling == null) {
      SloWindow.Calendar calendar = (SloWindow.Calendar) slo.window();
      out.append("      # No ")
          .append(BUDGET_REMAINING_RECORD)
          .append(" rule: the SLO's window is the calendar ")
          .append(calendar.describe())
          .append(" (")
          .append(calendar.zone().getId())
          .append("),\n")
          .append(
              "      # and a PromQL range cannot start at the period's start. Each instance's own"
                  + " figure is\n")
          .append("      # ")
          .append(SloMeterNames.PROMETHEUS_SLO_BUDGET_REMAINING)
          .append(selector)
          .append(".\n");
    } else if (slo.budgeting() instanceof Budgeting.Timeslices slices) {
      out.append("      # No ")
          .append(BUDGET_REMAINING_RECORD)
          .append(" rule: the SLO is budgeted by ")
          .append(promDuration(slices.slice()))
          .append(" time slices,\n")
          .append("      # not by the ratio of two counters. Each instance's own figure is\n")
          .append("      # ")
          .append(SloMeterNames.PROMETHEUS_SLO_BUDGET_REMAINING)
          .append(selector)
          .append(".\n");
    } else {
      out.append("      - record: ")
          .append(BUDGET_REMAINING_RECORD)
          .append('\n')
          .append("        expr: 1 - ")
          .append(errorRatioRecord(rolling))
          .append(selector)
          .append(" / (1 - ")
          .append(objective)
          .append(")\n")
          .append("        labels:\n")
          .append("          slo: ")
          .append(slo.name())
          .append('\n')
          .append("          window: ")
          .append(promDuration(rolling))
          .append('\n');
      for (Duration lookback : SloStatus.FORECAST_LOOKBACKS) {
        forecast(out, slo, selector, objective, rolling, lookback);
      }
    }

    Map<String, List<AlertRule>> bySeverity = new LinkedHashMap<>();
    for (AlertRule rule : alertRules) {
      bySeverity.computeIfAbsent(rule.severity(), s -> new ArrayList<>()).add(rule);
    }
    for (Map.Entry<String, List<AlertRule>> entry : bySeverity.entrySet()) {
      alert(out, slo, selector, objective, entry.getKey(), entry.getValue());
    }
    noData(out, slo, selector);
  }

  /**
   * The exhaustion forecast over one lookback: {@code W × r / (b − (1 − r))} seconds, with W the
   * rolling window, r the budget left and b the burn rate over the lookback; only while b > 1 and
   * r > 0 (the core's {@code SloStatus.exhaustion}, same model).
   */
  private static void forecast(StringBuilder out, SloSpec slo, String selector, String objective,
      Duration rolling, Duration lookback) {
    String remaining = BUDGET_REMAINING_RECORD + selector;
    String ratio = errorRatioRecord(lookback) + selector;
    out.append("      - record: ")
        .append(BUDGET_EXHAUSTION_RECORD)
        .append('\n')
        .append("        expr: |-\n")
        .append("          ")
        .append(rolling.toSeconds())
        .append(" * ")
        .append(remaining)
        .append('\n')
        .append("          / on (slo)\n")
        .append("          (")
        .append(ratio)
        .append(" / (1 - ")
        .append(objective)
        .append(") - 1 + on (slo) ")
        .append(remaining)
        .append(")\n")
        .append("          and on (slo) ")
        .append(ratio)
        .append(" > (1 - ")
        .append(objective)
        .append(")\n")
        .append("          and on (slo) ")
        .append(remaining)
        .append(" > 0\n")
        .append("        labels:\n")
        .append("          slo: ")
        .append(slo.name())
        .append('\n')
        .append("          window: ")
        .append(promDuration(lookback))
        .append('\n');
  }

  /**
   * {@value #NO_DATA_ALERT_NAME}: the valid-events series absent over the span, or present at its
   * start with no valid event in it (a rate of 0: no increase, restarts included).
   */
  private void noData(StringBuilder out, SloSpec slo, String selector) {
    String span = promDuration(noDataFor);
    String series = SloMeterNames.PROMETHEUS_SLO_VALID + selector;
    out.append("      - alert: ")
        .append(NO_DATA_ALERT_NAME)
        .append('\n')
        .append("        expr: |-\n")
        .append("          absent_over_time(")
        .append(series)
        .append('[')
        .append(span)
        .append("])\n")
        .append("          or\n")
        .append("          (\n")
        .append("            sum by (slo) (rate(")
        .append(series)
        .append('[')
        .append(span)
        .append("])) == 0\n")
        .append("            and on (slo)\n")
        .append("            count by (slo) (")
        .append(series)
        .append(" offset ")
        .append(span)
        .append(")\n")
        .append("          )\n")
        .append("        labels:\n")
        .append("          severity: ")
        .append(noDataSeverity)
        .append('\n')
        .append("          slo: ")
        .append(slo.name())
        .append('\n')
        .append("        annotations:\n")
        .append("          summary: ")
        .append(quote("SLO " + slo.name() + " has no data"))
        .append('\n')
        .append("          description: ")
        .append(
            quote(
                "No valid event of SLO "
                    + slo.name()
                    + " over the last "
                    + span
                    + ": every instance stopped being scraped, the metric was renamed, or the"
                    + " service receives no traffic. Burn-rate alerts cannot fire without data."))
        .append('\n')
        .append("          runbook_url: ")
        .append(quote(runbookUrl(slo.name())))
        .append('\n');
  }

  private void alert(
      StringBuilder out,
      SloSpec slo,
      String selector,
      String objective,
      String severity,
      List<AlertRule> rules) {
    out.append("      - alert: ").append(ALERT_NAME).append('\n').append("        expr: |-\n");
    StringBuilder description = new StringBuilder("Burn rate");
    for (int i = 0; i < rules.size(); i++) {
      AlertRule rule = rules.get(i);
      String threshold = "(" + number(rule.factor()) + " * (1 - " + objective + "))";
      if (i > 0) {
        out.append("          or on (slo)\n");
        description.append(", or");
      }
      out.append("          (\n")
          .append("            ")
          .append(errorRatioRecord(rule.longWindow()))
          .append(selector)
          .append(" >= ")
          .append(threshold)
          .append('\n')
          .append("            and on (slo)\n")
          .append("            ")
          .append(errorRatioRecord(rule.shortWindow()))
          .append(selector)
          .append(" >= ")
          .append(threshold)
          .append('\n');
      if (minValidEvents > 0) {
        out.append("            and on (slo)\n")
            .append("            sum by (slo) (increase(")
            .append(SloMeterNames.PROMETHEUS_SLO_VALID)
            .append(selector)
            .append('[')
            .append(promDuration(rule.longWindow()))
            .append("])) >= ")
            .append(minValidEvents)
            .append('\n');
      }
      out.append("          )\n");
      description
          .append(" >= ")
          .append(number(rule.factor()))
          .append(" over ")
          .append(promDuration(rule.longWindow()))
          .append(" and ")
          .append(promDuration(rule.shortWindow()));
    }
    description
        .append("; objective ")
        .append(percent(slo.objective()))
        .append(" over ")
        .append(slo.window().describe())
        .append('.');
    Duration pending = alertFor.get(severity);
    if (pending != null) {
      out.append("        for: ").append(promDuration(pending)).append('\n');
    }
    if (!keepFiringFor.isZero()) {
      out.append("        keep_firing_for: ").append(promDuration(keepFiringFor)).append('\n');
    }
    out.append("        labels:\n")
        .append("          severity: ")
        .append(severity)
        .append('\n')
        .append("          slo: ")
        .append(slo.name())
        .append('\n')
        .append("        annotations:\n")
        .append("          summary: ")
        .append(
            quote("SLO " + slo.name() + " is burning its error budget too fast (" + severity + ")"))
        .append('\n')
        .append("          description: ")
        .append(quote(description.toString()))
        .append('\n')
        .append("          runbook_url: ")
        .append(quote(runbookUrl(slo.name())))
        .append('\n');
  }

  private String runbookUrl(String sloName) {
    char last = runbookBaseUrl.charAt(runbookBaseUrl.length() - 1);
    return last == '/' || last == '#' || last == '='
        ? runbookBaseUrl + sloName
        : runbookBaseUrl + "/" + sloName;
  }

  /**
   * A duration in Prometheus' notation, written by the core's one formatter ({@link
   * ConfigSchema#formatDuration}, as windows are written everywhere, so that record names match
   * the binder's {@code window} tags): {@code 5m}, {@code 30d}, and compound when no single unit
   * fits: {@code 1h30m}. Prometheus has no unit under a millisecond, so the duration is cut to
   * milliseconds; alert and SLO windows are whole minutes anyway. {@code 0s} for zero or less.
   */
  static String promDuration(Duration duration) {
    // whole milliseconds: the one formatter then writes only d h m s ms, which promtool reads
    Duration millis = duration.truncatedTo(ChronoUnit.MILLIS);
    return millis.compareTo(Duration.ZERO) <= 0 ? "0s" : ConfigSchema.formatDuration(millis);
  }

  /** A number as written by people: 14.4, 6, 0.999 (never an exponent). */
  private static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String percent(double ratio) {
    return BigDecimal.valueOf(ratio).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  /** A YAML double-quoted scalar. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * A single-use builder of {@link PrometheusRules}.
   *
   * <p><b>Thread safety:</b> not thread-safe; use from one thread.
   */
  public static final class Builder {
    private List<AlertRule> alertRules = AlertRule.defaults();
    private String runbookBaseUrl = DEFAULT_RUNBOOK_BASE_URL;
    private long minValidEvents = DEFAULT_MIN_VALID_EVENTS;
    private final Map<String, Duration> alertFor = new LinkedHashMap<>();
    private Duration noDataFor = DEFAULT_NO_DATA_FOR;
    private String noDataSeverity = DEFAULT_NO_DATA_SEVERITY;
    private Duration keepFiringFor = Duration.ZERO;

    private Builder() {
      alertFor.put(AlertRule.PAGE, DEFAULT_PAGE_FOR);
    }

    /**
     * @param rules the multi-window burn-rate rules, at least one; {@link AlertRule#defaults()} by
     *     default. Use the same rules as the SLO registry so both alert alike.
     * @return this builder
     * @throws IllegalArgumentException if {@code rules} is empty
     */
    public Builder alertRules(List<AlertRule> rules) {
      Objects.requireNonNull(rules, "rules");
      if (rules.isEmpty()) {
        throw new IllegalArgumentException("alertRules must hold at least one rule but was empty");
      }
      this.alertRules = List.copyOf(rules);
      return this;
    }

    /**
     * @param baseUrl an absolute http or https URL; each alert's {@code runbook_url} is it followed
     *     by {@code /} and the SLO's name (no {@code /} when it ends with {@code /}, {@code #} or
     *     {@code =}); {@value PrometheusRules#DEFAULT_RUNBOOK_BASE_URL} by default
     * @return this builder
     * @throws IllegalArgumentException if {@code baseUrl} is not an absolute http(s) URL
     */
    public Builder runbookBaseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      URI uri;
      try {
        uri = new URI(baseUrl);
      } catch (URISyntaxException e) {
        uri = null;
      }
      if (uri == null
          || uri.getScheme() == null
          || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException(
            "runbookBaseUrl must be an absolute http(s) URL but was " + baseUrl);
      }
      this.runbookBaseUrl = baseUrl;
      return this;
    }

    /**
     * @param minValidEvents the low-traffic guard: a rule holds only when its long window saw at
     *     least this many valid events over the fleet; 0 (no guard) to 1,000,000,000; {@value
     *     PrometheusRules#DEFAULT_MIN_VALID_EVENTS} by default, as in the core
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder minValidEvents(long minValidEvents) {
      if (minValidEvents < 0 || minValidEvents > 1_000_000_000L) {
        throw new IllegalArgumentException(
            "minValidEvents must be between 0 and 1000000000 but was " + minValidEvents);
      }
      this.minValidEvents = minValidEvents;
      return this;
    }

    /**
     * @param severity an alert severity, such as {@code page}
     * @param pending how long the alert's condition must hold before it fires, in whole seconds, 0
     *     (fire at once: no {@code for:}) to 1 day; {@code 2m} for {@code page} and none for other
     *     severities by default
     * @return this builder
     * @throws IllegalArgumentException if {@code pending} is negative, over a day or not whole
     *     seconds
     */
    public Builder alertFor(String severity, Duration pending) {
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(pending, "pending");
      if (pending.isNegative()
          || pending.compareTo(Duration.ofDays(1)) > 0
          || pending.toNanos() % 1_000_000_000L != 0) {
        throw new IllegalArgumentException(
            "alertFor." + severity + " must be whole seconds between 0s and 1d but was " + pending);
      }
      if (pending.isZero()) {
        alertFor.remove(severity);
      } else {
        alertFor.put(severity, pending);
      }
      return this;
    }

    /**
     * @param span how long the SLO must go without a valid event over the fleet before {@value
     *     PrometheusRules#NO_DATA_ALERT_NAME} fires (the config key {@code alert.no-data-for}), in
     *     whole seconds, 1 minute to 1 day; {@code 15m} by default
     * @return this builder
     * @throws IllegalArgumentException if {@code span} is under a minute, over a day or not whole
     *     seconds
     */
    public Builder noDataFor(Duration span) {
      Objects.requireNonNull(span, "span");
      if (span.compareTo(Duration.ofMinutes(1)) < 0
          || span.compareTo(Duration.ofDays(1)) > 0
          || span.toNanos() % 1_000_000_000L != 0) {
        throw new IllegalArgumentException(
            "noDataFor must be whole seconds between 1m and 1d but was " + span);
      }
      this.noDataFor = span;
      return this;
    }

    /**
     * @param severity the {@code severity} label of {@value PrometheusRules#NO_DATA_ALERT_NAME},
     *     letters, digits, {@code -} and {@code _}; {@value
     *     PrometheusRules#DEFAULT_NO_DATA_SEVERITY} by default
     * @return this builder
     * @throws IllegalArgumentException if {@code severity} is empty or holds another character
     */
    public Builder noDataSeverity(String severity) {
      Objects.requireNonNull(severity, "severity");
      if (!severity.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException(
            "noDataSeverity must be letters, digits, - and _ but was \"" + severity + "\"");
      }
      this.noDataSeverity = severity;
      return this;
    }

    /**
     * @param span how long a burn-rate alert keeps firing once its condition stopped holding (the
     *     config key {@code alert.keep-firing-for}, Prometheus' {@code keep_firing_for:}, which
     *     needs Prometheus 2.42 or later), in whole seconds, 0 to 1 day; 0 by default (no {@code
     *     keep_firing_for:}: the alert resolves at the first evaluation its condition fails)
     * @return this builder
     * @throws IllegalArgumentException if {@code span} is negative, over a day or not whole seconds
     */
    public Builder keepFiringFor(Duration span) {
      Objects.requireNonNull(span, "span");
      if (span.isNegative()
          || span.compareTo(Duration.ofDays(1)) > 0
          || span.toNanos() % 1_000_000_000L != 0) {
        throw new IllegalArgumentException(
            "keepFiringFor must be whole seconds between 0s and 1d but was " + span);
      }
      this.keepFiringFor = span;
      return this;
    }

    /**
     * @return the rules generator
     */
    public PrometheusRules build() {
      return new PrometheusRules(this);
    }
  }
}
