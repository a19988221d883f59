package io.sre4j.spring.boot.docs;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

// --- docs/spring-boot.md ---
@Configuration
class SloConfiguration {
  @Bean
  SloRegistry sloRegistry() {
    return SloRegistry.builder().service("orders")
        .slo(SloSpec.builder("checkout").objective("99.9%").build())
        .build();
  }
}
// --- end ---
