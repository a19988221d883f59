package io.sre4j.spring.boot;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.servlet.ServletSettings;
import io.sre4j.servlet.SloFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The Actuator endpoint {@code slo} ({@link SloEndpoint}), when Actuator is on the class path and
 * the endpoint is available (enabled and exposed, the usual Actuator way); left out when the
 * application defines a bean of its type.
 *
 * <p><b>Thread safety:</b> used by Spring at start-up.
 *
 * @since 0.2
 */
@AutoConfiguration(after = Sre4jAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@Conditional(Sre4jEnabledCondition.class)
public final class Sre4jEndpointAutoConfiguration {

  /** Made by Spring. */
  public Sre4jEndpointAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(SloRegistry.class)
  @ConditionalOnAvailableEndpoint
  SloEndpoint sloEndpoint(SloRegistry registry, ObjectProvider<Sre4jConfig> config,
      ObjectProvider<SloFilter> filter) {
    Sre4jConfig own = config.getIfUnique();
    ServletSettings settings =
        own == null ? ServletSettings.defaults() : ServletSettings.from(own);
    return new SloEndpoint(registry, filter.getIfUnique(), settings.gateSlos());
  }
}
