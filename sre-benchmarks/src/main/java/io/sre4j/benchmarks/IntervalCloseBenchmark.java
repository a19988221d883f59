package io.sre4j.benchmarks;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Closing one latency interval of 100 endpoints: the registry's tick that flips every endpoint's
 * recorder, extracts count, min, max, mean and five percentiles, appends the trend, and merges the
 * two SLOs' latency over the 100 endpoints. Before each close every endpoint records
 * {@link #recordsPerEndpoint} requests (not timed), so the close sees as many used buckets as real
 * traffic leaves: one request (sparse replay), or a thousand from {@link Inputs}' distribution.
 * Its cost must follow the buckets in use, not the 1 µs .. 1 h range.
 *
 * <pre>
 * java -jar sre-benchmarks/target/benchmarks.jar IntervalCloseBenchmark -t 1 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class IntervalCloseBenchmark {

  private static final int ENDPOINTS = 100;

  /** Requests each endpoint records in the interval being closed. */
  @Param({"1", "1000"})
  public int recordsPerEndpoint;

  private ManualClock clock;
  private SloRegistry registry;
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final Inputs inputs = new Inputs(16);
  private int index;

  /** One registry, manually ticked, with 100 endpoints covered by both SLOs. */
  @Setup(Level.Trial)
  public void setUp() {
    clock = ManualClock.at(Instant.parse("2026-10-01T00:00:00Z"));
    registry = Services.registry().clock(clock).manualTick().maxEndpoints(200).build();
    for (int i = 0; i < ENDPOINTS; i++) {
      endpoints.add(registry.endpoint(i % 4 == 0 ? "POST" : "GET", "/api/resource" + i + "/{id}"));
    }
  }

  /** The interval's traffic, recorded before the close is timed. */
  @Setup(Level.Invocation)
  public void record() {
    for (Endpoint endpoint : endpoints) {
      for (int k = 0; k < recordsPerEndpoint; k++) {
        int i = index++ & Inputs.MASK;
        endpoint.record(inputs.statuses[i], inputs.nanos[i]);
      }
    }
    clock.advance(Duration.ofSeconds(60));
  }

  /** Closes the interval of the 100 endpoints. */
  @Benchmark
  public void close100Endpoints() {
    registry.tick();
  }

  /** Releases the registry. */
  @TearDown(Level.Trial)
  public void tearDown() {
    registry.close();
  }
}
