package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines far from the others (issue 14, bug 2): a time past 2199 and a stray line more than
 * {@code --max-gap} ahead are counted as out of range and skipped, with the summary still
 * written; a real gap, confirmed by the line after it, is replayed.
 */
final class ReplayGapTest {

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void config() throws IOException {
    config = Files.writeString(dir.resolve("slo.properties"), ReplayCommandTest.CONFIG);
  }

  private static String line(String ts, int status) {
    return "{\"ts\":\"" + ts + "\",\"type\":\"access\",\"route\":\"/a\",\"method\":\"GET\","
        + "\"status\":" + status + ",\"duration_ms\":1}";
  }

  /** One line a second from 10:00:00 on the 1st of November 2026. */
  private static List<String> steady(int seconds) {
    List<String> lines = new ArrayList<>();
    Instant start = Instant.parse("2026-11-01T10:00:00Z");
    for (int i = 0; i < seconds; i++) {
      lines.add(line(start.plusSeconds(i).toString(), 200));
    }
    return lines;
  }

  private Cli.Result replay(List<String> lines, String... options) throws IOException {
    Path file = Files.write(dir.resolve("access.jsonl"), lines, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of("replay", "--config", config.toString()));
    args.addAll(List.of(options));
    args.add(file.toString());
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aTimeAfter2199IsOutOfRangeAndTheReplayGoesOn() throws IOException {
    List<String> lines = steady(600);
    lines.add(300, line("3000-01-01T00:00:00Z", 200));

    Cli.Result result = replay(lines);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .contains(
            "sre4j replay: out of range line " + dir.resolve("access.jsonl") + ":301: timestamp"
                + " must be from 1970-01-01T00:00:00Z to 2199-12-31T23:59:59.999Z but was"
                + " \"3000-01-01T00:00:00Z\"");
    assertThat(result.err())
        .contains("601 lines read, 600 replayed, 0 malformed")
        .contains("0 out of order (recorded at the time before them), 1 out of range (skipped)")
        .contains("simulated time 2026-11-01T10:00:00Z .. 2026-11-01T10:09:59Z")
        .doesNotContain("failed");
    assertThat(result.lines("sli_report")).hasSize(2 * 9);
  }

  @Test
  void aStrayLineFarAheadDoesNotMoveTheClock() throws IOException {
    List<String> lines = steady(600);
    lines.add(300, line("2027-11-01T10:05:00Z", 500));

    Cli.Result result = replay(lines);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .contains(
            "sre4j replay: out of range line " + dir.resolve("access.jsonl") + ":301: its time"
                + " 2027-11-01T10:05:00Z is more than --max-gap 1h after the clock"
                + " (2026-11-01T10:04:59Z) and after the next line (2026-11-01T10:05:00Z) (a real"
                + " gap that long needs a larger --max-gap)");
    assertThat(result.err())
        .contains("601 lines read, 600 replayed, 0 malformed")
        .contains("0 out of order (recorded at the time before them), 1 out of range (skipped)")
        .contains("simulated time 2026-11-01T10:00:00Z .. 2026-11-01T10:09:59Z")
        .contains("(600 good of 600 valid, 0 bad)");
    assertThat(result.lines("sli_report")).hasSize(2 * 9);
  }

  @Test
  void aStrayFirstLineDoesNotStartTheClock() throws IOException {
    List<String> lines = steady(120);
    lines.add(0, line("2027-01-01T00:00:00Z", 200));

    Cli.Result result = replay(lines);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.errLines())
        .contains(
            "sre4j replay: out of range line " + dir.resolve("access.jsonl") + ":1: its time"
                + " 2027-01-01T00:00:00Z is more than --max-gap 1h after the next line"
                + " (2026-11-01T10:00:00Z) (a real gap that long needs a larger --max-gap)");
    assertThat(result.err())
        .contains("121 lines read, 120 replayed")
        .contains("0 out of order (recorded at the time before them), 1 out of range (skipped)")
        .contains("simulated time 2026-11-01T10:00:00Z .. 2026-11-01T10:01:59Z");
  }

  @Test
  void aGapTheNextLineConfirmsIsReplayed() throws IOException {
    List<String> lines = steady(120);
    lines.add(line("2026-11-03T08:00:00Z", 200)); // two quiet days later
    lines.add(line("2026-11-03T08:00:01Z", 500));

    Cli.Result result = replay(lines);

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("122 lines read, 122 replayed, 0 malformed")
        .contains("0 out of order (recorded at the time before them), 0 out of range (skipped)")
        .contains("simulated time 2026-11-01T10:00:00Z .. 2026-11-03T08:00:01Z")
        .contains("(121 good of 122 valid, 1 bad)");
  }

  @Test
  void aLastLineAfterALongerGapNeedsALargerMaxGap() throws IOException {
    List<String> lines = steady(120);
    lines.add(line("2026-11-01T12:00:00Z", 200));

    Cli.Result strict = replay(lines);
    Cli.Result relaxed = replay(lines, "--max-gap", "3h");

    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.errLines())
        .contains(
            "sre4j replay: out of range line " + dir.resolve("access.jsonl") + ":121: its time"
                + " 2026-11-01T12:00:00Z is more than --max-gap 1h after the clock"
                + " (2026-11-01T10:01:59Z) and no line follows to confirm the gap (a real gap that"
                + " long needs a larger --max-gap)");
    assertThat(strict.err()).contains("121 lines read, 120 replayed");
    assertThat(relaxed.code()).as(relaxed.err()).isZero();
    assertThat(relaxed.err())
        .contains("121 lines read, 121 replayed")
        .contains("simulated time 2026-11-01T10:00:00Z .. 2026-11-01T12:00:00Z");
  }

  @Test
  void aSingleLineIsReplayed() throws IOException {
    Cli.Result result = replay(List.of(line("2026-11-01T10:00:00Z", 200)));

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).contains("1 lines read, 1 replayed");
  }

  @Test
  void maxGapMustBeAPositiveDuration() throws IOException {
    Cli.Result result = replay(steady(1), "--max-gap", "0s");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("must be a positive duration but was \"0s\"");
  }
}
