package io.sre4j.spring.boot;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.servlet.ServletSettings;
import io.sre4j.servlet.SloFilter;
import jakarta.servlet.DispatcherType;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * sre4j under Spring Boot 3.5 and 4.0, configured by properties alone: the {@link Sre4jConfig}
 * read from the {@code sre4j.*} entries of Spring's environment, the {@link SloRegistry}, the
 * {@link StructuredLog} (the registry's listener) and, in a servlet web application, the {@link
 * SloFilter} registered on every request.
 *
 * <pre>{@code
 * sre4j.service=orders
 * sre4j.slo.availability.objective=99.9%
 * sre4j.slo.latency.sli=latency
 * sre4j.slo.latency.threshold=800ms
 * sre4j.slo.latency.objective=99%
 * }</pre>
 *
 * <p><b>Beans,</b> each left out when the application defines one of its type (or, for the
 * filter's registration, of its name): {@code sre4jConfig} ({@link Sre4jConfig}); {@code
 * sre4jStructuredLog} ({@link StructuredLog}, built from the {@code log.*} keys, writing to a
 * {@link LogSink} bean when there is one); {@code sloRegistry} ({@link SloRegistry}, its service
 * {@code sre4j.service}, else {@code spring.application.name}; the log is its listener); {@code
 * sre4jFilter} ({@link SloFilter}) and {@code sre4jFilterRegistration}: the filter on {@code /*},
 * {@link DispatcherType#REQUEST} only, async supported, at the highest precedence, so that it
 * measures the whole request and the ERROR dispatch is not counted twice. Micrometer meters,
 * the Actuator endpoint and the health indicator are in the starter's other auto-configurations.
 *
 * <p><b>Keys.</b> The keys, defaults and checks of {@code sre4j.properties}, under the {@code
 * sre4j.} prefix in any property source (application.properties or .yml, profiles, {@code
 * SRE4J_*} environment variables, {@code --sre4j.x=y}), in Boot's relaxed forms; an unknown
 * {@code sre4j.*} key or a bad value fails start-up, naming it. {@code sre4j.enabled=false}
 * turns all of it off. Every SLO also excludes the Actuator's base path and the error path.
 *
 * <p><b>Shutdown.</b> The registry is closed before the log: it reports the interval in progress
 * (a partial {@code sli_report} line) and writes its state file when one is configured; then the
 * log writes what is queued.
 *
 * <p><b>Thread safety:</b> used by Spring at start-up. <b>Cost:</b> one read of the environment.
 *
 * @since 0.2
 */
@AutoConfiguration
@Conditional(Sre4jEnabledCondition.class)
public final class Sre4jAutoConfiguration {

  /** The name of the filter's registration bean: {@value}. */
  public static final String FILTER_REGISTRATION_BEAN = "sre4jFilterRegistration";

  /** Made by Spring. */
  public Sre4jAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  Sre4jConfig sre4jConfig(ConfigurableEnvironment environment) {
    return EnvironmentConfig.load(environment);
  }

  @Bean
  @ConditionalOnMissingBean
  StructuredLog sre4jStructuredLog(Sre4jConfig config, Environment environment,
      ObjectProvider<LogSink> sink) {
    StructuredLog.Builder builder = StructuredLog.builder().shutdownHook(false);
    String service = applicationName(environment);
    if (service != null) {
      builder.service(service);
    }
    builder.config(config);
    LogSink own = sink.getIfUnique();
    if (own != null) {
      builder.sink(own);
    }
    return builder.build();
  }

  // the log is a dependency (a parameter, not an ObjectProvider), so Spring closes the registry,
  // which reports to it, before the log
  @Bean
  @ConditionalOnMissingBean
  SloRegistry sloRegistry(Sre4jConfig config, Environment environment, StructuredLog log) {
    SloRegistry.Builder builder = SloRegistry.builder();
    String service = applicationName(environment);
    if (service != null) {
      builder.service(service);
    }
    config.applyTo(builder);
    return builder.listener(log).build();
  }

  /** {@code spring.application.name}, when set; {@code sre4j.service} overrides it. */
  private static @Nullable String applicationName(Environment environment) {
    String name = environment.getProperty("spring.application.name");
    return name == null || name.isBlank() || name.length() > 128 ? null : name.trim();
  }

  /** The filter, in a servlet web application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({DispatcherType.class, FilterRegistrationBean.class})
  static final class Servlet {

    @Bean
    @ConditionalOnMissingBean
    SloFilter sre4jFilter(SloRegistry registry, Sre4jConfig config,
        ObjectProvider<StructuredLog> log) {
      return new SloFilter(registry, ServletSettings.from(config), log.getIfUnique());
    }

    @Bean(name = FILTER_REGISTRATION_BEAN)
    @ConditionalOnMissingBean(name = FILTER_REGISTRATION_BEAN)
    FilterRegistrationBean<SloFilter> sre4jFilterRegistration(SloFilter filter) {
      FilterRegistrationBean<SloFilter> registration = new FilterRegistrationBean<>(filter);
      registration.setName("sre4j");
      registration.addUrlPatterns("/*");
      registration.setDispatcherTypes(DispatcherType.REQUEST);
      registration.setAsyncSupported(true);
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      return registration;
    }
  }
}
