package io.sre4j.cli;

import io.sre4j.core.AlertRule;
import io.sre4j.core.Budgeting;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloWindow;
import io.sre4j.micrometer.PrometheusRules;
import io.sre4j.micrometer.SloMeterNames;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Grafana dashboard (JSON model, schema version {@value #SCHEMA_VERSION}) for the SLOs of a
 * config, over the meters {@link io.sre4j.micrometer.SloMeterBinder} exports and the records of
 * {@link PrometheusRules}: per SLO a row with the SLI and its objective, the error budget left
 * (each instance's, the fleet's record, and the exhaustion forecast record), the burn rate over
 * every alert window and the burn alerts' state; then a row with the fleet's p50 and p99 and the
 * request rate of every endpoint, from the latency histogram.
 *
 * <p>Template variables: {@code datasource} (a Prometheus data source), {@code service} (the
 * Prometheus {@code job} label) and {@code instance}; the expressions over raw meters filter on
 * both, the fleet records (summed over every instance by the rules) do not.
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> one string built per call.
 */
final class GrafanaDashboard {

  /** The schema version of the JSON model: Grafana 11's. */
  static final int SCHEMA_VERSION = 39;

  /** The selector of the service and instance template variables. */
  static final String FILTER = "job=~\"$service\",instance=~\"$instance\"";

  private static final String DATASOURCE = "{\"type\":\"prometheus\",\"uid\":\"${datasource}\"}";

  private final String service;
  private final List<SloSpec> slos;
  private final List<AlertRule> alertRules;

  /**
   * @param service the config's service, for the title and uid
   * @param slos the SLOs, one row each
   * @param alertRules the alert rules, whose windows the burn-rate panel shows
   */
  GrafanaDashboard(String service, List<SloSpec> slos, List<AlertRule> alertRules) {
    this.service = service;
    this.slos = List.copyOf(slos);
    this.alertRules = List.copyOf(alertRules);
  }

  /** One panel's query: a PromQL expression and its legend. */
  record Target(String expr, String legend) {}

  /** One panel, before it is written. */
  record Panel(String type, String title, String description, String unit, int x, int y, int w,
      int h, List<Target> targets) {}

  /** Every panel, rows included (rows have no target), in layout order. */
  List<Panel> panels() {
    List<Panel> out = new ArrayList<>();
    int y = 0;
    for (SloSpec slo : slos) {
      String name = slo.name();
      String sel = "slo=\"" + name + "\"," + FILTER;
      String objective = number(slo.objective());
      out.add(new Panel("row", "SLO " + name, "", "", 0, y, 24, 1, List.of()));
      y++;
      out.add(new Panel("timeseries", name + ": SLI and objective",
          "Good / valid events over 5m, summed over the selected instances, and the objective.",
          "percentunit", 0, y, 8, 8, List.of(
              new Target("sum(rate(" + SloMeterNames.PROMETHEUS_SLO_GOOD + "{" + sel + "}[5m]))"
                  + " / sum(rate(" + SloMeterNames.PROMETHEUS_SLO_VALID + "{" + sel + "}[5m]))",
                  "SLI (5m)"),
              new Target("max(" + SloMeterNames.PROMETHEUS_SLO_OBJECTIVE + "{" + sel + "})",
                  "objective"))));
      List<Target> budget = new ArrayList<>();
      budget.add(new Target(SloMeterNames.PROMETHEUS_SLO_BUDGET_REMAINING + "{" + sel + "}",
          "{{instance}}"));
      boolean fleetBudget = slo.window() instanceof SloWindow.Rolling
          && slo.budgeting() instanceof Budgeting.Occurrences;
      if (fleetBudget) {
        budget.add(new Target(PrometheusRules.BUDGET_REMAINING_RECORD + "{slo=\"" + name + "\"}",
            "fleet"));
      }
      out.add(new Panel("timeseries", name + ": error budget remaining",
          "Error budget left in the compliance window: each instance's"
              + (fleetBudget ? ", and the fleet's (recording rule)" : "")
              + "; below 0 when overspent.",
          "percentunit", 8, y, 8, 8, budget));
      out.add(new Panel("stat", name + ": budget exhaustion forecast",
          "Time until the fleet's error budget is spent at the burn rate of the last 1h and 6h"
              + " (recording rule); no value while the burn rate is at most 1 or the budget is"
              + " already spent.",
          "s", 16, y, 8, 8, List.of(
              new Target(PrometheusRules.BUDGET_EXHAUSTION_RECORD + "{slo=\"" + name + "\"}", "{{window}}"))));
      y += 8;
      List<Target> burns = new ArrayList<>();
      for (Duration window : windows()) {
        String range = "[" + promDuration(window) + "]";
        burns.add(new Target("(1 - sum(rate(" + SloMeterNames.PROMETHEUS_SLO_GOOD + "{" + sel + "}"
            + range + ")) / sum(rate(" + SloMeterNames.PROMETHEUS_SLO_VALID + "{" + sel + "}"
            + range + "))) / (1 - " + objective + ")", promDuration(window)));
      }
      out.add(new Panel("timeseries", name + ": burn rate per alert window",
          "Error ratio over each alert window divided by the error budget (1 - objective): 1"
              + " spends the budget exactly over the compliance window.",
          "none", 0, y, 12, 8, burns));
      out.add(new Panel("timeseries", name + ": alert state",
          "The burn alerts of the rules by severity (1 while pending or firing, labelled with"
              + " alertstate), and each instance's own alert gauge.",
          "none", 12, y, 12, 8, List.of(
              new Target("max by (severity, alertstate) (ALERTS{alertname=\""
                  + PrometheusRules.ALERT_NAME + "\",slo=\"" + name + "\"})",
                  "{{severity}} {{alertstate}} (fleet)"),
              new Target("max by (severity) (" + SloMeterNames.PROMETHEUS_SLO_ALERT + "{" + sel
                  + "})", "{{severity}} (instances)"))));
      y += 8;
    }
    out.add(new Panel("row", "Endpoints", "", "", 0, y, 24, 1, List.of()));
    y++;
    String buckets = "rate(" + SloMeterNames.PROMETHEUS_ENDPOINT_DURATION_BUCKET
        + "{" + FILTER + "}[5m])";
    out.add(new Panel("timeseries", "Latency p50 and p99 per route",
        "From the latency histogram of the selected instances, buckets summed before the"
            + " percentile: exact at each bucket bound, interpolated between.",
        "s", 0, y, 12, 8, List.of(
            new Target("histogram_quantile(0.5, sum by (le, method, route) (" + buckets + "))",
                "{{method}} {{route}} p50"),
            new Target("histogram_quantile(0.99, sum by (le, method, route) (" + buckets + "))",
                "{{method}} {{route}} p99"))));
    out.add(new Panel("timeseries", "Request rate per route",
        "Requests per second over 5m, summed over the selected instances.",
        "reqps", 12, y, 12, 8, List.of(
            new Target("sum by (method, route) (rate("
                + SloMeterNames.PROMETHEUS_ENDPOINT_DURATION + "_count{" + FILTER + "}[5m]))",
                "{{method}} {{route}}"))));
    return out;
  }

  /** The dashboard's JSON model. */
  String render() {
    StringBuilder out = new StringBuilder(8192);
    out.append("{\n");
    field(out, "title", "sre4j: " + service).append(",\n");
    field(out, "uid", uid()).append(",\n");
    out.append("  \"description\": ").append(string("SLOs of " + service
        + ", written by sre4j dashboard: generate again rather than editing.")).append(",\n");
    out.append("  \"tags\": [\"sre4j\", \"slo\"],\n");
    out.append("  \"schemaVersion\": ").append(SCHEMA_VERSION).append(",\n");
    out.append("  \"version\": 1,\n");
    out.append("  \"editable\": true,\n");
    out.append("  \"graphTooltip\": 1,\n");
    out.append("  \"refresh\": \"1m\",\n");
    out.append("  \"time\": {\"from\": \"now-6h\", \"to\": \"now\"},\n");
    out.append("  \"timezone\": \"browser\",\n");
    out.append("  \"templating\": {\"list\": [\n");
    out.append("    {\"name\": \"datasource\", \"label\": \"Data source\", \"type\": \"datasource\","
        + " \"query\": \"prometheus\", \"current\": {}, \"hide\": 0},\n");
    variable(out, "service", "Service", "label_values(" + SloMeterNames.PROMETHEUS_SLOS + ", job)");
    out.append(",\n");
    variable(out, "instance", "Instance",
        "label_values(" + SloMeterNames.PROMETHEUS_SLOS + "{job=~\\\"$service\\\"}, instance)");
    out.append("\n  ]},\n");
    out.append("  \"annotations\": {\"list\": []},\n");
    out.append("  \"panels\": [");
    int id = 1;
    for (Panel panel : panels()) {
      out.append(id == 1 ? "\n" : ",\n");
      panel(out, id++, panel);
    }
    out.append("\n  ]\n}\n");
    return out.toString();
  }

  private static void variable(StringBuilder out, String name, String label, String query) {
    // query is already JSON-escaped
    out.append("    {\"name\": \"").append(name).append("\", \"label\": \"").append(label)
        .append("\", \"type\": \"query\", \"datasource\": ").append(DATASOURCE)
        .append(", \"query\": {\"query\": \"").append(query).append("\", \"refId\": \"")
        .append(name).append("\"}, \"definition\": \"").append(query)
        .append("\", \"refresh\": 2, \"includeAll\": true, \"multi\": true,"
            + " \"allValue\": \".*\", \"current\": {}, \"sort\": 1, \"hide\": 0}");
  }

  private static void panel(StringBuilder out, int id, Panel panel) {
    String pos = "\"gridPos\": {\"h\": " + panel.h() + ", \"w\": " + panel.w() + ", \"x\": "
        + panel.x() + ", \"y\": " + panel.y() + "}";
    if (panel.type().equals("row")) {
      out.append("    {\"id\": ").append(id).append(", \"type\": \"row\", \"title\": ")
          .append(string(panel.title())).append(", \"collapsed\": false, ").append(pos)
          .append(", \"panels\": []}");
      return;
    }
    out.append("    {\n      \"id\": ").append(id).append(",\n      \"type\": \"")
        .append(panel.type()).append("\",\n      \"title\": ").append(string(panel.title()))
        .append(",\n      \"description\": ").append(string(panel.description()))
        .append(",\n      \"datasource\": ").append(DATASOURCE)
        .append(",\n      ").append(pos)
        .append(",\n      \"fieldConfig\": {\"defaults\": {\"unit\": \"").append(panel.unit())
        .append("\"}, \"overrides\": []},\n      \"options\": {},\n      \"targets\": [");
    char refId = 'A';
    for (Target target : panel.targets()) {
      out.append(refId == 'A' ? "\n" : ",\n");
      out.append("        {\"refId\": \"").append(refId++).append("\", \"datasource\": ")
          .append(DATASOURCE).append(", \"expr\": ").append(string(target.expr()))
          .append(", \"legendFormat\": ").append(string(target.legend())).append("}");
    }
    out.append("\n      ]\n    }");
  }

  /** Every window of the alert rules, shortest first. */
  private Set<Duration> windows() {
    Set<Duration> windows = new TreeSet<>();
    for (AlertRule rule : alertRules) {
      windows.add(rule.shortWindow());
      windows.add(rule.longWindow());
    }
    return windows;
  }

  /** A Grafana uid: at most 40 characters of letters, digits, - and _. */
  private String uid() {
    String cleaned = ("sre4j-" + service).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    return cleaned.length() <= 40 ? cleaned : cleaned.substring(0, 40);
  }

  private static StringBuilder field(StringBuilder out, String name, String value) {
    return out.append("  \"").append(name).append("\": ").append(string(value));
  }

  /** A JSON string literal. */
  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A ratio as PromQL writes it: {@code 0.999}. */
  private static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** A window in PromQL: {@code 5m}, {@code 1h}, {@code 3d}. */
  static String promDuration(Duration window) {
    long seconds = window.toSeconds();
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
