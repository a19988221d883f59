package io.sre4j.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Endpoint;
import io.sre4j.core.EndpointSelector;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloWindow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The usage example of docs/concepts.md, compiled and run: keep the two in step. */
final class ConceptsExampleTest {

  @Test
  void usageExampleCompilesAndMeasures() {
    // --- docs/concepts.md ---
    SloRegistry registry = SloRegistry.builder()
        .service("orders")
        .slo(SloSpec.builder("orders-availability")
            .sli(Sli.availability())
            .objective("99.9%")
            .window(SloWindow.rolling(Duration.ofDays(30)))
            .build())
        .slo(SloSpec.builder("orders-latency")
            .sli(Sli.latency(Duration.ofMillis(800)))
            .objective("99%")
            .endpoints(EndpointSelector.routes("/api/**").excluding("/api/health"))
            .build())
        .build();

    Endpoint getOrder = registry.endpoint("GET", "/api/orders/{id}"); // once, at start-up

    long start = System.nanoTime();
    int status = handle();                                            // your code
    getOrder.record(status, System.nanoTime() - start);               // per request

    SloSnapshot availability = registry.snapshot("orders-availability").orElseThrow();
    System.out.printf("SLI %.5f, budget remaining %.1f%%%n",
        availability.sli(), 100 * availability.budgetRemaining());
    registry.close();
    // --- end ---

    assertThat(availability.validEvents()).isEqualTo(1);
    assertThat(availability.sli()).isEqualTo(1.0);
    assertThat(availability.budgetRemaining()).isEqualTo(1.0);
    assertThat(registry.snapshot("orders-latency").orElseThrow().validEvents()).isEqualTo(1);
  }

  @Test
  void allowedDowntimeOfFourNinesOverThirtyDaysIsFourPointThreeTwoMinutes() {
    assertThat(io.sre4j.core.SloSpec.ErrorBudget.allowedDowntime(0.9999, Duration.ofDays(30)))
        .isEqualTo(Duration.ofMillis(259_200)); // 4.32 min
  }

  private static int handle() {
    return 200;
  }
}
