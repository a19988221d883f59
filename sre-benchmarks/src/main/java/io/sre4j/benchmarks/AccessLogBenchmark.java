package io.sre4j.benchmarks;

import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.core.log.StructuredLog.AccessLog;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * {@link RecordBenchmark}'s {@code sre4j} case with the access log on: {@link Endpoint#record} and
 * then {@link AccessLog#log} with a {@code traceparent}, into a structured log whose sink discards
 * the lines (the writer thread still takes each one off the queue). What this measures is the
 * request thread's enqueue cost. At full speed the producers can outrun the one writer thread and
 * lines are dropped (counted, never blocking); the cheaper drop path then lowers the score, so the
 * {@code queued} and {@code dropped} counters are reported beside it.
 *
 * <p>Run:
 *
 * <pre>
 * java -jar sre-benchmarks/target/benchmarks.jar AccessLogBenchmark -t 1 -prof gc
 * java -jar sre-benchmarks/target/benchmarks.jar AccessLogBenchmark -t 2 -prof gc
 * java -jar sre-benchmarks/target/benchmarks.jar AccessLogBenchmark -p sample=0.1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class AccessLogBenchmark {

  /** The fraction of good requests logged; bad ones always are. 1 (every request) by default. */
  @Param({"1.0"})
  public double sample;

  private SloRegistry registry;
  private StructuredLog log;
  private Endpoint endpoint;
  private AccessLog access;

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

  /** Lines queued and dropped (or not sampled) per iteration, summed over threads. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Lines {
    /** Lines that went into the queue. */
    public long queued;
    /** Lines not queued: dropped on a full queue, or not sampled. */
    public long dropped;

    /** Counts per iteration. */
    @Setup(Level.Iteration)
    public void reset() {
      queued = 0;
      dropped = 0;
    }
  }

  /** Builds the registry and the log. */
  @Setup(Level.Trial)
  public void setUp() {
    registry = Services.registry().build();
    endpoint = Services.endpoint(registry);
    log = Services.discardingLog(true, sample);
    access = log.accessLog();
  }

  /** Stops the threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    log.close();
    registry.close();
  }

  /** Records one pre-generated outcome and logs it. */
  @Benchmark
  public boolean recordAndLog(ThreadInputs in, Lines lines) {
    int i = in.index++ & Inputs.MASK;
    long nanos = in.inputs.nanos[i];
    int status = in.inputs.statuses[i];
    endpoint.record(status, nanos);
    boolean queued = access.log(endpoint, status, nanos, Services.TRACEPARENT, null);
    if (queued) {
      lines.queued++;
    } else {
      lines.dropped++;
    }
    return queued;
  }
}
