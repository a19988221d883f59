package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.StateFile.BadStateFile;
import io.sre4j.core.StateFile.Contents;
import io.sre4j.core.StateFile.Section;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file's format: round trips, and every kind of damage refused with its reason. */
final class StateFileTest {

  private static final long NOW = Instant.parse("2027-03-10T12:00:00Z").toEpochMilli();

  @TempDir Path dir;

  private static Contents sample() {
    return new Contents(
        "orders",
        NOW,
        List.of(
            new Section(StateFile.KIND_SLO, "checkout", "sli=availability\n", new byte[] {1, 2, 3}),
            new Section(StateFile.KIND_REGISTRY, "", "", new byte[0])));
  }

  @Test
  void roundTripsEverySection() throws Exception {
    byte[] bytes = StateFile.encode(sample());

    assertThat(StateFile.decode(bytes, "orders")).isEqualTo(sample());
  }

  @Test
  void refusesEveryTruncation() {
    byte[] bytes = StateFile.encode(sample());
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> StateFile.decode(cut, "orders"))
          .as("cut at %d of %d bytes", length, bytes.length)
          .isInstanceOf(BadStateFile.class);
    }
  }

  @Test
  void refusesEverySingleBitFlip() {
    byte[] bytes = StateFile.encode(sample());
    for (int bit = 0; bit < bytes.length * 8; bit++) {
      byte[] flipped = bytes.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> StateFile.decode(flipped, "orders"))
          .as("bit %d flipped", bit)
          .isInstanceOf(BadStateFile.class);
    }
  }

  @Test
  void refusesAnotherVersionAnotherServiceAndForeignFiles() {
    byte[] bytes = StateFile.encode(sample());
    byte[] version2 = bytes.clone();
    version2[StateFile.MAGIC.length + 1] = 2;

    assertThatThrownBy(() -> StateFile.decode(version2, "orders"))
        .isInstanceOf(BadStateFile.class)
        .hasMessage("format version 2, this sre4j reads 1");
    assertThatThrownBy(() -> StateFile.decode(bytes, "payments"))
        .isInstanceOf(BadStateFile.class)
        .hasMessage("written by service 'orders', not 'payments'");
    assertThatThrownBy(() -> StateFile.decode("service=orders\n".getBytes(), "orders"))
        .isInstanceOf(BadStateFile.class)
        .hasMessage("not an sre4j state file (no magic number)");
  }

  @Test
  void writesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("sre4j.state");
    StateFile.writeAtomically(file, StateFile.encode(sample()));
    Contents second = new Contents("orders", NOW + 60_000, sample().sections());
    StateFile.writeAtomically(file, StateFile.encode(second));

    assertThat(StateFile.decode(StateFile.read(file), "orders")).isEqualTo(second);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sre4j.state");
    }
  }

  @Test
  void aMissingFileReadsAsNull() throws Exception {
    assertThat(StateFile.read(dir.resolve("absent"))).isNull();
  }

  @Test
  void movesABadFileAsideWithATimestamp() throws Exception {
    Path file = Files.writeString(dir.resolve("sre4j.state"), "garbage");

    Path aside = StateFile.moveAside(file, NOW);

    assertThat(aside.getFileName().toString()).isEqualTo("sre4j.state.corrupt-20270310T120000.000Z");
    assertThat(file).doesNotExist();
    assertThat(aside).hasContent("garbage");
  }

  @Test
  void wordsRoundTripInBothEncodings() throws IOException {
    Random random = new Random(7);
    long[] small = new long[1000];
    long[] huge = new long[1000];
    int[] ints = new int[1000];
    for (int i = 0; i < small.length; i++) {
      small[i] = random.nextInt(200);
      huge[i] = Long.MAX_VALUE - random.nextInt(1000);
      ints[i] = i % 3 == 0 ? -1 : random.nextInt(5);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      StateWords.writeLongs(out, small);
      StateWords.writeLongs(out, huge);
      StateWords.writeInts(out, ints);
    }
    long[] smallBack = new long[1000];
    long[] hugeBack = new long[1000];
    int[] intsBack = new int[1000];
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      StateWords.readLongs(in, smallBack);
      StateWords.readLongs(in, hugeBack);
      StateWords.readInts(in, intsBack);
      assertThat(in.available()).isZero();
    }
    assertThat(smallBack).isEqualTo(small);
    assertThat(hugeBack).isEqualTo(huge);
    assertThat(intsBack).isEqualTo(ints);
    // small counts take about a byte each; huge ones the fixed 8 bytes plus a tag
    assertThat(bytes.size()).isLessThan(2 * 1000 + 8 * 1000 + 4 * 1000 + 3);
  }

  @Test
  void aThirtyDaySloFitsIn64KiBOnDiskEvenWithHugeCounts() throws IOException {
    SloSpec spec =
        SloSpec.builder("checkout")
            .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.99))
            .build();
    SloState state = new SloState(spec);
    long t = NOW - Duration.ofDays(31).toMillis();
    for (long time = t; time <= NOW; time += 10_000) {
      state.add(time, Long.MAX_VALUE / 4_000_000, Long.MAX_VALUE / 8_000_000);
    }
    byte[] bytes = payload(state);
    Contents contents =
        new Contents("orders", NOW, List.of(new Section(StateFile.KIND_SLO, "checkout",
            SloFingerprint.of(spec), bytes)));

    assertThat(StateFile.encode(contents).length).isLessThanOrEqualTo(64 * 1024);
  }

  @Test
  void restoredCountsAnswerEveryLookbackAsTheOriginal() throws IOException {
    SloSpec spec = SloSpec.builder("checkout").build();
    SloState original = new SloState(spec);
    Random random = new Random(11);
    long start = NOW - Duration.ofDays(40).toMillis();
    for (long time = start; time <= NOW; time += 1 + random.nextInt(600_000)) {
      original.add(time, 1 + random.nextInt(100), random.nextInt(3));
    }
    SloState restored = new SloState(spec);
    boolean future = restored.readState(input(payload(original)), NOW);

    assertThat(future).isFalse();
    for (Duration lookback : List.of(Duration.ofMinutes(5), Duration.ofHours(1),
        Duration.ofHours(6), Duration.ofDays(3), Duration.ofDays(30))) {
      for (long later : new long[] {NOW, NOW + 3_600_000, NOW + 86_400_000}) {
        assertThat(restored.lookback(later, lookback))
            .as("%s at +%d ms", lookback, later - NOW)
            .isEqualTo(original.lookback(later, lookback));
      }
    }
    assertThat(restored.snapshot(NOW)).isEqualTo(original.snapshot(NOW));
    assertThat(restored.totalValid()).isEqualTo(original.totalValid());
  }

  @Test
  void bucketsFromTheFutureFoldIntoNowWithNothingLostOrDoubled() throws IOException {
    SloSpec spec = SloSpec.builder("checkout").build();
    SloState original = new SloState(spec);
    long written = NOW + Duration.ofHours(2).toMillis(); // the clock moved back 2 h
    for (long time = written - Duration.ofDays(2).toMillis(); time <= written; time += 30_000) {
      original.add(time, 10, 1);
    }
    SloState restored = new SloState(spec);

    boolean future = restored.readState(input(payload(original)), NOW);

    assertThat(future).isTrue();
    long[] all = restored.lookback(NOW, Duration.ofDays(30));
    long[] before = original.lookback(written, Duration.ofDays(30));
    assertThat(all[0]).isEqualTo(before[0]);
    assertThat(all[1]).isEqualTo(before[1]);
    for (Duration lookback : List.of(Duration.ofMinutes(5), Duration.ofHours(1),
        Duration.ofHours(6), Duration.ofDays(3))) {
      long[] sum = restored.lookback(NOW, lookback);
      assertThat(sum[0]).as("%s", lookback).isLessThanOrEqualTo(all[0]);
      // the file's buckets after now are in now's bucket: its last hour in the 10 s tier (120
      // adds of 10), its last 2 h (240 adds of 10) in the coarser tiers
      long folded = lookback.compareTo(Duration.ofHours(1)) <= 0 ? 1200 : 2400;
      assertThat(sum[0]).as("%s", lookback).isGreaterThanOrEqualTo(folded);
    }
  }

  @Test
  void aPayloadOfAnotherWindowIsRefused() throws IOException {
    SloState thirtyDays = new SloState(SloSpec.builder("checkout").build());
    SloState sevenDays =
        new SloState(SloSpec.builder("checkout").window(SloWindow.rolling(Duration.ofDays(7))).build());

    byte[] payload = payload(thirtyDays);
    assertThatThrownBy(() -> sevenDays.readState(input(payload), NOW))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected");
  }

  @Test
  void fingerprintNamesWhatChangedAndIgnoresTheObjective() {
    SloSpec before = SloSpec.builder("latency").sli(Sli.latency(Duration.ofMillis(800))).build();
    SloSpec after = SloSpec.builder("latency").sli(Sli.latency(Duration.ofMillis(500))).build();
    SloSpec objective =
        SloSpec.builder("latency").sli(Sli.latency(Duration.ofMillis(800))).objective(0.95).build();

    assertThat(SloFingerprint.of(objective)).isEqualTo(SloFingerprint.of(before));
    assertThat(SloFingerprint.changes(SloFingerprint.of(before), SloFingerprint.of(after)))
        .isEqualTo("threshold 800000000ns -> 500000000ns");
  }

  private static byte[] payload(SloState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      state.writeState(out);
    }
    return bytes.toByteArray();
  }

  private static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }
}
