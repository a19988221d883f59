package io.sre4j.servlet.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.servlet.ServletSettings;
import org.junit.jupiter.api.Test;

/** The first code example of docs/configuration.md, compiled and run with this module's defaults. */
final class ConfigurationExampleTest {

  @Test
  void oneConfigurationBuildsTheRegistryTheLogAndTheServletSettings() {
    // --- docs/configuration.md ---
    Sre4jConfig config = Sre4jConfig.load();   // sre4j.properties, -Dsre4j.config, -Dsre4j.*, SRE4J_*
    SloRegistry registry = config.applyTo(SloRegistry.builder()).build();
    StructuredLog log = StructuredLog.builder().config(config).build();
    registry.addListener(log);
    ServletSettings settings = ServletSettings.from(config);
    // --- end ---
    try {
      assertThat(settings.prefix()).isEqualTo(ServletSettings.DEFAULT_PREFIX);
      assertThat(registry.service()).isEqualTo("service");
    } finally {
      registry.close();
      log.close();
    }
  }
}
