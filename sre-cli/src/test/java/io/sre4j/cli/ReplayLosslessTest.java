package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay writes every line however slow its output: here 14,398 report lines, well over the
 * 8,192 lines of the log's queue, into a stream that stalls on every write.
 */
final class ReplayLosslessTest {

  @TempDir Path dir;

  @Test
  void aSlowOutputLosesNoLine() throws Exception {
    Path config =
        Files.writeString(dir.resolve("slo.properties"), ReplayCommandTest.CONFIG + "interval=1s\n");
    StringBuilder input = new StringBuilder();
    long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    int seconds = 2 * 3600;
    for (int i = 0; i < seconds; i++) {
      input.append(
          new Traffic.Event(start + i * 1000L + 500, "GET", "/api/a", 200, 1_000_000, false).json());
      input.append('\n');
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    OutputStream slow =
        new OutputStream() {
          @Override
          public void write(int b) {
            captured.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            LockSupport.parkNanos(5_000_000L);
            captured.write(b, off, len);
          }
        };
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(slow, false, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          Sre4jCli.run(
              new String[] {"replay", "--config", config.toString(), "-"},
              new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)),
              out,
              e);
    }

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<JsonNode> reports =
        Cli.jsonLines(captured.toString(StandardCharsets.UTF_8)).stream()
            .filter(line -> line.path("type").asText().equals("sli_report"))
            .toList();
    // an interval ends every second up to the last line, at 1:59:59.5
    assertThat(reports).hasSize(2 * (seconds - 1));
    assertThat(reports).allSatisfy(r -> assertThat(r.path("dropped_lines").asLong()).isZero());
    assertThat(reports.stream().mapToLong(r -> r.path("interval_valid").asLong()).sum())
        .isEqualTo(2L * (seconds - 1));
  }
}
