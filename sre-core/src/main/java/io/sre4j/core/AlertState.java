package io.sre4j.core;

import io.sre4j.core.SloStatus.AlertReading;
import io.sre4j.core.SloStatus.BudgetState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One SLO's alerting and policy state as of its last evaluation: the last reading of every rule,
 * since when each severity fires, and the error-budget policy state. Owned by {@link SloState};
 * {@link AlertEngine} moves it.
 *
 * <p><b>Thread safety:</b> none; touched only under the registry's tick lock. <b>Cost:</b> a
 * small sorted map of the firing severities; nothing is allocated when nothing changes.
 */
final class AlertState {

  private final Map<String, Instant> firingSince = new TreeMap<>();
  /** Since when a firing severity's condition fails, while keep-firing-for holds it; not saved. */
  private final Map<String, Instant> keepFiringSince = new TreeMap<>();
  /** Severities held back by the low-traffic guard at the last evaluation; not saved. */
  private final Set<String> suppressed = new TreeSet<>();
  private long suppressedCount;
  private List<AlertReading> readings = List.of();
  private BudgetState budgetState = BudgetState.HEALTHY;

  /** The last reading of every rule, in rule order. */
  List<AlertReading> readings() {
    return readings;
  }

  /** Keeps {@code readings}, one per rule in rule order, as the last evaluation's. */
  void read(List<AlertReading> readings) {
    this.readings = List.copyOf(readings);
  }

  /** Since when {@code severity} fires, or null if it does not. */
  @Nullable Instant firingSince(String severity) {
    return firingSince.get(severity);
  }

  /** Whether {@code severity} fires. */
  boolean firing(String severity) {
    return firingSince.containsKey(severity);
  }

  /** The severities that fire, sorted; a read-only view. */
  Set<String> firing() {
    return Collections.unmodifiableSet(firingSince.keySet());
  }

  /** Marks {@code severity} as firing since {@code now}; it must not be firing already. */
  void fire(String severity, Instant now) {
    firingSince.put(severity, now);
  }

  /** Marks {@code severity} as resolved. */
  void resolve(String severity) {
    firingSince.remove(severity);
    keepFiringSince.remove(severity);
  }

  /**
   * Since when the condition of firing {@code severity} fails: {@code now} if it held at the last
   * evaluation (recorded then), else the first evaluation it failed at.
   */
  Instant keepFiringSince(String severity, Instant now) {
    return keepFiringSince.computeIfAbsent(severity, s -> now);
  }

  /** The condition of {@code severity} holds (again): no keep-firing stretch. */
  void holds(String severity) {
    if (!keepFiringSince.isEmpty()) {
      keepFiringSince.remove(severity);
    }
  }

  /**
   * Notes whether {@code severity} is held back by the low-traffic guard now; a new stretch of
   * such evaluations counts one.
   */
  void suppressed(String severity, boolean now) {
    if (now) {
      if (suppressed.add(severity)) {
        suppressedCount++;
      }
    } else if (!suppressed.isEmpty()) {
      suppressed.remove(severity);
    }
  }

  /** Alerts held back by the low-traffic guard since the registry was built. */
  long suppressedCount() {
    return suppressedCount;
  }

  /** The error-budget policy state. */
  BudgetState budgetState() {
    return budgetState;
  }

  /** Moves the policy state to {@code next}. */
  void budgetState(BudgetState next) {
    this.budgetState = next;
  }

  /** Writes the alerts firing (severity and since when) and the policy state, for the state file. */
  void writeState(DataOutputStream out) throws IOException {
    out.writeByte(firingSince.size());
    for (Map.Entry<String, Instant> firing : firingSince.entrySet()) {
      out.writeUTF(firing.getKey());
      out.writeLong(firing.getValue().toEpochMilli());
    }
    out.writeUTF(budgetState.name());
  }

  /**
   * Reads what {@link #writeState} wrote; a firing time after {@code nowMillis} (the wall clock
   * moved back) becomes {@code nowMillis}. The readings are left empty: the next evaluation makes
   * them.
   */
  static AlertState readState(DataInputStream in, long nowMillis) throws IOException {
    AlertState state = new AlertState();
    int firing = in.readUnsignedByte();
    for (int i = 0; i < firing; i++) {
      String severity = in.readUTF();
      state.firingSince.put(severity, Instant.ofEpochMilli(Math.min(in.readLong(), nowMillis)));
    }
    try {
      state.budgetState = BudgetState.valueOf(in.readUTF());
    } catch (IllegalArgumentException e) {
      throw new IOException("unknown budget state", e);
    }
    return state;
  }

  /** Takes over another state's firing alerts and policy state. */
  void copyFrom(AlertState other) {
    firingSince.clear();
    firingSince.putAll(other.firingSince);
    budgetState = other.budgetState;
  }
}
