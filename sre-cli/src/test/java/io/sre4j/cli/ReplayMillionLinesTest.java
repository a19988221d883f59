package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million lines through standard input, made as they are read (nothing holds them all): the
 * replay's figures match the generator's counts. Its speed is measured by the benchmarks, not here.
 */
final class ReplayMillionLinesTest {

  @TempDir Path dir;

  @Test
  void replaysAMillionLinesFromStandardInput() throws IOException {
    Path config = Files.writeString(dir.resolve("slo.properties"), ReplayCommandTest.CONFIG);
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    Traffic traffic =
        new Traffic(1, start, 100, List.of(new Traffic.Phase(60 * 60_000, 75 * 60_000, 0.1, 0.1)));
    long[] counts = new long[5]; // events, failed, slow successes, last time
    var in =
        traffic.jsonStream(
            1_000_000,
            event -> {
              counts[0]++;
              if (event.failed()) {
                counts[1]++;
              } else if (event.durationNanos() > 300_000_000L) {
                counts[2]++;
              }
              counts[3] = event.epochMillis();
            });

    Cli.Result result = Cli.run(in, "replay", "--config", config.toString(), "-");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(counts[0]).isEqualTo(1_000_000);
    assertThat(result.err())
        .contains("1,000,000 lines read, 1,000,000 replayed, 0 malformed, 0 ignored")
        .contains(
            String.format(
                "(%,d good of %,d valid, %,d bad)", 1_000_000 - counts[1], 1_000_000, counts[1]))
        .contains(
            String.format(
                "(%,d good of %,d valid, %,d bad)",
                1_000_000 - counts[1] - counts[2], 1_000_000 - counts[1], counts[2]));
    long minutes = (counts[3] - start.toEpochMilli()) / 60_000;
    assertThat(result.lines("sli_report")).hasSize(2 * (int) minutes);
    assertThat(result.lines("alert"))
        .anySatisfy(
            alert ->
                assertThat(alert.path("severity").asText() + " " + alert.path("state").asText())
                    .isEqualTo("page firing"));
  }
}
