package io.sre4j.benchmarks;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Recording one request outcome (status and duration, pre-generated from a realistic distribution,
 * see {@link Inputs}) into one shared recorder: raw HdrHistogram, Micrometer timers in their
 * common configurations, and sre4j's {@link Endpoint#record} feeding an availability and a latency
 * SLO plus percentiles and bands. The implementation is a {@code @Param}; the thread count is JMH's
 * {@code -t}. The target (PRODUCT.md): {@code sre4j} at 0 B/op and at most half of
 * {@code micrometerPercentiles}, at 1 and 2 threads.
 *
 * <p>Run:
 *
 * <pre>
 * java -jar sre-benchmarks/target/benchmarks.jar RecordBenchmark -t 1 -prof gc
 * java -jar sre-benchmarks/target/benchmarks.jar RecordBenchmark -t 2 -prof gc
 * java -jar sre-benchmarks/target/benchmarks.jar RecordBenchmark -t 4 -prof gc
 * java -jar sre-benchmarks/target/benchmarks.jar RecordBenchmark -p impl=sre4j,micrometerPercentiles -t 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RecordBenchmark {

  /**
   * What records: {@code hdrRecorder} a shared HdrHistogram {@link Recorder} (1 µs .. 1 h, 3
   * digits); {@code micrometerTimer} a plain {@link Timer}; {@code micrometerPercentiles} one with
   * {@code publishPercentiles(0.5, 0.95, 0.99)}; {@code micrometerSlos} one with
   * {@code serviceLevelObjectives(400ms, 800ms)}; {@code micrometerPerRequest} Spring's way, a
   * {@code Timer.builder(...).tags(...).register(...)} per request; {@code sre4j} one
   * {@link Endpoint#record}.
   */
  @Param({"hdrRecorder", "micrometerTimer", "micrometerPercentiles", "micrometerSlos",
      "micrometerPerRequest", "sre4j"})
  public String impl;

  private Recording recording;
  private AutoCloseable resources;

  /** Per-thread inputs and position. */
  @State(Scope.Thread)
  public static class ThreadInputs {
    Inputs inputs;
    int index;

    /** Seeds each thread differently. */
    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      inputs = new Inputs(0x5EEDL + thread.getThreadIndex());
    }
  }

  /** Builds the recorder named by {@link #impl}. */
  @Setup(Level.Trial)
  public void setUp() {
    switch (impl) {
      case "hdrRecorder" -> {
        Recorder recorder = new Recorder(1_000L, Endpoint.MAX_DURATION_NANOS, 3);
        recording = (status, nanos) -> recorder.recordValue(Math.min(nanos, Endpoint.MAX_DURATION_NANOS));
      }
      case "micrometerTimer" -> recording = micrometer(Timer.builder("http.server.requests"));
      case "micrometerPercentiles" ->
          recording = micrometer(Timer.builder("http.server.requests").publishPercentiles(0.5, 0.95, 0.99));
      case "micrometerSlos" -> recording = micrometer(Timer.builder("http.server.requests")
          .serviceLevelObjectives(Duration.ofMillis(400), Duration.ofMillis(800)));
      case "micrometerPerRequest" -> {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        resources = registry::close;
        recording = new MicrometerPerRequest(registry, "GET", Services.ROUTE);
      }
      case "sre4j" -> {
        SloRegistry registry = Services.registry().build();
        resources = registry;
        Endpoint endpoint = Services.endpoint(registry);
        recording = endpoint::record;
      }
      default -> throw new IllegalArgumentException("impl: " + impl);
    }
  }

  private Recording micrometer(Timer.Builder builder) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    resources = registry::close;
    Timer timer = builder.register(registry);
    return (status, nanos) -> timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Stops the registry's threads. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (resources != null) {
      resources.close();
    }
  }

  /** Records one pre-generated outcome; returns its duration so nothing is dead code. */
  @Benchmark
  public long record(ThreadInputs in) {
    int i = in.index++ & Inputs.MASK;
    long nanos = in.inputs.nanos[i];
    recording.record(in.inputs.statuses[i], nanos);
    return nanos;
  }

  /** One recorder behind one call site (monomorphic within a fork: one implementation each). */
  @FunctionalInterface
  interface Recording {
    void record(int status, long nanos);
  }

  /**
   * Spring Boot's way of timing a request: look the timer up per request by its tags, which is a
   * {@code Timer.builder(...).tags(...).register(registry)} on every call (the status and outcome
   * tags are only known at the end), then record.
   */
  static final class MicrometerPerRequest implements Recording {
    private final SimpleMeterRegistry registry;
    private final String method;
    private final String uri;

    MicrometerPerRequest(SimpleMeterRegistry registry, String method, String uri) {
      this.registry = registry;
      this.method = method;
      this.uri = uri;
    }

    @Override
    public void record(int status, long nanos) {
      Timer.builder("http.server.requests")
          .tags("exception", "none", "method", method, "outcome", outcome(status),
              "status", String.valueOf(status), "uri", uri)
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String outcome(int status) {
      return status >= 500 ? "SERVER_ERROR" : status >= 400 ? "CLIENT_ERROR" : "SUCCESS";
    }
  }
}
