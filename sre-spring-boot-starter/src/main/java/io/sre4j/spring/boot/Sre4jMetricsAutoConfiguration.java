package io.sre4j.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.micrometer.SloMeterBinder;
import io.sre4j.micrometer.StructuredLogMeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * sre4j's Micrometer meters, when Micrometer is on the class path and the application has a
 * {@link MeterRegistry} bean (as Actuator makes): {@code sloMeterBinder} ({@link SloMeterBinder}:
 * the SLOs and endpoints, {@code sre4j_slo_*} and {@code sre4j_endpoint_*}) and {@code
 * structuredLogMeterBinder} ({@link StructuredLogMeterBinder}: lines written and dropped), each
 * left out when the application defines one of its type. Spring Boot binds every {@code
 * MeterBinder} bean to its meter registries.
 *
 * <p><b>Thread safety:</b> used by Spring at start-up. <b>Cost:</b> none per request; see the
 * binders.
 *
 * @since 0.2
 */
@AutoConfiguration(after = Sre4jAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, SloMeterBinder.class})
@ConditionalOnBean(MeterRegistry.class)
@Conditional(Sre4jEnabledCondition.class)
public final class Sre4jMetricsAutoConfiguration {

  /** Made by Spring. */
  public Sre4jMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(SloRegistry.class)
  SloMeterBinder sloMeterBinder(SloRegistry registry) {
    return new SloMeterBinder(registry);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(StructuredLog.class)
  StructuredLogMeterBinder structuredLogMeterBinder(StructuredLog log) {
    return new StructuredLogMeterBinder(log);
  }
}
