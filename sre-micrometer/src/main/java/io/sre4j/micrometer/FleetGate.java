package io.sre4j.micrometer;

import io.sre4j.core.AlertRule;
import io.sre4j.core.Budgeting;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.SloWindow;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The release gate of a fleet: decides as {@link io.sre4j.core.ReleaseGate} does, from the
 * fleet-wide figures Prometheus computes with the rules of {@link PrometheusRules} instead of one
 * instance's counts.
 *
 * <p>Three instant queries per decision, each limited to the gating SLOs:
 *
 * <ol>
 *   <li>{@value PrometheusRules#BUDGET_REMAINING_RECORD}: the budget left over the SLO's rolling
 *       window, over every instance;
 *   <li>the error-ratio records {@code slo:sre4j_slo_errors:ratio_rate<w>} of every alert window
 *       and of the SLO window: the burn rates, {@code ratio / (1 − objective)};
 *   <li>{@code ALERTS{alertname="}{@value PrometheusRules#ALERT_NAME}{@code
 *       ",alertstate="firing"}}: the firing burn-rate alerts, by {@code slo} and {@code severity}.
 * </ol>
 *
 * <p><b>Judgement</b>, per SLO, with the in-process gate's reason texts: budget left at or below
 * zero denies ({@code slo X: error budget exhausted, -12.0% of the error budget left}); a firing
 * {@code page} alert denies ({@code slo X: page alert firing}); budget left under the at-risk
 * threshold is a note. A budget record that is NaN (no valid event over the window) counts as the
 * whole budget left, as the core counts zero events. When several series answer for one SLO (two
 * Prometheus replicas behind one URL, say), the worst figure counts.
 *
 * <p><b>No budget in Prometheus</b>: a calendar window (month, week) or a time-slice budget has no
 * budget record (PromQL cannot express it). Such an SLO is judged by its page alert only, and a
 * note says so; it still needs its error-ratio records to be present, else it is unknown.
 *
 * <p><b>Unknown</b>: Prometheus unreachable, slow, erroring or answering nonsense, or a gating SLO
 * without data (its records absent: rules not loaded, instances not scraped for longer than
 * Prometheus' lookback), or with a budget record over another window than the config's. A
 * decision is {@link Outcome#DENY} when any SLO with data denies, even if others are unknown;
 * else {@link Outcome#UNKNOWN} when any is unknown.
 *
 * <p>Two users: {@code sre4j gate --prometheus}, which prints every figure, and an instance's own
 * {@link io.sre4j.core.ReleaseGate} (and {@code /sre/gate}) when it is configured with {@code
 * gate.prometheus-url}, through {@link PrometheusFleetView}. Applications use the latter, not this
 * class.
 *
 * <p><b>Thread safety:</b> immutable; {@link #decide} may run concurrently. <b>Cost:</b> three
 * HTTP requests per decision; nothing is cached (the instance's gate caches).
 *
 * @since 0.2
 */
public final class FleetGate {

  /** The source named in the gate's answers: {@value}. */
  public static final String SOURCE = "prometheus";

  private static final String RATIO_PREFIX = recordPrefix();

  private final PrometheusClient prometheus;
  private final List<SloSpec> slos;
  private final List<Duration> alertWindows;
  private final double atRiskThreshold;

  /**
   * @param prometheus the client
   * @param slos the gating SLOs, at least one, with unique names
   * @param alertRules the alert rules the Prometheus rules were generated with (their windows name
   *     the error-ratio records)
   * @param atRiskThreshold the budget left under which an SLO is at risk, in (0,1); the core's
   *     {@code policy.at-risk}
   */
  FleetGate(
      PrometheusClient prometheus,
      List<SloSpec> slos,
      List<AlertRule> alertRules,
      double atRiskThreshold) {
    this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
    if (slos.isEmpty()) {
      throw new IllegalArgumentException("slos must hold at least one SLO but was empty");
    }
    this.slos = List.copyOf(slos);
    TreeSet<Duration> windows = new TreeSet<>();
    for (AlertRule rule : alertRules) {
      windows.add(rule.shortWindow());
      windows.add(rule.longWindow());
    }
    this.alertWindows = List.copyOf(windows);
    if (!(atRiskThreshold > 0 && atRiskThreshold < 1)) {
      throw new IllegalArgumentException(
          "atRiskThreshold must be in (0,1) but was " + atRiskThreshold);
    }
    this.atRiskThreshold = atRiskThreshold;
  }

  /**
   * A fleet gate over some SLOs.
   *
   * @param prometheusUrl Prometheus' base URL, as checked by {@link #baseUrl(String, String)}
   * @param authorization the {@code Authorization} header's value, as {@link #authorization(Path,
   *     String)} reads it, if any
   * @param slos the gating SLOs, at least one, with unique names
   * @param alertRules the alert rules the Prometheus rules were generated with
   * @param atRiskThreshold the budget left under which an SLO is at risk, in (0,1)
   * @return the gate; it connects to nothing until {@link #decide}
   * @throws IllegalArgumentException if {@code slos} is empty or {@code atRiskThreshold} is out of
   *     range
   */
  public static FleetGate over(
      URI prometheusUrl,
      Optional<String> authorization,
      List<SloSpec> slos,
      List<AlertRule> alertRules,
      double atRiskThreshold) {
    return new FleetGate(
        new PrometheusClient(prometheusUrl, authorization), slos, alertRules, atRiskThreshold);
  }

  /**
   * Checks Prometheus' base URL: absolute {@code http} or {@code https}, with a host, and no user
   * info, query or fragment; a path (a route prefix such as {@code /prometheus}) is kept.
   *
   * @param setting the setting's name for the message, such as {@code --prometheus}
   * @param text such as {@code http://prometheus:9090}
   * @return the URL
   * @throws IllegalArgumentException if it is not such a URL: {@code <setting> must be an absolute
   *     http(s) URL such as http://prometheus:9090 but was <text>}
   */
  public static URI baseUrl(String setting, String text) {
    return PrometheusClient.baseUrl(setting, text);
  }

  /**
   * Reads a token file: one line, a bearer token, or {@code user:password} for basic auth.
   *
   * @param tokenFile the file; its content never appears in a message
   * @param setting the setting's name for the messages, such as {@code --prometheus-token-file}
   * @return the {@code Authorization} header's value, {@code Bearer ...} or {@code Basic ...}
   * @throws IllegalArgumentException if it cannot be used: {@code cannot read <setting> <file>: no
   *     such file} (or the exception's name), {@code <setting> <file> is not UTF-8 text}, {@code
   *     <setting> <file> is empty}, {@code <setting> <file> must hold one line without spaces: a
   *     bearer token, or user:password}
   */
  public static String authorization(Path tokenFile, String setting) {
    try {
      return PrometheusClient.authorization(tokenFile);
    } catch (PrometheusClient.BadToken e) {
      String named = setting + " " + tokenFile;
      throw new IllegalArgumentException(
          switch (e.problem) {
            case NO_SUCH_FILE, UNREADABLE -> "cannot read " + named + ": " + e.getMessage();
            case NOT_UTF8 -> named + " is not UTF-8 text";
            case EMPTY -> named + " is empty";
            case NOT_ONE_WORD -> named
                + " must hold one line without spaces: a bearer token, or user:password";
          });
    }
  }

  /** What the gate says. */
  public enum Outcome {
    /** Every gating SLO has data and none denies. */
    ALLOW,
    /** A gating SLO has exhausted its budget or is paging. */
    DENY,
    /** None denies, but Prometheus cannot say for at least one gating SLO. */
    UNKNOWN;

    /** @return {@code allow}, {@code deny} or {@code unknown} */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The fleet's figures of one SLO.
   *
   * @param slo the SLO's name
   * @param objective its objective, in (0,1)
   * @param window its window as configured, such as {@code 30d} or {@code month}
   * @param budgetJudged whether Prometheus has a budget record for it (rolling window, budgeted by
   *     occurrences)
   * @param budgetRemaining the budget left over the window, below zero when overspent; NaN when not
   *     judged or unknown
   * @param errorRatios the error ratio per window, alert windows and the SLO's rolling window, as
   *     read; NaN when there was no traffic in the window; windows without a record are absent
   * @param firing the severities of the firing burn-rate alerts, sorted
   * @param budgetState {@code healthy}, {@code at_risk}, {@code exhausted}, {@code not_judged} (no
   *     budget record) or {@code unknown} (no data)
   * @param unknown why it cannot be judged, if it cannot
   * @since 0.2
   */
  public record SloFigures(
      String slo,
      double objective,
      String window,
      boolean budgetJudged,
      double budgetRemaining,
      SortedMap<Duration, Double> errorRatios,
      List<String> firing,
      String budgetState,
      Optional<String> unknown) {

    /** Copies the collections. */
    public SloFigures {
      errorRatios = Collections.unmodifiableSortedMap(new TreeMap<>(errorRatios));
      firing = List.copyOf(firing);
    }

    /** @return whether a {@code page} alert is firing */
    public boolean paging() {
      return firing.contains(AlertRule.PAGE);
    }

    /**
     * @param errorRatio an error ratio of this SLO
     * @return the burn rate, {@code errorRatio / (1 − objective)}
     */
    public double burnRate(double errorRatio) {
      return errorRatio / (1 - objective);
    }
  }

  /**
   * A decision.
   *
   * @param time when it was decided
   * @param outcome allow, deny or unknown
   * @param reasons why it denies (the in-process gate's texts); empty unless it denies
   * @param notes what is worth knowing but does not deny
   * @param unknowns why it cannot decide, for the whole gate or per SLO
   * @param slos the figures of each gating SLO, in the order given
   * @since 0.2
   */
  public record Verdict(
      Instant time,
      Outcome outcome,
      List<String> reasons,
      List<String> notes,
      List<String> unknowns,
      List<SloFigures> slos) {
    /** Checks and copies the fields. */
    public Verdict {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(outcome, "outcome");
      reasons = List.copyOf(reasons);
      notes = List.copyOf(notes);
      unknowns = List.copyOf(unknowns);
      slos = List.copyOf(slos);
    }

    /**
     * This decision as one JSON object (no line end), the document {@code sre4j gate --prometheus
     * --json} prints: {@code ts}, {@code source}, {@code prometheus}, {@code allowed}, {@code
     * decision}, {@code on_unknown}, {@code reasons}, {@code notes}, {@code unknowns} and per SLO
     * its objective, window, budget state and remaining, error ratios and burn rates per window,
     * the alerts firing and what is unknown. A figure Prometheus did not give is {@code null}.
     *
     * <p><b>Cost:</b> one string of about half a kilobyte per SLO.
     *
     * @param prometheusUrl the Prometheus asked, as given
     * @param allowed whether the caller lets the release go (an unknown outcome is the caller's
     *     call, see {@code onUnknown})
     * @param onUnknown what the caller does when the outcome is unknown, as given
     * @return the JSON object
     */
    public String toJson(String prometheusUrl, boolean allowed, String onUnknown) {
      StringBuilder out = new StringBuilder(512);
      out.append("{\"ts\":");
      PromJson.quote(out, time.toString());
      out.append(",\"source\":");
      PromJson.quote(out, SOURCE);
      out.append(",\"prometheus\":");
      PromJson.quote(out, prometheusUrl);
      out.append(",\"allowed\":").append(allowed);
      out.append(",\"decision\":");
      PromJson.quote(out, outcome.label());
      out.append(",\"on_unknown\":");
      PromJson.quote(out, onUnknown);
      strings(out, "reasons", reasons);
      strings(out, "notes", notes);
      strings(out, "unknowns", unknowns);
      out.append(",\"slos\":[");
      boolean first = true;
      for (SloFigures slo : slos) {
        out.append(first ? "" : ",").append("{\"slo\":");
        first = false;
        PromJson.quote(out, slo.slo());
        out.append(",\"objective\":").append(number(slo.objective()));
        out.append(",\"window\":");
        PromJson.quote(out, slo.window());
        out.append(",\"budget_state\":");
        PromJson.quote(out, slo.budgetState());
        out.append(",\"budget_judged\":").append(slo.budgetJudged());
        out.append(",\"budget_remaining\":").append(number(slo.budgetRemaining()));
        out.append(",\"error_ratios\":[");
        boolean firstRatio = true;
        for (Map.Entry<Duration, Double> ratio : slo.errorRatios().entrySet()) {
          out.append(firstRatio ? "" : ",").append("{\"window\":");
          firstRatio = false;
          PromJson.quote(out, promWindow(ratio.getKey()));
          out.append(",\"error_ratio\":").append(number(ratio.getValue()));
          out.append(",\"burn_rate\":").append(number(slo.burnRate(ratio.getValue())));
          out.append('}');
        }
        out.append(']');
        strings(out, "firing", slo.firing());
        out.append(",\"paging\":").append(slo.paging());
        if (slo.unknown().isPresent()) {
          out.append(",\"unknown\":");
          PromJson.quote(out, slo.unknown().get());
        }
        out.append('}');
      }
      return out.append("]}").toString();
    }

    private static void strings(StringBuilder out, String name, List<String> values) {
      out.append(",\"").append(name).append("\":[");
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        PromJson.quote(out, values.get(i));
      }
      out.append(']');
    }

    private static String number(double value) {
      return Double.isFinite(value) ? String.valueOf(value).toLowerCase(Locale.ROOT) : "null";
    }
  }

  /**
   * Decides now from Prometheus' figures.
   *
   * @param now the decision's time, reported as is
   * @param deadlineNanos the {@link System#nanoTime()} by which every query must be answered
   * @return the decision; {@link Outcome#UNKNOWN} with the reason when Prometheus cannot answer
   * @throws InterruptedException if interrupted while waiting for Prometheus
   */
  public Verdict decide(Instant now, long deadlineNanos) throws InterruptedException {
    String selector = "slo=~\"" + slos.stream().map(SloSpec::name).collect(Collectors.joining("|"))
        + "\"";
    List<PrometheusClient.Sample> budgets;
    List<PrometheusClient.Sample> ratios;
    List<PrometheusClient.Sample> alerts;
    try {
      budgets =
          prometheus.query(
              PrometheusRules.BUDGET_REMAINING_RECORD + "{" + selector + "}", deadlineNanos);
      ratios =
          prometheus.query(
              "{__name__=~\"" + RATIO_PREFIX + ".+\"," + selector + "}", deadlineNanos);
      alerts =
          prometheus.query(
              "ALERTS{alertname=\""
                  + PrometheusRules.ALERT_NAME
                  + "\",alertstate=\"firing\","
                  + selector
                  + "}",
              deadlineNanos);
    } catch (PrometheusClient.Unavailable e) {
      String why = Objects.requireNonNull(e.getMessage()); // Unavailable always has one
      List<SloFigures> figures = new ArrayList<>();
      for (SloSpec slo : slos) {
        figures.add(unknown(slo, why));
      }
      return new Verdict(now, Outcome.UNKNOWN, List.of(), List.of(), List.of(why), figures);
    }

    Map<String, List<PrometheusClient.Sample>> budgetBySlo = bySlo(budgets);
    Map<String, List<PrometheusClient.Sample>> ratiosBySlo = bySlo(ratios);
    Map<String, List<PrometheusClient.Sample>> alertsBySlo = bySlo(alerts);
    List<String> reasons = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> unknowns = new ArrayList<>();
    List<SloFigures> figures = new ArrayList<>();
    for (SloSpec slo : slos) {
      SloFigures one =
          judge(
              slo,
              budgetBySlo.getOrDefault(slo.name(), List.of()),
              ratiosBySlo.getOrDefault(slo.name(), List.of()),
              alertsBySlo.getOrDefault(slo.name(), List.of()),
              notes);
      figures.add(one);
      if (one.unknown().isPresent()) {
        unknowns.add(one.unknown().get());
        continue;
      }
      String left = left(one.budgetRemaining());
      if (one.budgetJudged() && one.budgetRemaining() <= 0) {
        reasons.add("slo " + slo.name() + ": error budget exhausted, " + left);
      }
      if (one.paging()) {
        reasons.add("slo " + slo.name() + ": page alert firing");
      }
      if (one.budgetState().equals(BudgetState.AT_RISK.label()) && !one.paging()) {
        notes.add("slo " + slo.name() + ": at risk, " + left);
      }
    }
    Outcome outcome =
        !reasons.isEmpty()
            ? Outcome.DENY
            : !unknowns.isEmpty() ? Outcome.UNKNOWN : Outcome.ALLOW;
    return new Verdict(now, outcome, reasons, notes, unknowns, figures);
  }

  private SloFigures judge(
      SloSpec slo,
      List<PrometheusClient.Sample> budget,
      List<PrometheusClient.Sample> ratios,
      List<PrometheusClient.Sample> alerts,
      List<String> notes) {
    Duration rolling = slo.window() instanceof SloWindow.Rolling r ? r.length() : null;
    boolean budgeted = rolling != null && slo.budgeting() instanceof Budgeting.Occurrences;

    Map<String, Duration> windowByRecord = new HashMap<>();
    for (Duration window : alertWindows) {
      windowByRecord.put(PrometheusRules.errorRatioRecord(window), window);
    }
    if (rolling != null && budgeted) {
      windowByRecord.put(PrometheusRules.errorRatioRecord(rolling), rolling);
    }
    SortedMap<Duration, Double> errorRatios = new TreeMap<>();
    for (PrometheusClient.Sample sample : ratios) {
      Duration window = windowByRecord.get(sample.label("__name__"));
      if (window != null) {
        errorRatios.merge(window, sample.value(), FleetGate::worseRatio);
      }
    }
    List<String> firing =
        alerts.stream().map(sample -> sample.label("severity")).filter(s -> !s.isEmpty())
            .distinct().sorted().toList();

    String name = slo.name();
    if (!budgeted) {
      if (errorRatios.isEmpty()) {
        return unknown(slo, noData(name, RATIO_PREFIX + "<window>"));
      }
      notes.add(
          "slo "
              + name
              + ": judged by its page alert only: "
              + (rolling == null
                  ? "a calendar window (" + slo.window().describe() + ")"
                  : "a time-slice budget")
              + " has no fleet-wide budget in prometheus");
      return new SloFigures(name, slo.objective(), slo.window().describe(), false, Double.NaN,
          errorRatios, firing, "not_judged", Optional.empty());
    }
    if (budget.isEmpty()) {
      return unknown(slo, noData(name, PrometheusRules.BUDGET_REMAINING_RECORD));
    }
    String expectedWindow = promWindow(Objects.requireNonNull(rolling)); // budgeted
    double remaining = Double.NaN;
    for (PrometheusClient.Sample sample : budget) {
      String window = sample.label("window");
      if (!window.equals(expectedWindow)) {
        return unknown(
            slo,
            "slo "
                + name
                + ": prometheus' budget record is over "
                + (window.isEmpty() ? "no window" : window)
                + " but the config says "
                + expectedWindow
                + "; generate the rules again with 'sre4j rules'");
      }
      remaining = Double.isNaN(remaining) ? sample.value() : Math.min(remaining, sample.value());
    }
    if (Double.isNaN(remaining)) {
      remaining = 1.0; // no valid event over the window: the core's compliance of zero events
      notes.add("slo " + name + ": no valid events over " + expectedWindow + " in prometheus");
    }
    boolean paging = firing.contains(AlertRule.PAGE);
    BudgetState state =
        remaining <= 0
            ? BudgetState.EXHAUSTED
            : remaining < atRiskThreshold || paging ? BudgetState.AT_RISK : BudgetState.HEALTHY;
    return new SloFigures(name, slo.objective(), slo.window().describe(), true, remaining,
        errorRatios, firing, state.label(), Optional.empty());
  }

  private static SloFigures unknown(SloSpec slo, String why) {
    return new SloFigures(slo.name(), slo.objective(), slo.window().describe(),
        slo.window() instanceof SloWindow.Rolling
            && slo.budgeting() instanceof Budgeting.Occurrences,
        Double.NaN, new TreeMap<>(), List.of(), "unknown", Optional.of(why));
  }

  private static String noData(String slo, String record) {
    return "slo "
        + slo
        + ": no data in prometheus: no "
        + record
        + " series (load the rules of 'sre4j rules' and check that the instances are scraped)";
  }

  /**
   * The in-process gate's wording of a budget left.
   *
   * @param budgetRemaining the budget left, 1 for all of it, below 0 when overspent
   * @return such as {@code 26.7% of the error budget left}
   */
  public static String left(double budgetRemaining) {
    return String.format(Locale.ROOT, "%.1f%% of the error budget left", 100 * budgetRemaining);
  }

  private static double worseRatio(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
  }

  private static Map<String, List<PrometheusClient.Sample>> bySlo(
      List<PrometheusClient.Sample> samples) {
    Map<String, List<PrometheusClient.Sample>> out = new HashMap<>();
    for (PrometheusClient.Sample sample : samples) {
      out.computeIfAbsent(sample.label("slo"), s -> new ArrayList<>()).add(sample);
    }
    return out;
  }

  /**
   * A window as the rules name it.
   *
   * @param window a window, at least 1 s
   * @return such as {@code 5m}, {@code 30d}, {@code 1h30m}
   */
  public static String promWindow(Duration window) {
    return PrometheusRules.errorRatioRecord(window).substring(RATIO_PREFIX.length());
  }

  private static String recordPrefix() {
    String fiveMinutes = PrometheusRules.errorRatioRecord(Duration.ofMinutes(5));
    return fiveMinutes.substring(0, fiveMinutes.length() - "5m".length());
  }
}
