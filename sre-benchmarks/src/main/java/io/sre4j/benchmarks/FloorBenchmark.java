package io.sre4j.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under any request instrumentation: what timing a request and counting it cost before
 * anything is recorded. Every instrumented request pays one {@code nanoTime} pair; a counter is the
 * least a recorder can do.
 *
 * <p>Run, at 1 and then 2 threads (the thread count is JMH's {@code -t}, not a copy of each method):
 *
 * <pre>
 * java -jar sre-benchmarks/target/benchmarks.jar FloorBenchmark -t 1 -prof gc
 * java -jar sre-benchmarks/target/benchmarks.jar FloorBenchmark -t 2 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FloorBenchmark {

  /** Shared by all benchmark threads, as a per-endpoint counter would be. */
  private final LongAdder adder = new LongAdder();

  /** One {@code System.nanoTime()} pair: start and end of a request. */
  @Benchmark
  public long nanoTimePair() {
    long start = System.nanoTime();
    return System.nanoTime() - start;
  }

  /** One wall-clock read, as an access line's time stamp takes. */
  @Benchmark
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }

  /** One increment of a {@link LongAdder} shared by every thread. */
  @Benchmark
  public void longAdderIncrement() {
    adder.increment();
  }
}
