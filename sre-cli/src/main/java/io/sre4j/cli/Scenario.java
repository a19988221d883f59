package io.sre4j.cli;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The demo's story, in simulated time: normal traffic, then an incident (errors and slow responses
 * on the order endpoints) that burns the error budget, then recovery.
 *
 * <table>
 *   <caption>Timeline (simulated)</caption>
 *   <tr><th>from</th><th>to</th><th>what</th></tr>
 *   <tr><td>0:00</td><td>0:20</td><td>normal: no errors (one early error would page, since the
 *       low-traffic guard is only 100 requests); 0.5 % of GET orders take 0.3–0.7 s</td></tr>
 *   <tr><td>0:20</td><td>0:35</td><td>incident: 25 % of GET orders answer 503 and 45 % take
 *       0.6–1.2 s; 10 % of POST orders throw</td></tr>
 *   <tr><td>0:35</td><td>end</td><td>recovery: normal again</td></tr>
 * </table>
 */
final class Scenario {

  static final Duration INCIDENT_START = Duration.ofMinutes(20);
  static final Duration INCIDENT_END = Duration.ofMinutes(35);

  /** How long the story takes, simulated, for the page alert to fire and resolve: 2 h. */
  static final Duration STORY = Duration.ofHours(2);

  enum Phase {
    NORMAL("normal traffic"),
    INCIDENT("incident: GET /api/orders/{id} answers 503 or slowly, POST /api/orders throws"),
    RECOVERY("recovery: the incident is over, traffic is normal again");

    final String description;

    Phase(String description) {
      this.description = description;
    }
  }

  private final LongSupplier elapsedSimulatedMillis;

  Scenario(ScaledClock clock) {
    this(clock::elapsedSimulatedMillis);
  }

  /** @param elapsedSimulatedMillis simulated milliseconds since the start, such as a test's */
  Scenario(LongSupplier elapsedSimulatedMillis) {
    this.elapsedSimulatedMillis = elapsedSimulatedMillis;
  }

  Phase phase() {
    long elapsed = elapsedSimulatedMillis.getAsLong();
    if (elapsed < INCIDENT_START.toMillis()) {
      return Phase.NORMAL;
    }
    return elapsed < INCIDENT_END.toMillis() ? Phase.INCIDENT : Phase.RECOVERY;
  }
}
