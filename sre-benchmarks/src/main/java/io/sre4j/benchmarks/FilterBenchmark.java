package io.sre4j.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.servlet.ServletSettings;
import io.sre4j.servlet.SloFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A filter's own cost per request, through a minimal request/response pair ({@link StubRequest},
 * {@link StubResponse}) and a chain that only sets the status: {@code none} calls the chain
 * directly (the floor), {@code sre4j} is {@link SloFilter} (route from the servlet mapping,
 * in-flight gauge, {@code nanoTime} pair, {@code record} into two SLOs), {@code sre4jAccessLog} the
 * same with the access log on (lines discarded by the sink), {@code micrometer} the
 * {@link MicrometerTimingFilter}. The end-to-end run measures the same filters in a real Jetty.
 *
 * <p>Run:
 *
 * <pre>
 * java -jar sre-benchmarks/target/benchmarks.jar FilterBenchmark -t 1 -prof gc
 * java -jar sre-benchmarks/target/benchmarks.jar FilterBenchmark -t 2 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FilterBenchmark {

  /** Which filter: {@code none}, {@code sre4j}, {@code sre4jAccessLog} or {@code micrometer}. */
  @Param({"none", "sre4j", "sre4jAccessLog", "micrometer"})
  public String filter;

  private Filter instance;
  private SloRegistry registry;
  private StructuredLog log;
  private SimpleMeterRegistry meters;

  /** One request/response pair per thread, and its pre-generated statuses. */
  @State(Scope.Thread)
  public static class Exchange {
    final StubRequest request = new StubRequest();
    final StubResponse response = new StubResponse();
    Inputs inputs;
    int index;
    final FilterChain chain = new FilterChain() {
      @Override
      public void doFilter(ServletRequest req, ServletResponse res) {
        ((StubResponse) res).setStatus(inputs.statuses[index & Inputs.MASK]);
      }
    };

    /** Seeds each thread differently. */
    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      inputs = new Inputs(0x5EEDL + thread.getThreadIndex());
    }
  }

  /** Builds the filter. */
  @Setup(Level.Trial)
  public void setUp() {
    switch (filter) {
      case "none" -> instance = null;
      case "sre4j", "sre4jAccessLog" -> {
        registry = Services.registry().build();
        log = Services.discardingLog(filter.equals("sre4jAccessLog"), 1.0);
        instance = new SloFilter(registry, ServletSettings.defaults(), log);
      }
      case "micrometer" -> {
        meters = new SimpleMeterRegistry();
        instance = new MicrometerTimingFilter(meters);
      }
      default -> throw new IllegalArgumentException("filter: " + filter);
    }
  }

  /** Stops the threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (log != null) {
      log.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (meters != null) {
      meters.close();
    }
  }

  /** One request through the filter; returns the status the response ended with. */
  @Benchmark
  public int doFilter(Exchange exchange) throws IOException, ServletException {
    exchange.index++;
    exchange.request.reset();
    exchange.response.reset();
    if (instance == null) {
      exchange.chain.doFilter(exchange.request, exchange.response);
    } else {
      instance.doFilter(exchange.request, exchange.response, exchange.chain);
    }
    return exchange.response.getStatus();
  }
}
