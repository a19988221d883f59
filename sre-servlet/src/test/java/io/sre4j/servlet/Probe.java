package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.EndpointSelector;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Two SLOs registered on one endpoint (method and route) just before a test sends its request:
 * availability, and latency with a 50 ms threshold. Their counts say exactly what the filter
 * recorded for that route, and nothing else.
 */
final class Probe {

  /** The latency threshold of every probe: a request of 100 ms is slow. */
  static final Duration THRESHOLD = Duration.ofMillis(50);

  private static final AtomicInteger NAMES = new AtomicInteger();

  private final SloRegistry registry;
  private final String availability;
  private final String latency;

  private Probe(SloRegistry registry, String name) {
    this.registry = registry;
    this.availability = name + "-availability";
    this.latency = name + "-latency";
  }

  static Probe on(SloRegistry registry, String method, String route) {
    Probe probe = new Probe(registry, "probe" + NAMES.incrementAndGet());
    EndpointSelector selector = new EndpointSelector(List.of(route), Set.of(method), List.of());
    registry.register(SloSpec.builder(probe.availability).objective("99%").endpoints(selector).build());
    registry.register(SloSpec.builder(probe.latency).sli(Sli.latency(THRESHOLD)).objective("99%")
        .endpoints(selector).build());
    return probe;
  }

  /** A probe on the route of requests that matched no route, which counts them only when asked. */
  static Probe onUnmatched(SloRegistry registry) {
    Probe probe = new Probe(registry, "probe" + NAMES.incrementAndGet());
    EndpointSelector selector =
        new EndpointSelector(List.of("/**"), Set.of("GET"), List.of()).unmatched(true);
    registry.register(SloSpec.builder(probe.availability).objective("99%").endpoints(selector).build());
    registry.register(SloSpec.builder(probe.latency).sli(Sli.latency(THRESHOLD)).objective("99%")
        .endpoints(selector).build());
    return probe;
  }

  SloSnapshot availability() {
    return registry.snapshot(availability).orElseThrow();
  }

  SloSnapshot latency() {
    return registry.snapshot(latency).orElseThrow();
  }

  /** Waits until {@code valid} requests were recorded (async completion lands after the reply). */
  Probe await(long valid) {
    eventually(() -> availability().validEvents() >= valid);
    assertThat(availability().validEvents()).as("requests recorded on %s", availability)
        .isEqualTo(valid);
    return this;
  }

  /** Polls a condition for up to 10 s; a test of what happens, never of how fast. */
  static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
