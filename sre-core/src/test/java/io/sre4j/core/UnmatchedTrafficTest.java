package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.Clock.ManualClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests that matched no route ({@link SloRegistry#NOT_FOUND_ROUTE}) are no valid events unless
 * an SLO asks for them: anyone could otherwise dilute an SLO with requests to random paths.
 */
final class UnmatchedTrafficTest {

  @Test
  void unmatchedRequestsCountOnlyWhereAnSloIncludesThem() {
    try (SloRegistry registry = SloRegistry.builder()
        .clock(ManualClock.at(Instant.parse("2027-03-10T12:00:00Z")))
        .manualTick()
        .slo(SloSpec.builder("default").build())
        .slo(SloSpec.builder("with-unmatched").endpoints(EndpointSelector.all().unmatched(true))
            .build())
        .build()) {
      registry.endpoint("GET", "/orders").record(200, 1_000_000);
      Endpoint notFound = registry.endpoint("GET", SloRegistry.NOT_FOUND_ROUTE);
      for (int i = 0; i < 20_000; i++) {
        notFound.record(404, 1_000_000);
      }
      assertThat(registry.snapshot("default").orElseThrow().validEvents()).isEqualTo(1);
      assertThat(registry.snapshot("with-unmatched").orElseThrow().validEvents()).isEqualTo(20_001);
      assertThat(registry.endpointSnapshots()).extracting(EndpointSnapshot::route)
          .as("still visible in endpoint figures").contains(SloRegistry.NOT_FOUND_ROUTE);
    }
  }

  @Test
  void selectorsLeaveUnmatchedOutByDefault() {
    assertThat(EndpointSelector.all().matches("GET", SloRegistry.NOT_FOUND_ROUTE)).isFalse();
    assertThat(EndpointSelector.all().unmatched(true).matches("GET", SloRegistry.NOT_FOUND_ROUTE))
        .isTrue();
    assertThat(EndpointSelector.routes("/api/**").unmatched(true).excluding("/api/health")
        .methods("GET").includeUnmatched()).isTrue();
  }

  @Test
  void theUnmatchedKeyIsReadFromConfiguration() {
    Sre4jConfig config = Sre4jConfig.from(Map.of(
        "slo.a.objective", "99%", "slo.b.unmatched", "include", "slo.c.unmatched", "EXCLUDE"));

    assertThat(config.slos()).extracting(spec -> spec.endpoints().includeUnmatched())
        .containsExactly(false, true, false);
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("slo.a.unmatched", "sometimes")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("slo.a.unmatched must be exclude or include but was \"sometimes\"");
  }

  @Test
  void includingUnmatchedChangesTheFingerprint() {
    String without = SloFingerprint.of(SloSpec.builder("a").build());
    String with = SloFingerprint.of(
        SloSpec.builder("a").endpoints(EndpointSelector.all().unmatched(true)).build());

    assertThat(SloFingerprint.changes(without, with)).isEqualTo("unmatched (none) -> include");
  }
}
