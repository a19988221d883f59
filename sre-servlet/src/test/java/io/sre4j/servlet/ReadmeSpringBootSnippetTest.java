package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.log.StructuredLog;
import org.junit.jupiter.api.Test;

/**
 * The README's Spring Boot configuration, without Spring: the same three beans built the same way,
 * so the snippet keeps compiling against the real API.
 */
final class ReadmeSpringBootSnippetTest {

  @Test
  void springBootBeansOfTheReadmeBuildAWorkingFilter() throws Exception {
    // --- README: Spring Boot beans (Spring annotations and FilterRegistrationBean left out) ---
    SloRegistry registry = Sre4jConfig.load().applyTo(SloRegistry.builder().service("orders")).build();
    StructuredLog log = StructuredLog.builder().config(Sre4jConfig.load()).service(registry.service()).build();
    registry.addListener(log);
    ServletSettings settings = ServletSettings.from(Sre4jConfig.load());
    SloFilter filter = new SloFilter(registry, settings, log);
    // --- end of README snippet ---
    try {
      assertThat(filter.inFlight()).isEmpty();
      assertThat(registry.service()).isEqualTo("orders");
    } finally {
      filter.destroy();
      log.close();
      registry.close();
    }
  }
}
