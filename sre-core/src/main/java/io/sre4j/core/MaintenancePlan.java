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
 * ends at a window's end, and that overlaps the new window, is checked (the worst span is one of
 * those; a span the new window does not touch was checked when its own windows were declared). For
 * a calendar window, each period the new window touches is checked against that period's own
 * length.
 *
 * <p>The windows kept are bounded: a window is forgotten once it ended before the compliance window
 * of every SLO started (the longest SLO window before now), and at most {@value #MAX_WINDOWS} are
 * kept; the registry rejects a declaration beyond that, and one outside {@link #accepted}.
 *
 * <p><b>Thread safety:</b> none; used under the registry's tick lock.
 */
final class MaintenancePlan {

  /** The most windows kept at once: {@value}. */
  static final int MAX_WINDOWS = 1_000;

  /** How far ahead a window may end: 365 days. */
  static final Duration MAX_AHEAD = Duration.ofDays(365);

  /** The look-back when no SLO is registered: the default SLO window, 30 days. */
  static final Duration DEFAULT_LOOKBACK = Duration.ofDays(30);

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
      boolean covered = !windows.isEmpty() && covers(slo.spec.name(), timeMillis);
      if (slo.inMaintenance() != covered) { // a volatile write only when the flag changes
        slo.inMaintenance(covered);
      }
    }
  }

  /** Whether no window is kept or active: then {@link #advance} and {@link #prune} do nothing. */
  boolean isEmpty() {
    return windows.isEmpty() && active.isEmpty();
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

  /** @return how many windows are kept */
  int size() {
    return windows.size();
  }

  /**
   * The longest compliance window of {@code slos}: how far back a maintenance window can still
   * matter.
   *
   * @return the longest nominal window length; {@link #DEFAULT_LOOKBACK} when there is no SLO
   */
  static Duration lookback(Collection<SloState> slos) {
    Duration longest = Duration.ZERO;
    for (SloState slo : slos) {
      Duration length = slo.spec.window().nominalLength();
      if (length.compareTo(longest) > 0) {
        longest = length;
      }
    }
    return longest.isZero() ? DEFAULT_LOOKBACK : longest;
  }

  /**
   * Checks that a window lies in the accepted range: it starts no earlier than {@code lookback}
   * before {@code now} and ends no later than {@link #MAX_AHEAD} after it.
   *
   * @throws ConfigException naming {@code maintenance start} or {@code maintenance end} and the
   *     range, if it does not
   */
  static void accepted(MaintenanceWindow window, Instant now, Duration lookback) {
    Instant earliest = now.minus(lookback);
    Instant latest = now.plus(MAX_AHEAD);
    String range = "from " + earliest + " (the longest SLO window, " + ConfigValues.format(lookback)
        + ", before now) to " + latest + " (" + ConfigValues.format(MAX_AHEAD) + " after now)";
    if (window.start().isBefore(earliest) || !window.start().isBefore(latest)) {
      throw ConfigValues.reject("maintenance start", range, window.start());
    }
    if (window.end().isAfter(latest)) {
      throw ConfigValues.reject("maintenance end", range, window.end());
    }
  }

  /**
   * Forgets windows no SLO can count any more: those that ended more than {@code lookback} before
   * {@code timeMillis} (before the window of every SLO started) and are not active.
   */
  void prune(long timeMillis, Duration lookback) {
    long horizon = timeMillis - lookback.toMillis();
    windows.removeIf(w -> w.end().toEpochMilli() < horizon && !active.contains(w));
  }

  /**
   * Keeps only the {@value #MAX_WINDOWS} windows that end last, for windows restored from a state
   * file written by a version without the cap.
   */
  void trimToCap() {
    if (windows.size() > MAX_WINDOWS) {
      List<MaintenanceWindow> byEnd = new ArrayList<>(windows);
      byEnd.sort(Comparator.comparing(MaintenanceWindow::end));
      windows.retainAll(byEnd.subList(byEnd.size() - MAX_WINDOWS, byEnd.size()));
    }
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
    Union union = new Union(relevant);
    if (spec.window() instanceof SloWindow.Calendar calendar) {
      Instant periodStart = calendar.periodStart(candidate.start());
      while (periodStart.isBefore(candidate.end())) {
        Instant periodEnd = calendar.periodEnd(periodStart);
        String over = check(spec, union, periodStart.toEpochMilli(), periodEnd.toEpochMilli());
        if (over != null) {
          return over;
        }
        periodStart = periodEnd;
      }
      return null;
    }
    // only the spans the candidate adds downtime to: a span over budget without it was reported
    // (or rejected) when the window that made it so was declared
    long length = spec.window().nominalLength().toMillis();
    long candidateStart = candidate.start().toEpochMilli();
    long candidateEnd = candidate.end().toEpochMilli();
    for (MaintenanceWindow window : relevant) {
      long start = window.start().toEpochMilli();
      long end = window.end().toEpochMilli();
      String over = null;
      if (start < candidateEnd && start + length > candidateStart) {
        over = check(spec, union, start, start + length);
      }
      if (over == null && end - length < candidateEnd && end > candidateStart) {
        over = check(spec, union, end - length, end);
      }
      if (over != null) {
        return over;
      }
    }
    return null;
  }

  private static @Nullable String check(SloSpec spec, Union union, long from, long to) {
    long planned = union.within(from, to);
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
    return new Union(windows).within(from, to);
  }

  /**
   * The union of windows as sorted disjoint spans with the length covered before each, so that the
   * downtime in any span is two binary searches: a check of 1,000 windows stays cheap.
   */
  private static final class Union {
    private final long[] starts;
    private final long[] ends;
    /** The length of the spans before each one. */
    private final long[] before;
    private final int count;

    Union(List<MaintenanceWindow> windows) {
      List<long[]> spans = new ArrayList<>(windows.size());
      for (MaintenanceWindow window : windows) {
        spans.add(new long[] {window.start().toEpochMilli(), window.end().toEpochMilli()});
      }
      spans.sort(Comparator.comparingLong(span -> span[0]));
      starts = new long[spans.size()];
      ends = new long[spans.size()];
      before = new long[spans.size()];
      int n = 0;
      long total = 0;
      for (long[] span : spans) {
        if (n > 0 && span[0] <= ends[n - 1]) {
          if (span[1] > ends[n - 1]) {
            total += span[1] - ends[n - 1];
            ends[n - 1] = span[1];
          }
          continue;
        }
        starts[n] = span[0];
        ends[n] = span[1];
        before[n] = total;
        total += span[1] - span[0];
        n++;
      }
      count = n;
    }

    /** @return the length of the union inside [from, to) */
    long within(long from, long to) {
      return to <= from ? 0 : coveredBefore(to) - coveredBefore(from);
    }

    /** @return the length of the union before {@code x} */
    private long coveredBefore(long x) {
      int low = 0;
      int high = count - 1;
      int last = -1; // the last span starting before x
      while (low <= high) {
        int mid = (low + high) >>> 1;
        if (starts[mid] < x) {
          last = mid;
          low = mid + 1;
        } else {
          high = mid - 1;
        }
      }
      return last < 0 ? 0 : before[last] + Math.min(x, ends[last]) - starts[last];
    }
  }
}
