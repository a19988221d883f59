package io.sre4j.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StructuredLog;
import org.junit.jupiter.api.Test;

/**
 * The "Turning it on" code example of docs/logs.md, compiled and run with stdout captured: a
 * failed request is written as an access line carrying its trace id.
 */
final class LogsInCodeExampleTest {

  /** The example's request: any type with the header. */
  private interface Request {
    String getHeader(String name);
  }

  @Test
  void theAccessLineOfAFailedRequestCarriesItsTraceId() {
    Request request = name -> name.equals("traceparent")
        ? "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" : null;
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      // --- docs/logs.md ---
      StructuredLog log = StructuredLog.builder()
          .service("orders")
          .accessLog(true)                  // off by default
          .accessSample(0.1)                // every bad request, 10 % of the others
          .sink(LogSink.emf("shop"))        // or LogSink.stdout() (the default), LogSink.slf4j("io.sre4j.log")
          .build();
      SloRegistry registry = SloRegistry.builder().service("orders")
          .slo(SloSpec.builder("checkout").objective("99.9%").build())
          .listener(log)
          .build();

      Endpoint getOrder = registry.endpoint("GET", "/api/orders/{id}");
      long start = System.nanoTime();
      int status = handle();                                             // your code
      long nanos = System.nanoTime() - start;
      getOrder.record(status, nanos);
      log.accessLog().log(getOrder, status, nanos, request.getHeader("traceparent"), null);

      log.close();                          // at shutdown; a shutdown hook does it too
      // --- end ---
      assertThat(log.droppedLines()).isZero();
      registry.close();
    } finally {
      System.setOut(stdout);
    }
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"type\":\"access\",\"service\":\"orders\",\"route\":\"/api/orders/{id}\",\"method\":\"GET\","
            + "\"status\":503,")
        .contains("\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"");
  }

  /** The example's request handling: this one fails, so its access line is always written. */
  private static int handle() {
    return 503;
  }
}
