package io.sre4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sre4j.benchmarks.e2e.LoadResult;
import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.servlet.ServletSettings;
import io.sre4j.servlet.SloFilter;
import jakarta.servlet.FilterChain;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The parts the benchmarks stand on, so that a broken stub or parser fails the build, not a run. */
class BenchmarkPartsTest {

  @Test
  void inputsFollowTheDescribedDistribution() {
    Inputs inputs = new Inputs(1);
    assertThat(Integer.bitCount(Inputs.SIZE)).isEqualTo(1);
    long[] sorted = inputs.nanos.clone();
    Arrays.sort(sorted);
    long median = sorted[sorted.length / 2];
    assertThat(median).isBetween(8_000_000L, 18_000_000L);
    assertThat(Arrays.stream(inputs.nanos).filter(n -> n > 800_000_000L).count()).isPositive();
    assertThat(Arrays.stream(inputs.statuses).filter(s -> s >= 500).count()).isPositive();
    assertThat(Arrays.stream(inputs.statuses).filter(s -> s == 200).count()).isGreaterThan(Inputs.SIZE * 9L / 10);
  }

  @Test
  void theFilterRecordsThroughTheStubs() throws Exception {
    try (SloRegistry registry = Services.registry().manualTick().build();
        StructuredLog log = Services.discardingLog(true, 1.0)) {
      SloFilter filter = new SloFilter(registry, ServletSettings.defaults(), log);
      StubRequest request = new StubRequest();
      StubResponse response = new StubResponse();
      FilterChain chain = (req, res) -> ((StubResponse) res).setStatus(503);
      for (int i = 0; i < 3; i++) {
        request.reset();
        response.reset();
        filter.doFilter(request, response, chain);
      }
      assertThat(filter.recordFailures()).isZero();
      assertThat(filter.inFlight("GET", "/api/orders/*")).isZero();
      assertThat(registry.sloSnapshots().get(0).validEvents()).isEqualTo(3);
      assertThat(registry.sloSnapshots().get(0).badEvents()).isEqualTo(3);
      List<EndpointSnapshot> endpoints = registry.endpointSnapshots();
      assertThat(endpoints).extracting(EndpointSnapshot::route).containsExactly("/api/orders/*");
    }
  }

  /**
   * The request thread's own allocation, exactly (JMH's gc.alloc.rate.norm also counts the tick
   * and writer threads): none once warm, for record, record plus access log, and the filter.
   */
  @Test
  void recordingAllocatesNothingOnTheRequestThread() throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    try (SloRegistry registry = Services.registry().build();
        StructuredLog log = Services.discardingLog(true, 1.0)) {
      io.sre4j.core.Endpoint endpoint = Services.endpoint(registry);
      io.sre4j.core.log.StructuredLog.AccessLog access = log.accessLog();
      SloFilter filter = new SloFilter(registry, ServletSettings.defaults(), log);
      StubRequest request = new StubRequest();
      StubResponse response = new StubResponse();
      FilterChain chain = (req, res) -> ((StubResponse) res).setStatus(200);
      Inputs inputs = new Inputs(5);
      long[] allocated = new long[2];
      for (int pass = 0; pass < 2; pass++) { // the first pass warms up
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) {
          int k = i & Inputs.MASK;
          endpoint.record(inputs.statuses[k], inputs.nanos[k]);
          access.log(endpoint, inputs.statuses[k], inputs.nanos[k], Services.TRACEPARENT, null);
          request.reset();
          response.reset();
          filter.doFilter(request, response, chain);
        }
        allocated[pass] = threads.getCurrentThreadAllocatedBytes() - before;
      }
      assertThat(allocated[1]).as("bytes allocated by 200,000 warm requests").isZero();
      assertThat(filter.recordFailures()).isZero();
    }
  }

  @Test
  void theMicrometerFilterTimesEveryRequest() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    MicrometerTimingFilter filter = new MicrometerTimingFilter(meters);
    filter.doFilter(new StubRequest(), new StubResponse(), (req, res) -> { });
    filter.doFilter(new StubRequest(), new StubResponse(), (req, res) -> { });
    assertThat(filter.timer().count()).isEqualTo(2);
    assertThat(filter.timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
    meters.close();
  }

  @Test
  void everyRecordBenchmarkImplementationRecords() throws Exception {
    for (String impl : RecordBenchmark.class.getField("impl").getAnnotation(
        org.openjdk.jmh.annotations.Param.class).value()) {
      RecordBenchmark benchmark = new RecordBenchmark();
      benchmark.impl = impl;
      benchmark.setUp();
      RecordBenchmark.ThreadInputs in = new RecordBenchmark.ThreadInputs();
      in.inputs = new Inputs(3);
      for (int i = 0; i < 100; i++) {
        assertThat(benchmark.record(in)).isPositive();
      }
      benchmark.tearDown();
    }
  }

  @Test
  void parsesTheWrkScriptLine() {
    LoadResult result = LoadResult.parseWrk(
        "WRK_RESULT requests=120000 duration_us=6000000 errors=0 p50=310 p90=600 p99=2100 p999=9000 max=15000");
    assertThat(result.requests()).isEqualTo(120_000);
    assertThat(result.throughput()).isEqualTo(20_000.0);
    assertThat(result.p99()).isEqualTo(2_100);
  }
}
