package io.sre4j.micrometer.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.micrometer.SloMeterBinder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The binder example of docs/prometheus.md, compiled and run. */
final class BinderExampleTest {

  @Test
  void bothBindersPublishTheObjective() {
    io.micrometer.core.instrument.MeterRegistry meterRegistry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    io.micrometer.core.instrument.MeterRegistry otherMeterRegistry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    // --- docs/prometheus.md ---
    SloRegistry slos = SloRegistry.builder()
        .service("orders")
        .slo(SloSpec.builder("orders-availability").objective("99.9%").build())
        .build();
    new SloMeterBinder(slos).bindTo(meterRegistry);

    // or with tags on every meter and another refresh interval
    SloMeterBinder.builder(slos)
        .tags(Tags.of("application", "orders"))
        .refreshInterval(Duration.ofSeconds(5))
        .build()
        .bindTo(otherMeterRegistry);
    // --- end ---
    try {
      assertThat(meterRegistry.get(io.sre4j.micrometer.SloMeterNames.DEFAULT_SLO_OBJECTIVE).gauge().value())
          .isEqualTo(0.999);
      assertThat(otherMeterRegistry.get(io.sre4j.micrometer.SloMeterNames.DEFAULT_SLO_OBJECTIVE)
          .tag("application", "orders").gauge().value())
          .isEqualTo(0.999);
    } finally {
      slos.close();
    }
  }
}
