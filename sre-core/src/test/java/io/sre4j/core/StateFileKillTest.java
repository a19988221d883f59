package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.StateFile.Contents;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL at random moments always leaves a file that restores either the
 * last state it reported written or the one it was writing: never a torn file.
 */
final class StateFileKillTest {

  private static final int TRIALS = 50;

  @TempDir Path dir;

  @Test
  void aWriterKilledAtRandomMomentsLeavesThePreviousOrTheLatestState() throws Exception {
    Path file = dir.resolve("sre4j.state");
    Random random = new Random(2026);
    String classPath = classPath();
    long next = 1;
    List<String> outcomes = new ArrayList<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      Process process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xshare:auto",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  classPath,
                  StateWriterMain.class.getName(),
                  file.toString(),
                  Long.toString(next))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      long lastReported = next - 1;
      int writesBeforeKill = 1 + random.nextInt(40);
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
        for (int i = 0; i < writesBeforeKill; i++) {
          String line = out.readLine();
          assertThat(line).as("trial %d: the writer's output", trial).startsWith("wrote ");
          lastReported = Long.parseLong(line.substring("wrote ".length()));
        }
        // SIGKILL (no shutdown hook, no finally), through the handle so our end of the pipe stays open
        process.toHandle().destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String line;
        while ((line = out.readLine()) != null) { // written after our last read, before the kill
          lastReported = Long.parseLong(line.substring("wrote ".length()));
        }
      }
      Contents restored = StateFile.decode(StateFile.read(file), "kill-test");
      long seen = restored.writtenAtMillis();
      assertThat(seen)
          .as("trial %d: restored state %d, last reported %d", trial, seen, lastReported)
          .isBetween(lastReported, lastReported + 1);
      byte[] payload = restored.sections().get(0).payload();
      for (byte b : payload) {
        assertThat(b).isEqualTo((byte) (seen % 251));
      }
      outcomes.add(seen == lastReported ? "latest" : "in-flight");
      next = seen + 1;
    }
    try (var files = Files.list(dir)) {
      // at most the temporary file of a killed write is left beside the state file
      assertThat(files.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.equals("sre4j.state") || name.equals("sre4j.state.tmp"));
    }
    assertThat(outcomes).hasSize(TRIALS);
    System.out.printf("state file kill test: %d trials, %d restored the last reported write, %d the"
        + " write in flight%n", TRIALS, outcomes.stream().filter("latest"::equals).count(),
        outcomes.stream().filter("in-flight"::equals).count());
  }

  private static String classPath() throws Exception {
    Path tests = Path.of(StateWriterMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path main = Path.of(StateFile.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return tests + java.io.File.pathSeparator + main;
  }
}
