package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with the input: {@code sre4j replay} in its own JVM with a 32 MiB heap
 * replays a month of a quiet service, 2 requests a second for 30 days (5,184,000 lines, about 500
 * MB), from standard input, and its summary counts every line. The lines are generated while the
 * replay reads them, through the pipe, so neither process ever holds the input; a heap that grew
 * with it would end in an {@link OutOfMemoryError} (the JVM is told to exit on one). Timestamps
 * are epoch milliseconds, the cheapest to generate; the time each takes is the benchmarks' business
 * ({@code ReplayRun}), not this test's.
 */
final class ReplayMemoryTest {

  private static final long SECONDS = 30L * 24 * 3600;
  private static final long LINES = 2 * SECONDS;

  @TempDir Path dir;

  @Test
  void aMonthOfLinesReplaysInA32MiBHeap() throws Exception {
    Path config = Files.writeString(dir.resolve("slo.properties"), ReplayCommandTest.CONFIG);
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                Sre4jCli.class.getName(),
                "replay",
                "--config",
                config.toString(),
                "-")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    long bad = 0;
    try (OutputStream in = new BufferedOutputStream(process.getOutputStream(), 1 << 16)) {
      bad = generate(in);
    } catch (UncheckedIOException e) {
      // the replay died: its exit code and stderr say why
    }
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    String err = Files.readString(dir.resolve("err.txt"));

    assertThat(process.exitValue()).as(err).isZero();
    assertThat(err)
        .contains("5,184,000 lines read, 5,184,000 replayed, 0 malformed, 0 ignored")
        .contains(
            String.format(
                java.util.Locale.ROOT, "(%,d good of %,d valid, %,d bad)", LINES - bad, LINES, bad))
        .contains("simulated time 2026-11-01T00:00:00Z .. 2026-11-30T23:59:59.500Z");
  }

  /** Writes the lines; returns how many failed. */
  private static long generate(OutputStream out) {
    long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    byte[][] routes = {
      bytes("\",\"type\":\"access\",\"route\":\"/api/orders/{id}\",\"method\":\"GET\",\"status\":"),
      bytes("\",\"type\":\"access\",\"route\":\"/api/orders\",\"method\":\"POST\",\"status\":"),
      bytes("\",\"type\":\"access\",\"route\":\"/api/catalog/**\",\"method\":\"GET\",\"status\":"),
    };
    byte[] head = bytes("{\"ts\":\"");
    byte[] ok = bytes("200,\"duration_ms\":");
    byte[] failed = bytes("503,\"duration_ms\":");
    byte[] tail = bytes("}\n");
    long bad = 0;
    try {
      for (long i = 0; i < LINES; i++) {
        boolean fails = i % 997 == 0;
        bad += fails ? 1 : 0;
        out.write(head);
        out.write(bytes(Long.toString(start + i * 500)));
        out.write(routes[(int) (i % routes.length)]);
        out.write(fails ? failed : ok);
        out.write(bytes(Long.toString(1 + i % 250)));
        out.write(tail);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bad;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
