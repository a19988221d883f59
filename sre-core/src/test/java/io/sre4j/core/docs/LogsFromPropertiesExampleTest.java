package io.sre4j.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.log.StructuredLog;
import org.junit.jupiter.api.Test;

/**
 * The "From properties" code example of docs/logs.md, compiled and run on this module's test
 * configuration (no {@code sre4j.properties} on the class path: the defaults).
 */
final class LogsFromPropertiesExampleTest {

  @Test
  void theLogAndTheRegistryComeFromOneConfiguration() {
    // --- docs/logs.md ---
    Sre4jConfig config = Sre4jConfig.load();
    StructuredLog log = StructuredLog.builder().config(config).build();
    SloRegistry registry = config.applyTo(SloRegistry.builder()).listener(log).build();
    // --- end ---
    try {
      assertThat(registry.service()).isEqualTo(config.properties().getOrDefault("service", "service"));
      assertThat(log.accessLog().enabled()).isFalse();
    } finally {
      registry.close();
      log.close();
    }
  }
}
