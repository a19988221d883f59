package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import jakarta.servlet.http.MappingMatch;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The endpoints' error answers, without a container. */
final class EndpointErrorTest {

  @Test
  void anExceptionWithoutAMessageAnswersWithItsCode() throws Exception {
    try (SloRegistry registry = SloRegistry.builder().service("orders").manualTick()
        .slo(SloSpec.builder("availability").objective("99%").build())
        .build()) {
      SloEndpoints endpoints = new SloEndpoints(registry,
          ServletSettings.builder().endpoints(true).build(), () -> {
            throw new IllegalStateException(); // no message
          });
      FakeExchange exchange =
          new FakeExchange().path(MappingMatch.PATH, "/sre/*", "/sre", "/status");

      endpoints.serve(exchange.request, exchange.response);

      assertThat(exchange.status).isEqualTo(409);
      assertThat(exchange.body.toString(StandardCharsets.UTF_8))
          .isEqualTo("{\"error\":\"conflict\",\"message\":\"conflict\"}\n");
    }
  }
}
