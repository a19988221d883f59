package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Memory per SLO is fixed at registration and at most 64 KiB, whatever the traffic; the figure
 * {@link TieredCounts#retainedBytes()} reports is recomputed from the bucket arrays actually held.
 */
final class SloMemoryTest {

  private static final long LIMIT = 64 * 1024;

  static Stream<SloSpec> slos() {
    return Stream.of(
        SloSpec.builder("rolling-30d").build(),
        SloSpec.builder("rolling-28d").window(SloWindow.rolling(Duration.ofDays(28))).build(),
        SloSpec.builder("month")
            .window(SloWindow.calendarMonth(ZoneId.of("Europe/Berlin"))).build(),
        SloSpec.builder("slices-30d")
            .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.95)).build(),
        SloSpec.builder("rolling-400d").window(SloWindow.rolling(Duration.ofDays(400))).build());
  }

  @ParameterizedTest
  @MethodSource("slos")
  void retainedBytesFitIn64KiBAndMatchTheArrays(SloSpec spec) throws Exception {
    ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock).slo(spec).build()) {
      long retained = registry.retainedBytes(spec.name());
      TieredCounts buckets = buckets(registry, spec.name());
      System.out.printf("sre4j memory: SLO %-12s window %-5s %s: %,d bytes (bucket lengths %s)%n",
          spec.name(), spec.window().describe(),
          spec.budgeting() instanceof Budgeting.Timeslices ? "timeslices " : "occurrences",
          retained, lengths(buckets));

      assertThat(retained).isLessThanOrEqualTo(LIMIT);
      assertThat(retained).isEqualTo(fromArrayLengths(buckets));
    }
  }

  @Test
  void thirtyDayLayoutIsTheDocumentedOne() throws Exception {
    TieredCounts counts = new TieredCounts(Duration.ofDays(30), true);
    assertThat(lengths(counts)).containsExactly(360, 360, 432, 1_440);
    // the bytes of arrays quoted in the TieredCounts Javadoc, without and with time slices
    assertThat(payloadBytes(new TieredCounts(Duration.ofDays(30), false))).isEqualTo(52_992);
    assertThat(payloadBytes(counts)).isEqualTo(58_752);
    assertThat(counts.resolutionMillis(Duration.ofDays(30).toMillis()))
        .isEqualTo(Duration.ofMinutes(30).toMillis());
    assertThat(counts.retainedBytes()).isEqualTo(fromArrayLengths(counts));
    TieredCounts calendar = new TieredCounts(null, false);
    assertThat(lengths(calendar)).containsExactly(360, 360, 432);
    TieredCounts year = new TieredCounts(SloWindow.MAX_ROLLING, false);
    assertThat(year.resolutionMillis(SloWindow.MAX_ROLLING.toMillis()))
        .isEqualTo(Duration.ofMinutes(390).toMillis());
    assertThat(lengths(year)).containsExactly(360, 360, 432, 1_477);
  }

  @Test
  void retainedBytesDoNotGrowWithAMillionEvents() throws Exception {
    ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    SloSpec availability = SloSpec.builder("availability").build();
    SloSpec slices = SloSpec.builder("slices")
        .sli(Sli.latency(Duration.ofMillis(800)))
        .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.95))
        .build();
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock)
        .interval(Duration.ofHours(1)).slo(availability).slo(slices).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      long before = registry.retainedBytes("availability");
      long slicesBefore = registry.retainedBytes("slices");
      List<Object> arraysBefore = arrays(buckets(registry, "availability"));

      int events = 1_000_000;
      for (int i = 0; i < events; i++) {
        endpoint.record(i % 97 == 0 ? 503 : 200, (i % 13) * 100_000_000L);
        if (i % 100 == 0) {
          clock.advance(Duration.ofSeconds(37)); // ~4.3 simulated days in all
          registry.tick();
        }
      }
      SloSnapshot snapshot = registry.snapshot("availability").orElseThrow();
      long after = registry.retainedBytes("availability");
      System.out.printf("sre4j memory: after %,d events over %s: %,d bytes (was %,d)%n",
          events, Duration.ofMillis(snapshot.windowEnd().toEpochMilli()
              - Instant.parse("2027-03-10T12:00:00Z").toEpochMilli()), after, before);

      assertThat(snapshot.validEvents()).isEqualTo(events);
      assertThat(after).isEqualTo(before);
      assertThat(registry.retainedBytes("slices")).isEqualTo(slicesBefore);
      assertThat(fromArrayLengths(buckets(registry, "availability"))).isEqualTo(before);
      List<Object> arraysAfter = arrays(buckets(registry, "availability"));
      assertThat(arraysAfter).hasSameSizeAs(arraysBefore);
      for (int i = 0; i < arraysAfter.size(); i++) {
        assertThat(arraysAfter.get(i)).as("bucket array %s is never replaced", i)
            .isSameAs(arraysBefore.get(i));
      }
    }
  }

  // ---- the arrays, read reflectively from the registry ----

  private static TieredCounts buckets(SloRegistry registry, String sloName) throws Exception {
    Map<?, ?> slos = (Map<?, ?>) field(SloRegistry.class, "slos").get(registry);
    Object state = slos.get(sloName);
    return (TieredCounts) field(SloState.class, "buckets").get(state);
  }

  private static Object[] tiers(TieredCounts counts) throws Exception {
    return (Object[]) field(TieredCounts.class, "tiers").get(counts);
  }

  private static List<Integer> lengths(TieredCounts counts) throws Exception {
    List<Integer> lengths = new ArrayList<>();
    for (Object tier : tiers(counts)) {
      lengths.add(((long[]) field(tier.getClass(), "valid").get(tier)).length);
    }
    return lengths;
  }

  /** Every array each tier holds (null for the optional ones it does not keep). */
  private static List<Object> arrays(TieredCounts counts) throws Exception {
    List<Object> arrays = new ArrayList<>();
    for (Object tier : tiers(counts)) {
      for (Field field : instanceFields(tier.getClass())) {
        if (field.getType().isArray()) {
          arrays.add(field.get(tier));
        }
      }
    }
    return arrays;
  }

  /**
   * Recomputes the retained bytes from the arrays actually held, with the model documented on
   * {@link TieredCounts#retainedBytes()}: a 16-byte header per array and per {@code TieredCounts},
   * 8 bytes per slot of the tiers array, and per tier object a 12-byte header plus its fields
   * (4 bytes per reference), rounded up to 8.
   */
  private static long fromArrayLengths(TieredCounts counts) throws Exception {
    Object[] tiers = tiers(counts);
    long bytes = 16 + 16 + 8L * tiers.length;
    for (Object tier : tiers) {
      long object = 12;
      for (Field field : instanceFields(tier.getClass())) {
        Class<?> type = field.getType();
        object += type == long.class || type == double.class ? 8 : 4;
        Object value = field.get(tier);
        if (type.isArray() && value != null) {
          int elementBytes = type.getComponentType() == long.class ? 8 : 4;
          bytes += 16 + (long) elementBytes * Array.getLength(value);
        }
      }
      bytes += (object + 7) / 8 * 8;
    }
    return bytes;
  }

  /** The bytes of array elements alone, headers left out. */
  private static long payloadBytes(TieredCounts counts) throws Exception {
    long bytes = 0;
    for (Object array : arrays(counts)) {
      if (array != null) {
        int elementBytes = array.getClass().getComponentType() == long.class ? 8 : 4;
        bytes += (long) elementBytes * Array.getLength(array);
      }
    }
    return bytes;
  }

  private static List<Field> instanceFields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        field.setAccessible(true);
        fields.add(field);
      }
    }
    return fields;
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }
}
