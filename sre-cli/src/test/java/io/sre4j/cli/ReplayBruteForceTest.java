package io.sre4j.cli;

import static io.sre4j.core.testing.TestTime.MINUTE;
import static io.sre4j.core.testing.WindowOracle.lookbackWidth;
import static io.sre4j.core.testing.WindowOracle.lowerBound;
import static io.sre4j.core.testing.WindowOracle.windowStart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sre4j.core.AlertRule;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay against a brute-force computation over the generated events: every report's interval
 * counts, every alert transition and the final window figures, from the bucket semantics of
 * TieredCounts (a lookback {@code w} at time {@code T} sums the {@code ceil(w / width)} newest
 * buckets of the finest tier that spans it: 10 s up to 1 h, 1 min up to 6 h, 10 min up to 3 d) and
 * AlertEngine (a severity fires when any of its rules holds: both burn rates at least the factor
 * and at least 100 valid events in the long window), evaluated every 10 s of simulated time, on the
 * events before that time.
 */
final class ReplayBruteForceTest {

  private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");
  private static final long THRESHOLD_NANOS = 300_000_000L;

  @TempDir Path dir;

  /** One SLO as the brute force sees it. */
  record Slo(
      String name,
      double objective,
      Predicate<Traffic.Event> valid,
      Predicate<Traffic.Event> bad) {}

  private static final List<Slo> SLOS =
      List.of(
          new Slo("availability", 0.999, e -> true, Traffic.Event::failed),
          new Slo("latency", 0.99, e -> !e.failed(), e -> e.durationNanos() > THRESHOLD_NANOS));

  @Test
  void reportsAlertsAndFiguresMatchABruteForceOverTheEvents() throws IOException {
    long day = Duration.ofDays(1).toMillis();
    long pause = 3 * day + 12 * 60 * MINUTE; // longer than any alert window: an idle jump
    long afterPause = 4 * 60 * MINUTE + pause;
    Traffic traffic =
        new Traffic(
            42,
            START,
            10,
            List.of(
                new Traffic.Phase(40 * MINUTE, 55 * MINUTE, 0.15, 0.25), // pages both SLOs
                new Traffic.Phase(150 * MINUTE, 160 * MINUTE, 0.03, 0.0), // a blip
                new Traffic.Phase(afterPause + 20 * MINUTE, afterPause + 30 * MINUTE, 0.3, 0.3)));
    List<Traffic.Event> events = new ArrayList<>();
    while (events.isEmpty()
        || events.get(events.size() - 1).epochMillis() < START.toEpochMilli() + 4 * 60 * MINUTE) {
      events.add(traffic.next());
    }
    traffic.pause(pause);
    long end = START.toEpochMilli() + afterPause + 60 * MINUTE;
    while (events.get(events.size() - 1).epochMillis() < end) {
      events.add(traffic.next());
    }
    Path file = dir.resolve("access.jsonl");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Traffic.Event event : events) {
        out.write(event.json());
        out.write('\n');
      }
    }
    Path config = Files.writeString(dir.resolve("slo.properties"), ReplayCommandTest.CONFIG);

    Cli.Result result = Cli.run("replay", "--config", config.toString(), file.toString());

    assertThat(result.code()).as(result.err()).isZero();
    long[] times = events.stream().mapToLong(Traffic.Event::epochMillis).toArray();
    Map<String, long[][]> prefix = new LinkedHashMap<>();
    for (Slo slo : SLOS) {
      prefix.put(slo.name(), prefixSums(events, slo));
    }

    // every report: the interval's counts
    List<JsonNode> reports = result.lines("sli_report");
    assertThat(reports).hasSizeGreaterThan(2 * 5 * 60);
    for (JsonNode report : reports) {
      long from = Instant.parse(report.path("interval_start").asText()).toEpochMilli();
      long to = Instant.parse(report.path("ts").asText()).toEpochMilli();
      long[] counts = counts(prefix.get(report.path("slo").asText()), times, from, to);
      assertThat(
              new long[] {
                report.path("interval_valid").asLong(), report.path("interval_bad").asLong()
              })
          .as(
              "%s %s..%s",
              report.path("slo").asText(), Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))
          .containsExactly(counts);
    }
    // past 3d1h of idleness (every alert resolved), the rest of the stretch is one report per SLO
    assertThat(
            reports.stream()
                .map(
                    report ->
                        Duration.between(
                            Instant.parse(report.path("interval_start").asText()),
                            Instant.parse(report.path("ts").asText())))
                .filter(length -> length.compareTo(Duration.ofMinutes(1)) > 0)
                .toList())
        .hasSize(2)
        .allSatisfy(length -> assertThat(length).isGreaterThan(Duration.ofHours(10)));

    // every alert transition, at its time
    List<String> expected =
        bruteForceAlerts(times, prefix, events.get(events.size() - 1).epochMillis());
    List<String> actual =
        result.lines("alert").stream()
            .map(
                a ->
                    a.path("ts").asText()
                        + " "
                        + a.path("slo").asText()
                        + " "
                        + a.path("severity").asText()
                        + " "
                        + a.path("state").asText())
            .toList();
    assertThat(expected)
        .as("the scenario fires pages")
        .anyMatch(a -> a.endsWith("availability page firing"))
        .anyMatch(a -> a.endsWith("latency page firing"))
        .anyMatch(a -> a.endsWith("page resolved"));
    assertThat(actual).containsExactlyElementsOf(expected);

    // the final window figures: the 30-day window holds every event
    for (Slo slo : SLOS) {
      long[] all = counts(prefix.get(slo.name()), times, Long.MIN_VALUE, Long.MAX_VALUE);
      assertThat(result.err())
          .contains(String.format("%s: ", slo.name()))
          .contains(
              String.format("(%,d good of %,d valid, %,d bad)", all[0] - all[1], all[0], all[1]));
    }
  }

  /** {prefix valid, prefix bad} over the events in time order. */
  private static long[][] prefixSums(List<Traffic.Event> events, Slo slo) {
    long[] valid = new long[events.size() + 1];
    long[] bad = new long[events.size() + 1];
    for (int i = 0; i < events.size(); i++) {
      Traffic.Event event = events.get(i);
      boolean isValid = slo.valid().test(event);
      valid[i + 1] = valid[i] + (isValid ? 1 : 0);
      bad[i + 1] = bad[i] + (isValid && slo.bad().test(event) ? 1 : 0);
    }
    return new long[][] {valid, bad};
  }

  /** {valid, bad} of the events with {@code from <= ts < to}. */
  private static long[] counts(long[][] prefix, long[] times, long from, long to) {
    int a = lowerBound(times, from, times.length);
    int b = lowerBound(times, to, times.length);
    return new long[] {prefix[0][b] - prefix[0][a], prefix[1][b] - prefix[1][a]};
  }

  private static List<String> bruteForceAlerts(
      long[] times, Map<String, long[][]> prefix, long last) {
    long start = Math.floorDiv(times[0], MINUTE) * MINUTE;
    List<String> out = new ArrayList<>();
    Map<String, Boolean> firing = new LinkedHashMap<>();
    for (long t = start; t <= last; t += 10_000) {
      for (Slo slo : SLOS) {
        for (String severity : List.of(AlertRule.PAGE, AlertRule.TICKET)) {
          boolean holds = false;
          for (AlertRule rule : AlertRule.defaults()) {
            if (rule.severity().equals(severity)) {
              long[] longWindow = window(prefix.get(slo.name()), times, t, rule.longWindow());
              long[] shortWindow = window(prefix.get(slo.name()), times, t, rule.shortWindow());
              holds |=
                  longWindow[0] >= 100
                      && burn(longWindow, slo.objective()) >= rule.factor()
                      && burn(shortWindow, slo.objective()) >= rule.factor();
            }
          }
          String key = slo.name() + " " + severity;
          if (holds != firing.getOrDefault(key, false)) {
            firing.put(key, holds);
            out.add(
                Instant.ofEpochMilli(t)
                        .toString()
                        .replace("Z", ".000Z")
                        .replace(".000.000Z", ".000Z")
                    + " "
                    + key
                    + " "
                    + (holds ? "firing" : "resolved"));
          }
        }
      }
    }
    return out;
  }

  /** The buckets of the tier that answers {@code lookback} at {@code t}, on the events before t. */
  private static long[] window(long[][] prefix, long[] times, long t, Duration lookback) {
    long millis = lookback.toMillis();
    long from = windowStart(t, millis, lookbackWidth(millis));
    return counts(prefix, times, from, t);
  }

  private static double burn(long[] window, double objective) {
    return window[0] == 0 ? 0.0 : ((double) window[1] / window[0]) / (1.0 - objective);
  }
}
