package io.sre4j.spring.boot;

import io.sre4j.core.SloRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The health indicator {@code slo} on Spring Boot 4 (its health API, {@code
 * org.springframework.boot.health.contributor}): always UP, with each SLO's budget figures as
 * details; turned off with {@code management.health.slo.enabled=false}. {@link
 * Sre4jHealthAutoConfiguration} is its counterpart on Boot 3.5.
 *
 * <p><b>Thread safety:</b> used by Spring at start-up; the indicator reads the registry from any
 * thread. <b>Cost:</b> each health read reads every SLO's status.
 *
 * @since 0.2
 */
@AutoConfiguration(after = Sre4jAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@Conditional(Sre4jEnabledCondition.class)
public final class Sre4jHealth4AutoConfiguration {

  /** Made by Spring. */
  public Sre4jHealth4AutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "sloHealthIndicator")
  @ConditionalOnBean(SloRegistry.class)
  @ConditionalOnEnabledHealthIndicator("slo")
  HealthIndicator sloHealthIndicator(SloRegistry registry) {
    return () -> Health.up().withDetails(SloHealthDetails.of(registry)).build();
  }
}
