package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's usage example, compiled and run: keep the two in step. */
final class ReadmeExampleTest {

  @Test
  void readmeUsageExampleCompilesAndMeasures() {
    // --- README: usage example ---
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
    // --- end of README example ---

    assertThat(availability.validEvents()).isEqualTo(1);
    assertThat(availability.sli()).isEqualTo(1.0);
    assertThat(availability.budgetRemaining()).isEqualTo(1.0);
    assertThat(registry.snapshot("orders-latency").orElseThrow().validEvents()).isEqualTo(1);
  }

  @Test
  void allowedDowntimeOfFourNinesOverThirtyDaysIsFourPointThreeTwoMinutes() {
    assertThat(ErrorBudget.allowedDowntime(0.9999, Duration.ofDays(30)))
        .isEqualTo(Duration.ofMillis(259_200)); // 4.32 min
  }

  private static int handle() {
    return 200;
  }
}
