package io.sre4j.benchmarks;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading costs: the snapshot and the status of a 30-day SLO whose every bucket holds data, a
 * report of 100 endpoints with a full trend of 60 one-minute intervals each, and an alert
 * evaluation (3 default rules on 2 SLOs). Reads take the registry's lock and tick first, as they
 * do in a service; the registry here ticks manually on a manual clock, so the 30 days are filled
 * in the set-up. The {@code mixed} group records on one thread while another snapshots: the
 * recording thread never waits for the reader. The target (PRODUCT.md): a 30-day snapshot under 1
 * ms.
 *
 * <p>Run (reads serialise on the registry's lock; one thread, the group uses two):
 *
 * <pre>
 * java -jar sre-benchmarks/target/benchmarks.jar ReadBenchmark -t 1 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ReadBenchmark {

  /** A registry with two 30-day SLOs on one endpoint, data in every bucket of every tier. */
  @State(Scope.Benchmark)
  public static class Window30d {
    SloRegistry registry;
    Endpoint endpoint;

    /** Fills 30 days. */
    @Setup(Level.Trial)
    public void setUp() {
      ManualClock clock = ManualClock.at(Instant.parse("2026-10-01T00:00:00Z"));
      registry = Services.registry().clock(clock).manualTick().interval(Duration.ofHours(1)).build();
      endpoint = Services.endpoint(registry);
      fill(registry, clock, List.of(endpoint), Duration.ofDays(30));
    }
  }

  /** A registry with 100 endpoints, each with a trend of 60 one-minute intervals. */
  @State(Scope.Benchmark)
  public static class Report100 {
    SloRegistry registry;

    /** Records 61 minutes into 100 endpoints. */
    @Setup(Level.Trial)
    public void setUp() {
      ManualClock clock = ManualClock.at(Instant.parse("2026-10-01T00:00:00Z"));
      registry = Services.registry().clock(clock).manualTick().maxEndpoints(200).build();
      List<Endpoint> endpoints = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        endpoints.add(registry.endpoint(i % 4 == 0 ? "POST" : "GET", "/api/resource" + i + "/{id}"));
      }
      Inputs inputs = new Inputs(42);
      int index = 0;
      for (int minute = 0; minute <= 60; minute++) {
        for (int second = 0; second < 60; second += 10) {
          for (Endpoint endpoint : endpoints) {
            for (int k = 0; k < 5; k++) {
              int i = index++ & Inputs.MASK;
              endpoint.record(inputs.statuses[i], inputs.nanos[i]);
            }
          }
          clock.advance(Duration.ofSeconds(10));
          registry.tick();
        }
      }
    }
  }

  /**
   * Records into {@code endpoints} and ticks, walking the clock over {@code window} so that every
   * bucket of every tier ends up with counts: 10-minute steps up to 6 hours before the end, then
   * 1-minute steps up to the last hour, then 10-second steps.
   */
  static void fill(SloRegistry registry, ManualClock clock, List<Endpoint> endpoints, Duration window) {
    Inputs inputs = new Inputs(7);
    int index = 0;
    long total = window.toSeconds();
    long elapsed = 0;
    while (elapsed < total) {
      long left = total - elapsed;
      long step = left > 6 * 3600 ? 600 : left > 3600 ? 60 : 10;
      for (Endpoint endpoint : endpoints) {
        for (int k = 0; k < 20; k++) {
          int i = index++ & Inputs.MASK;
          endpoint.record(inputs.statuses[i], inputs.nanos[i]);
        }
      }
      clock.advance(Duration.ofSeconds(step));
      registry.tick();
      elapsed += step;
    }
  }

  /** The availability SLO's figures over its 30 days: one tick plus a sum over 1,440 buckets. */
  @Benchmark
  public SloSnapshot snapshot30d(Window30d state) {
    return state.registry.snapshot(Services.AVAILABILITY).orElseThrow();
  }

  /** The availability SLO's full status: the snapshot plus burn rates over every alert window. */
  @Benchmark
  public SloStatus status30d(Window30d state) {
    return state.registry.status(Services.AVAILABILITY).orElseThrow();
  }

  /** Alerts and budget policy evaluated now, on both SLOs. */
  @Benchmark
  public SloRegistry evaluateAlerts(Window30d state) {
    state.registry.evaluate();
    return state.registry;
  }

  /** Every endpoint's latency trend: 100 endpoints of 60 intervals each. */
  @Benchmark
  public List<EndpointSnapshot> report100Endpoints(Report100 state) {
    return state.registry.endpointSnapshots();
  }

  /** Per-thread inputs for the recording side of the mixed group. */
  @State(Scope.Thread)
  public static class WriterInputs {
    final Inputs inputs = new Inputs(0x5EEDL);
    int index;
  }

  /** The mixed group's writer: records while the other thread snapshots. */
  @Benchmark
  @Group("mixed")
  @GroupThreads(1)
  public long mixedRecord(Window30d state, WriterInputs in) {
    int i = in.index++ & Inputs.MASK;
    long nanos = in.inputs.nanos[i];
    state.endpoint.record(in.inputs.statuses[i], nanos);
    return nanos;
  }

  /** The mixed group's reader. */
  @Benchmark
  @Group("mixed")
  @GroupThreads(1)
  public SloSnapshot mixedSnapshot(Window30d state) {
    return state.registry.snapshot(Services.AVAILABILITY).orElseThrow();
  }
}
