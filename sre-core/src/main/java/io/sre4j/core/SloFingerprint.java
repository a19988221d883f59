package io.sre4j.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What makes an SLO's good and valid counts meaningful, as {@code key=value} lines: the SLI kind,
 * latency threshold and judge-failures, the window, the budgeting and slice settings, the route
 * and method selectors and the status classification. Counts restored from a state file are used
 * only when the fingerprint is unchanged. The objective is not part of it: good and valid counts
 * do not depend on it, so a changed objective keeps the counts and re-judges them.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> a few small strings.
 */
final class SloFingerprint {

  private SloFingerprint() {}

  static String of(SloSpec spec) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("sli", spec.sli().kind());
    if (spec.sli() instanceof Sli.Latency latency) {
      fields.put("threshold", Long.toString(latency.threshold().toNanos()) + "ns");
      fields.put("judge-failures", Boolean.toString(latency.judgeFailures()));
    }
    fields.put("window", spec.window().describe());
    if (spec.window() instanceof SloWindow.Calendar calendar) {
      fields.put("time-zone", calendar.zone().getId());
    }
    if (spec.budgeting() instanceof Budgeting.Timeslices slices) {
      fields.put("budgeting", "timeslices");
      fields.put("slice", slices.slice().toMillis() + "ms");
      fields.put("slice-target", Double.toString(slices.sliceTarget()));
    } else {
      fields.put("budgeting", "occurrences");
    }
    fields.put("routes", String.join(",", spec.endpoints().routes()));
    fields.put("methods", String.join(",", new TreeSet<>(spec.endpoints().methods())));
    fields.put("exclude", String.join(",", spec.endpoints().excludedRoutes()));
    if (spec.endpoints().includeUnmatched()) {
      fields.put("unmatched", "include");
    }
    fields.put("bad-statuses", String.join(",", spec.classifier().badStatuses()));
    fields.put("excluded-statuses", String.join(",", spec.classifier().excludedStatuses()));
    StringBuilder out = new StringBuilder();
    fields.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
    return out.toString();
  }

  /**
   * Names what differs between two fingerprints, for the warning: {@code "threshold 800000000ns ->
   * 500000000ns"}; fields only in one of them show {@code (none)} on the other side.
   */
  static String changes(String before, String after) {
    Map<String, String> old = parse(before);
    Map<String, String> now = parse(after);
    List<String> changed = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(old.keySet());
    keys.addAll(now.keySet());
    for (String key : keys) {
      String a = old.getOrDefault(key, "(none)");
      String b = now.getOrDefault(key, "(none)");
      if (!a.equals(b)) {
        changed.add(key + " " + a + " -> " + b);
      }
    }
    return String.join("; ", changed);
  }

  private static Map<String, String> parse(String fingerprint) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : fingerprint.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return fields;
  }
}
