package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StructuredLog;
import jakarta.servlet.http.MappingMatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The filter writes one access line per request, after recording, with trace id and error. */
final class AccessLogTest {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void accessLinesCarryRouteStatusTraceAndError() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StructuredLog log = StructuredLog.builder().service("orders").sink(LogSink.jsonLines(out))
        .accessLog(true).shutdownHook(false).build();
    try (SloRegistry registry = SloRegistry.builder().service("orders").manualTick().build()) {
      SloFilter filter = new SloFilter(registry,
          ServletSettings.builder().routes("/api/orders/{id}").build(), log);

      FakeExchange ok = new FakeExchange().path(MappingMatch.PATH, "/api/*", "/api", "/orders/7");
      ok.headers.put("traceparent", TRACEPARENT);
      filter.doFilter(ok.request, ok.response, (request, response) -> { });

      FakeExchange thrown = new FakeExchange().path(MappingMatch.EXACT, "/pay", "/pay", null);
      assertThatThrownBy(() -> filter.doFilter(thrown.request, thrown.response,
          (request, response) -> {
            throw new IllegalStateException("card declined");
          })).isInstanceOf(IllegalStateException.class);
    } finally {
      log.close();
    }
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).contains("\"type\":\"access\"", "\"route\":\"/api/orders/{id}\"",
        "\"method\":\"GET\"", "\"status\":200", "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"")
        .doesNotContain("/orders/7", "\"error\"");
    assertThat(lines[1]).contains("\"route\":\"/pay\"", "\"status\":500",
        "\"error\":\"java.lang.IllegalStateException\"").doesNotContain("card declined");
  }
}
