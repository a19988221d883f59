package io.sre4j.core;

import io.sre4j.core.SloSpec.ErrorBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The declared maintenance windows, and the policy check that the planned downtime inside any
 * compliance window stays within what the SLO's budget allows.
 *
 * <p>Overlapping windows count once: planned downtime is the length of their union. For a rolling
 * window of length {@code L}, every span of length {@code L} that starts at a window's start or
 * ends at a window's end is checked (the worst span is one of those). For a calendar window, each
 * period the new window touches is checked against that period's own length.
 *
 * <p><b>Thread safety:</b> none; used under the registry's tick lock.
 */
final class MaintenancePlan {

  private final List<MaintenanceWindow> windows = new ArrayList<>();
  private final List<MaintenanceWindow> active = new ArrayList<>();

  List<MaintenanceWindow> windows() {
    return List.copyOf(windows);
  }

  void add(MaintenanceWindow window) {
    windows.add(window);
    windows.sort(Comparator.comparing(MaintenanceWindow::start));
  }

  /** Whether a window that applies to {@code sloName} contains {@code timeMillis}. */
  boolean covers(String sloName, long timeMillis) {
    for (MaintenanceWindow window : windows) {
      if (window.appliesTo(sloName) && window.contains(timeMillis)) {
        return true;
      }
    }
    return false;
  }

  /** Sets each SLO's maintenance flag, read by every {@code record}, for {@code timeMillis}. */
  void flag(Collection<SloState> slos, long timeMillis) {
    for (SloState slo : slos) {
      slo.inMaintenance(covers(slo.spec.name(), timeMillis));
    }
  }

  /**
   * Moves the set of active windows to {@code timeMillis}.
   *
   * @param started receives windows that became active
   * @param ended receives windows that stopped being active
   */
  void advance(long timeMillis, List<MaintenanceWindow> started, List<MaintenanceWindow> ended) {
    for (MaintenanceWindow window : List.copyOf(active)) {
      if (!window.contains(timeMillis)) {
        active.remove(window);
        ended.add(window);
      }
    }
    for (MaintenanceWindow window : windows) {
      if (window.contains(timeMillis) && !active.contains(window)) {
        active.add(window);
        started.add(window);
      }
    }
  }

  /** Forgets windows that ended more than {@code keep} before {@code timeMillis}. */
  void prune(long timeMillis, Duration keep) {
    windows.removeIf(w -> w.end().toEpochMilli() < timeMillis - keep.toMillis() && !active.contains(w));
  }

  /**
   * Checks {@code candidate} against the budget of every SLO it applies to, with the windows
   * already declared.
   *
   * @return one description per SLO over budget, in the order of {@code slos}; empty when within
   *     budget
   */
  List<String> overBudget(Collection<SloState> slos, MaintenanceWindow candidate) {
    List<String> over = new ArrayList<>();
    for (SloState slo : slos) {
      String problem = overBudget(slo.spec, candidate);
      if (problem != null) {
        over.add(problem);
      }
    }
    return over;
  }

  /** The warning, or the strict mode's rejection, for {@code window} over budget. */
  static String overBudgetMessage(MaintenanceWindow window, List<String> over) {
    return "maintenance window " + window.start() + ".." + window.end() + " exceeds the error budget: "
        + String.join("; ", over);
  }

  /**
   * Checks {@code candidate} against one SLO's budget, with the windows already declared.
   *
   * @return a description such as {@code checkout: 50m planned > 43m12s allowed in 30d}, or null
   *     when within budget or when the window does not apply
   */
  @Nullable String overBudget(SloSpec spec, MaintenanceWindow candidate) {
    if (!candidate.appliesTo(spec.name())) {
      return null;
    }
    List<MaintenanceWindow> relevant = new ArrayList<>();
    for (MaintenanceWindow window : windows) {
      if (window.appliesTo(spec.name())) {
        relevant.add(window);
      }
    }
    relevant.add(candidate);
    if (spec.window() instanceof SloWindow.Calendar calendar) {
      Instant periodStart = calendar.periodStart(candidate.start());
      while (periodStart.isBefore(candidate.end())) {
        Instant periodEnd = calendar.periodEnd(periodStart);
        String over = check(spec, relevant, periodStart.toEpochMilli(), periodEnd.toEpochMilli());
        if (over != null) {
          return over;
        }
        periodStart = periodEnd;
      }
      return null;
    }
    long length = spec.window().nominalLength().toMillis();
    for (MaintenanceWindow window : relevant) {
      long start = window.start().toEpochMilli();
      long end = window.end().toEpochMilli();
      String over = check(spec, relevant, start, start + length);
      if (over == null) {
        over = check(spec, relevant, end - length, end);
      }
      if (over != null) {
        return over;
      }
    }
    return null;
  }

  private static @Nullable String check(SloSpec spec, List<MaintenanceWindow> windows, long from, long to) {
    long planned = unionWithin(windows, from, to);
    Duration allowed = ErrorBudget.allowedDowntime(spec.objective(), Duration.ofMillis(to - from));
    if (planned <= allowed.toMillis()) {
      return null;
    }
    return spec.name() + ": " + ConfigValues.format(Duration.ofMillis(planned)) + " planned > "
        + ConfigValues.format(allowed) + " allowed in " + spec.window().describe()
        + " from " + Instant.ofEpochMilli(from);
  }

  /** The length of the union of {@code windows} clipped to [from, to). */
  static long unionWithin(List<MaintenanceWindow> windows, long from, long to) {
    List<long[]> spans = new ArrayList<>();
    for (MaintenanceWindow window : windows) {
      long start = Math.max(from, window.start().toEpochMilli());
      long end = Math.min(to, window.end().toEpochMilli());
      if (end > start) {
        spans.add(new long[] {start, end});
      }
    }
    spans.sort(Comparator.comparingLong(span -> span[0]));
    long total = 0;
    long coveredTo = Long.MIN_VALUE;
    for (long[] span : spans) {
      long start = Math.max(span[0], coveredTo);
      if (span[1] > start) {
        total += span[1] - start;
      }
      coveredTo = Math.max(coveredTo, span[1]);
    }
    return total;
  }
}
