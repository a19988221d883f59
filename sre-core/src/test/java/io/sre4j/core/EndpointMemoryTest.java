package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The heap an endpoint holds, measured by walking every object reachable from it: at most 32 KiB
 * with one SLO and a full 60-interval trend while writers do not contend (issue 16), and a
 * recorder stripe costs what {@link LatencyRecorder#STRIPE_BYTES} says.
 *
 * <p>The size model is {@link SloMemoryTest}'s (compressed references and class pointers): 12-byte
 * object headers plus 8 bytes per long or double and 4 per other field, rounded up to 8; 16-byte
 * array headers plus the elements, rounded up to 8. Classes of java.base, whose fields are closed
 * to reflection, are sized by their layout in JDK 17: a {@link String} of Latin-1 characters, an
 * {@link Instant}, an uncontended {@link LongAdder} and an {@link ArrayDeque} whose array is taken
 * at its largest, twice its size plus two. Left out as not the endpoint's own: the registry's
 * status table and the SLO (its state and judgement table), shared by every endpoint.
 */
final class EndpointMemoryTest {

  private static final long LIMIT = 32 * 1024;
  private static final long MS = 1_000_000L;

  @Test
  void anEndpointWithOneSloAndAFullTrendFitsIn32KiB() throws Exception {
    ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock)
        .slo(SloSpec.builder("availability").build()).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      for (int interval = 0; interval < 70; interval++) {
        // every bucket of the layout, once, so that every bitmap word is in use too
        for (int bucket = 0; bucket < LatencyLayout.BUCKETS; bucket++) {
          endpoint.record(bucket % 50 == 0 ? 503 : 200, LatencyLayout.lowest(bucket));
        }
        clock.advance(Duration.ofSeconds(60));
        registry.tick();
      }
      EndpointSnapshot snapshot = registry.endpointSnapshots().get(0);
      assertThat(snapshot.intervals()).hasSize(60);
      assertThat(snapshot.latest().orElseThrow().count()).isEqualTo(LatencyLayout.BUCKETS);

      Object[] shared = sharedWith(registry, endpoint);
      long bytes = deepSize(endpoint, shared);
      Object recorder = field(Endpoint.class, "latency").get(endpoint);
      long recorderBytes = deepSize(recorder, shared);
      System.out.printf("sre4j memory: endpoint with one SLO and 60 intervals: %,d bytes, of which"
          + " the latency recorder %,d (%d stripe)%n", bytes, recorderBytes,
          ((LatencyRecorder) recorder).stripes());

      assertThat(((LatencyRecorder) recorder).stripes()).isEqualTo(1);
      assertThat(bytes).isLessThanOrEqualTo(LIMIT);
      assertThat(recorderBytes).isEqualTo(endpoint.latencyBytes());
    }
  }

  @Test
  void aStripeCostsTheDocumentedBytes() throws Exception {
    LatencyRecorder.Stripe stripe = new LatencyRecorder.Stripe(0);
    assertThat(deepSize(stripe, new Object[0])).isEqualTo(LatencyRecorder.STRIPE_BYTES);
    assertThat(LatencyRecorder.STRIPE_BYTES).isEqualTo(18_032);
    assertThat(LatencyLayout.BUCKETS).isEqualTo(2_089);
  }

  /** The registry's objects an endpoint refers to: the status table, the SLO's state and table. */
  private static Object[] sharedWith(SloRegistry registry, Endpoint endpoint) throws Exception {
    List<Object> shared = new ArrayList<>();
    shared.add(field(Endpoint.class, "failures").get(endpoint));
    for (Object counter : (Object[]) field(Endpoint.class, "sloCounters").get(endpoint)) {
      shared.add(field(SloCounter.class, "slo").get(counter));
      shared.add(field(SloCounter.class, "judgement").get(counter));
    }
    return shared.toArray();
  }

  private static long deepSize(Object root, Object[] shared) throws Exception {
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    for (Object object : shared) {
      seen.put(object, true);
    }
    ArrayDeque<Object> pending = new ArrayDeque<>();
    pending.add(root);
    seen.put(root, true);
    long bytes = 0;
    while (!pending.isEmpty()) {
      Object object = pending.removeFirst();
      Class<?> type = object.getClass();
      List<Object> children = new ArrayList<>();
      if (type.isArray()) {
        int length = Array.getLength(object);
        Class<?> element = type.getComponentType();
        int elementBytes = element == long.class || element == double.class ? 8
            : element == byte.class || element == boolean.class ? 1
            : element == short.class || element == char.class ? 2 : 4;
        bytes += align(16 + (long) elementBytes * length);
        if (!element.isPrimitive()) {
          for (int i = 0; i < length; i++) {
            children.add(Array.get(object, i));
          }
        }
      } else if (object instanceof String string) {
        bytes += 24 + align(16 + string.length());
      } else if (object instanceof Instant) {
        bytes += 24;
      } else if (object instanceof LongAdder) {
        bytes += 32; // base, cellsBusy and a null cells array while uncontended
      } else if (object instanceof ArrayDeque<?> deque) {
        bytes += 24 + align(16 + 4L * (2L * deque.size() + 2));
        children.addAll(deque);
      } else {
        assertThat(type.getPackageName()).as("sized by reflection").startsWith("io.sre4j");
        long shallow = 12;
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
          for (Field field : c.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
              continue;
            }
            field.setAccessible(true);
            Class<?> fieldType = field.getType();
            shallow += fieldType == long.class || fieldType == double.class ? 8 : 4;
            if (!fieldType.isPrimitive()) {
              children.add(field.get(object));
            }
          }
        }
        bytes += align(shallow);
      }
      for (Object child : children) {
        if (child != null && seen.put(child, true) == null) {
          pending.add(child);
        }
      }
    }
    return bytes;
  }

  private static long align(long bytes) {
    return (bytes + 7) / 8 * 8;
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }
}
