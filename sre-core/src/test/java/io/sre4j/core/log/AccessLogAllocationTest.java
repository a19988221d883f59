package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.log.StructuredLog.AccessLog;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The request thread's side of the access log allocates nothing: the bytes this thread allocates
 * over many calls (kept, sampled out, dropped, with and without a trace or an error) are counted
 * by the JVM, not timed.
 */
final class AccessLogAllocationTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void loggingAnAccessLineAllocatesNothingOnTheRequestThread() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    Throwable thrown = new IllegalStateException("boom");
    try (SloRegistry registry = SloRegistry.builder().manualTick().build();
        StructuredLog log = StructuredLog.builder().sink(LogSink.jsonLines(OutputStream.nullOutputStream()))
            .accessLog(true).accessSample(0.5).queueCapacity(256).shutdownHook(false).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      AccessLog access = log.accessLog();
      int calls = 200_000;
      run(access, endpoint, thrown, calls); // warm up
      threads.getCurrentThreadAllocatedBytes();
      long before = threads.getCurrentThreadAllocatedBytes();
      run(access, endpoint, thrown, calls);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertThat(allocated).as("bytes allocated by %s calls", calls).isLessThan(calls / 20);
    }
  }

  private static void run(AccessLog access, Endpoint endpoint, Throwable thrown, int calls) {
    for (int i = 0; i < calls; i++) {
      switch (i & 3) {
        case 0 -> access.log(endpoint, 200, i, TRACEPARENT, null);
        case 1 -> access.log(endpoint, 500, i, null, thrown);
        case 2 -> access.log("POST", "/api/checkout", 201, i, "not a traceparent", null);
        default -> access.log("GET", "/health", 503, i, TRACEPARENT, "java.io.IOException");
      }
    }
  }
}
