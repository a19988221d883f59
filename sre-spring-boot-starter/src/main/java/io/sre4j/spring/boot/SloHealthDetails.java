package io.sre4j.spring.boot;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The details of the health indicator {@code slo}, the same on Boot 3.5 and 4.0: per SLO its
 * objective, SLI, error budget consumed and remaining, budget state and firing alerts. The
 * indicator itself is always UP: a health check that went DOWN when a budget is spent would get
 * healthy instances restarted.
 */
final class SloHealthDetails {

  private SloHealthDetails() {}

  /** The details, keyed by SLO name; each a map of figures. */
  static Map<String, Object> of(SloRegistry registry) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("service", registry.service());
    Map<String, Object> slos = new LinkedHashMap<>();
    for (SloStatus status : registry.statuses()) {
      SloSnapshot window = status.window();
      Map<String, Object> slo = new LinkedHashMap<>();
      slo.put("objective", window.objective());
      slo.put("window", window.window());
      slo.put("sli", window.sli());
      slo.put("valid", window.validEvents());
      slo.put("bad", window.badEvents());
      slo.put("budget_consumed", window.budgetConsumed());
      slo.put("budget_remaining", window.budgetRemaining());
      slo.put("budget_state", status.budgetState().label());
      slo.put("firing", List.copyOf(new TreeSet<>(status.firing())));
      slos.put(status.name(), slo);
    }
    details.put("slos", slos);
    return details;
  }
}
