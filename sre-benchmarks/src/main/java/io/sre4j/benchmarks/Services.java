package io.sre4j.benchmarks;

import io.sre4j.core.Endpoint;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.log.StructuredLog;
import java.time.Duration;

/**
 * The sre4j set-up every benchmark measures, built the way a service would: one registry with an
 * availability SLO (99.9 %) and a latency SLO (99 % within 800 ms), both over a rolling 30 days and
 * covering every endpoint, ticking on its own thread; and, where wanted, a structured log whose
 * lines are discarded.
 */
public final class Services {

  /** The route every single-endpoint benchmark records into. */
  public static final String ROUTE = "/api/orders/{id}";

  /** The availability SLO's name. */
  public static final String AVAILABILITY = "orders-availability";

  /** The latency SLO's name. */
  public static final String LATENCY = "orders-latency";

  /** A valid W3C {@code traceparent}, as a traced request carries. */
  public static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  /**
   * The access-log queue of the microbenchmarks: {@value} lines. The writer thread sleeps 5 ms
   * when it finds the queue empty; a benchmark loop offers a line every 100-200 ns, several
   * thousand lines in those 5 ms, which would overflow the default 8,192 and make the benchmark
   * measure the (cheaper) drop path. A service at 20,000 requests a second offers 100 lines in 5 ms.
   */
  public static final int BENCHMARK_QUEUE = 1 << 16;

  private Services() {}

  /** @return the two SLOs of every benchmark: availability and latency, 30 days */
  public static SloRegistry.Builder registry() {
    return SloRegistry.builder()
        .service("bench")
        .slo(SloSpec.builder(AVAILABILITY).objective("99.9%").build())
        .slo(SloSpec.builder(LATENCY).sli(Sli.latency(Duration.ofMillis(800))).objective("99%").build());
  }

  /** @return the endpoint the request benchmarks record into */
  public static Endpoint endpoint(SloRegistry registry) {
    return registry.endpoint("GET", ROUTE);
  }

  /**
   * A structured log whose lines are dropped after the writer thread has taken them, so that the
   * producer's enqueue cost is what is measured and no I/O is; its queue holds
   * {@link #BENCHMARK_QUEUE} lines.
   *
   * @param accessLog whether {@code access} lines are written
   * @param sampleRate the fraction of good requests written
   */
  public static StructuredLog discardingLog(boolean accessLog, double sampleRate) {
    return StructuredLog.builder()
        .service("bench")
        .sink(record -> { })
        .accessLog(accessLog)
        .accessSample(sampleRate)
        .queueCapacity(BENCHMARK_QUEUE)
        .shutdownHook(false)
        .build();
  }
}
