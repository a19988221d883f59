package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.Clock.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a registry does with the state file it finds: a bad file never stops it, a changed SLO
 * starts fresh alone, and an unwritable directory only counts failures.
 */
final class StateRestoreRulesTest {

  private static final Instant START = Instant.parse("2027-03-10T12:00:00Z");

  @TempDir Path dir;

  private static SloRegistry.Builder builder(ManualClock clock, Path file, SloSpec... slos) {
    SloRegistry.Builder builder =
        SloRegistry.builder().service("orders").clock(clock).manualTick().stateFile(file);
    for (SloSpec slo : slos) {
      builder.slo(slo);
    }
    return builder;
  }

  private static SloSpec availability() {
    return SloSpec.builder("availability").build();
  }

  private static SloSpec latency(long thresholdMillis) {
    return SloSpec.builder("latency").sli(Sli.latency(Duration.ofMillis(thresholdMillis))).build();
  }

  /** Writes a file with 100 requests (10 failed, 20 slow) in each SLO given. */
  private Path written(ManualClock clock, SloSpec... slos) {
    Path file = dir.resolve("orders.state");
    try (SloRegistry registry = builder(clock, file, slos).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/orders");
      for (int i = 0; i < 100; i++) {
        endpoint.record(i < 10 ? 500 : 200, (i % 5 == 0 ? 900 : 100) * 1_000_000L);
      }
      registry.tick();
    }
    return file;
  }

  private static long valid(SloRegistry registry, String slo) {
    return registry.snapshot(slo).orElseThrow().validEvents();
  }

  private List<String> asideFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".corrupt-")).toList();
    }
  }

  @Test
  void aCorruptFileIsMovedAsideAndTheRegistryStartsFresh() throws IOException {
    ManualClock clock = ManualClock.at(START);
    Path file = written(clock, availability());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);

    try (SloRegistry registry = builder(clock, file, availability()).build()) {
      assertThat(registry.stateStatus().orElseThrow().restoreOutcome()).isEqualTo("corrupt");
      assertThat(valid(registry, "availability")).isZero();
    }
    assertThat(asideFiles()).containsExactly("orders.state.corrupt-20270310T120000.000Z");
    assertThat(file).exists(); // written anew on close
  }

  @Test
  void aTruncatedFileAndAnotherServicesFileAreMovedAsideToo() throws IOException {
    ManualClock clock = ManualClock.at(START);
    Path file = written(clock, availability());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7));
    try (SloRegistry registry = builder(clock, file, availability()).build()) {
      assertThat(registry.stateStatus().orElseThrow().restoreOutcome()).isEqualTo("corrupt");
    }
    clock.advance(Duration.ofSeconds(1));
    try (SloRegistry other =
        SloRegistry.builder().service("payments").clock(clock).manualTick().stateFile(file)
            .slo(availability()).build()) {
      assertThat(other.stateStatus().orElseThrow().restoreOutcome()).isEqualTo("corrupt");
    }
    assertThat(asideFiles()).hasSize(2);
  }

  @Test
  void aChangedSloStartsFreshWhileTheOthersAreRestored() {
    ManualClock clock = ManualClock.at(START);
    Path file = written(clock, availability(), latency(800));

    try (SloRegistry registry = builder(clock, file, availability(), latency(500)).build()) {
      assertThat(registry.stateStatus().orElseThrow().restoreOutcome())
          .isEqualTo("partly restored");
      assertThat(valid(registry, "availability")).isEqualTo(100);
      assertThat(valid(registry, "latency")).isZero();
    }
  }

  @Test
  void aChangedObjectiveKeepsTheCounts() {
    ManualClock clock = ManualClock.at(START);
    Path file = written(clock, availability());

    try (SloRegistry registry =
        builder(clock, file, SloSpec.builder("availability").objective(0.95).build()).build()) {
      assertThat(registry.stateStatus().orElseThrow().restoreOutcome()).isEqualTo("restored");
      SloSnapshot snapshot = registry.snapshot("availability").orElseThrow();
      assertThat(snapshot.validEvents()).isEqualTo(100);
      assertThat(snapshot.objective()).isEqualTo(0.95);
    }
  }

  @Test
  void anSloOnlyInTheFileIsDroppedAndANewOneStartsFresh() {
    ManualClock clock = ManualClock.at(START);
    Path file = written(clock, availability(), latency(800));

    try (SloRegistry registry = builder(clock, file, latency(800),
        SloSpec.builder("checkout").build()).build()) {
      assertThat(registry.stateStatus().orElseThrow().restoreOutcome())
          .isEqualTo("partly restored");
      assertThat(valid(registry, "latency")).isEqualTo(90);
      assertThat(valid(registry, "checkout")).isZero();
    }
  }

  @Test
  void aFileFromTheFutureIsRestoredIntoNow() {
    ManualClock clock = ManualClock.at(START.plus(Duration.ofHours(3)));
    Path file = written(clock, availability());
    ManualClock movedBack = ManualClock.at(START); // the wall clock is 3 h earlier after the restart

    try (SloRegistry registry = builder(movedBack, file, availability()).build()) {
      assertThat(registry.stateStatus().orElseThrow().restoreOutcome()).isEqualTo("restored");
      assertThat(valid(registry, "availability")).isEqualTo(100);
      assertThat(registry.lookback("availability", Duration.ofMinutes(5)).orElseThrow())
          .startsWith(100L, 10L);
    }
  }

  @Test
  void anUnwritableDirectoryCountsFailuresAndTheRegistryKeepsCounting() throws IOException {
    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
    Path file = locked.resolve("orders.state");
    ManualClock clock = ManualClock.at(START);
    boolean root = Files.isWritable(locked); // root ignores permissions
    Path target = root ? dir.resolve("missing-dir").resolve("orders.state") : file;

    SloRegistry registry =
        builder(clock, target, availability()).stateFlush(Duration.ofSeconds(1)).build();
    Endpoint endpoint = registry.endpoint("GET", "/orders");
    for (int i = 0; i < 3; i++) {
      endpoint.record(200, 1_000_000);
      clock.advance(Duration.ofSeconds(2));
      registry.tick();
    }
    registry.close();

    SloRegistry.StateStatus status = registry.stateStatus().orElseThrow();
    assertThat(status.writes()).isZero();
    assertThat(status.writeFailures()).isEqualTo(4); // three ticks and the close
    assertThat(status.lastWritten()).isEmpty();
    assertThat(valid(registry, "availability")).isEqualTo(3);
    assertThat(target).doesNotExist();
  }

  @Test
  void theFlushPeriodIsChecked() {
    assertThatThrownBy(() -> SloRegistry.builder().stateFlush(Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state.flush must be between 1s and 1h but was \"500ms\"");
    assertThatThrownBy(() -> SloRegistry.builder().stateFlush(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state.flush must be between 1s and 1h but was \"2h\"");
  }

  @Test
  void theStateKeysAreReadFromConfiguration() {
    Path file = dir.resolve("configured.state");
    Sre4jConfig config = Sre4jConfig.from(java.util.Map.of(
        "service", "orders", "state.file", file.toString(), "state.flush", "10s"));
    try (SloRegistry registry = config.applyTo(SloRegistry.builder().manualTick()).build()) {
      assertThat(registry.stateStatus().orElseThrow().file()).isEqualTo(file.toAbsolutePath());
    }
    assertThat(file).exists();
    assertThatThrownBy(() -> Sre4jConfig.from(java.util.Map.of("state.flush", "2h")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state.flush must be between 1s and 1h but was \"2h\"");
  }
}
