package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --state}: a log replayed in two halves with one state file gives the lines of the
 * whole replay, except, per SLO, the latency fields ({@code latency_*}, {@code band_*}, {@code
 * apdex}: endpoint histograms, which the state file does not keep) of the report of the interval in
 * progress at the split, which cover the second half only; its start and counts are the whole's.
 */
final class ReplayStateTest {

  private static final long MINUTE = 60_000;

  @TempDir Path dir;

  private List<Traffic.Event> traffic() {
    Traffic traffic =
        new Traffic(
            11,
            Instant.parse("2026-11-30T23:30:00Z"), // across a calendar month boundary
            20,
            List.of(new Traffic.Phase(20 * MINUTE, 35 * MINUTE, 0.2, 0.2)));
    return Traffic.take(traffic, 60_000); // 50 minutes at 20 rps, an incident at 0:20
  }

  private Path write(String name, List<Traffic.Event> events) throws IOException {
    return Files.write(
        dir.resolve(name),
        events.stream().map(Traffic.Event::json).toList(),
        StandardCharsets.UTF_8);
  }

  @Test
  void twoHalvesWithOneStateFileGiveTheLinesOfTheWholeReplay() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("slo.properties"),
            String.join(
                "\n",
                "service=shop",
                "slo.availability.objective=99.9%",
                "slo.latency.sli=latency",
                "slo.latency.threshold=300ms",
                "slo.latency.objective=99%",
                "slo.monthly.objective=99%",
                "slo.monthly.window=month",
                ""));
    List<Traffic.Event> events = traffic();
    Path whole = write("whole.jsonl", events);
    Cli.Result all = Cli.run("replay", "--config", config.toString(), whole.toString());
    assertThat(all.code()).isZero();
    List<JsonNode> expected = all.lines();
    assertThat(all.lines("alert")).isNotEmpty();

    long incident = events.get(0).epochMillis() + 25 * MINUTE; // mid-alert
    long month = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    Set<Integer> splits = new TreeSet<>(List.of(1, 7_777, 30_000, 59_999));
    splits.add(firstAtOrAfter(events, incident));
    splits.add(firstAtOrAfter(events, month)); // the first line of December starts the 2nd half
    splits.add(firstAtOrAfter(events, month + 20_000)); // a split inside a 10 s bucket's minute
    for (int split : splits) {
      Path state = dir.resolve("state-" + split + ".bin");
      Path first = write("first-" + split + ".jsonl", events.subList(0, split));
      Path second = write("second-" + split + ".jsonl", events.subList(split, events.size()));
      Cli.Result one =
          Cli.run(
              "replay", "--config", config.toString(), "--state", state.toString(), first.toString());
      Cli.Result two =
          Cli.run(
              "replay",
              "--config",
              config.toString(),
              "--state",
              state.toString(),
              second.toString());
      assertThat(one.code()).as("split %d", split).isZero();
      assertThat(two.code()).as("split %d", split).isZero();
      assertThat(one.err()).contains("state " + state + ": fresh; written at ");
      Instant splitTime = Instant.ofEpochMilli(events.get(split - 1).epochMillis());
      assertThat(two.err())
          .contains("state " + state + ": restored (written at " + splitTime + ")");

      List<JsonNode> actual = new ArrayList<>(one.lines());
      actual.addAll(two.lines());
      assertThat(actual).as("split %d", split).hasSameSizeAs(expected);
      // the interval in progress at the split: the first report after it, per SLO
      long straddling = (Math.floorDiv(splitTime.toEpochMilli(), MINUTE) + 1) * MINUTE;
      int differing = 0;
      for (int i = 0; i < expected.size(); i++) {
        JsonNode want = expected.get(i);
        JsonNode got = actual.get(i);
        if (want.path("type").asText().equals("sli_report")
            && Instant.parse(want.path("ts").asText()).toEpochMilli() == straddling) {
          differing++;
          // the interval goes on from the state file: same start, same counts
          assertThat(got.path("interval_start")).isEqualTo(want.path("interval_start"));
          assertThat(withoutSplitFields(got))
              .as("split %d, line %d", split, i)
              .isEqualTo(withoutSplitFields(want));
        } else {
          // the halves keep a state file and the whole run does not: its own figures differ
          assertThat(withoutStateFields(got)).as("split %d, line %d", split, i)
              .isEqualTo(withoutStateFields(want));
        }
      }
      assertThat(differing).as("split %d", split).isIn(0, 3);
    }
  }

  @Test
  void theConfigsStateKeysAreIgnoredWithoutStateOption() throws IOException {
    Path live = dir.resolve("live-state.bin");
    Path config =
        Files.writeString(
            dir.resolve("slo.properties"),
            "service=shop\nslo.availability.objective=99.9%\nstate.file=" + live + "\n");
    Path file = write("access.jsonl", traffic().subList(0, 1_000));

    Cli.Result result = Cli.run("replay", "--config", config.toString(), file.toString());

    assertThat(result.code()).isZero();
    assertThat(live).doesNotExist();
    assertThat(result.err()).doesNotContain("state ");
  }

  @Test
  void aCorruptStateFileIsMovedAsideAndTheReplayStartsFresh() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("slo.properties"), "service=shop\nslo.availability.objective=99.9%\n");
    Path state = Files.writeString(dir.resolve("state.bin"), "not a state file");
    Path file = write("access.jsonl", traffic().subList(0, 1_000));

    Cli.Result result =
        Cli.run(
            "replay", "--config", config.toString(), "--state", state.toString(), file.toString());

    assertThat(result.code()).isZero();
    assertThat(result.err()).contains("state " + state + ": corrupt; written at ");
    try (var aside = Files.list(dir)) {
      assertThat(aside.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("state.bin.corrupt-"));
    }
    assertThat(Replay.writtenAt(state, "shop")).isNotNull();
    assertThat(Replay.writtenAt(state, "another")).isNull();
  }

  @Test
  void anotherServicesStateIsMovedAsideAndDoesNotMoveTheClock() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("slo.properties"), "service=shop\nslo.availability.objective=99.9%\n");
    Path other =
        Files.writeString(
            dir.resolve("other.properties"), "service=other\nslo.availability.objective=99.9%\n");
    Path state = dir.resolve("state.bin");
    List<Traffic.Event> events = traffic();
    Path late = write("late.jsonl", events.subList(30_000, 31_000));
    Path early = write("early.jsonl", events.subList(0, 1_000));
    Cli.Result fresh = Cli.run("replay", "--config", config.toString(), early.toString());
    assertThat(
            Cli.run(
                    "replay",
                    "--config",
                    other.toString(),
                    "--state",
                    state.toString(),
                    late.toString())
                .code())
        .isZero();

    Cli.Result result =
        Cli.run(
            "replay", "--config", config.toString(), "--state", state.toString(), early.toString());

    assertThat(result.code()).isZero();
    assertThat(result.err()).contains("state " + state + ": corrupt; written at ");
    assertThat(result.err()).contains("0 out of order");
    assertThat(result.out()).isEqualTo(fresh.out());
  }

  /** A line without the state file's own figures ({@code state_*} on report lines). */
  private static JsonNode withoutStateFields(JsonNode line) {
    ObjectNode copy = line.deepCopy();
    List<String> names = new ArrayList<>();
    copy.fieldNames().forEachRemaining(names::add);
    names.stream().filter(name -> name.startsWith("state_")).forEach(copy::remove);
    return copy;
  }

  private static JsonNode withoutSplitFields(JsonNode line) {
    ObjectNode copy = withoutStateFields(line).deepCopy();
    List<String> names = new ArrayList<>();
    copy.fieldNames().forEachRemaining(names::add);
    names.stream()
        .filter(
            name -> name.startsWith("latency_") || name.startsWith("band_") || name.equals("apdex"))
        .forEach(copy::remove);
    return copy;
  }

  private static int firstAtOrAfter(List<Traffic.Event> events, long millis) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).epochMillis() >= millis) {
        return i;
      }
    }
    throw new AssertionError("no event at or after " + Instant.ofEpochMilli(millis));
  }
}
