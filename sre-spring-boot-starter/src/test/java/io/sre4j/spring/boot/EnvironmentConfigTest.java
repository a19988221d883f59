package io.sre4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.ConfigException;
import io.sre4j.core.SloSpec;
import io.sre4j.core.Sre4jConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The {@code sre4j.*} entries of Spring's environment read as {@code sre4j.properties} is: relaxed
 * names, YAML lists, environment variables, precedence, unknown keys, and the Boot excludes.
 */
final class EnvironmentConfigTest {

  private static StandardEnvironment environment(Map<String, Object> first,
      Map<String, Object> second, Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    environment.getPropertySources().addLast(new MapPropertySource("commandLineArgs", first));
    environment.getPropertySources().addLast(new SystemEnvironmentPropertySource(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    environment.getPropertySources().addLast(new MapPropertySource("application.yml", second));
    return environment;
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void relaxedNamesListsAndVariablesBecomeTheCanonicalKeys() {
    StandardEnvironment environment = environment(
        map("sre4j.service", "orders-from-the-command-line"),
        map("sre4j.service", "orders",
            "sre4j.maxEndpoints", "250",
            "sre4j.log.access.sample", "0.5",
            "sre4j.log.closeTimeout", "2s",
            "sre4j.slo.checkout.objective", "99.9%",
            "sre4j.slo.checkout.routes[0]", "/api/orders/**",
            "sre4j.slo.checkout.routes[1]", "/api/cart/**",
            "sre4j.slo.latency.sli", "latency",
            "sre4j.slo.latency.threshold", "800ms",
            "sre4j.slo.latency.objective", "99%",
            "spring.application.name", "not-an-sre4j-key"),
        map("SRE4J_SLO_CHECKOUT_OBJECTIVE", "99.5%",
            "SRE4J_SLO_SEARCH_API_OBJECTIVE", "99%",
            "SRE4J_LOG_ACCESS", "true",
            "PATH", "/usr/bin"));

    Map<String, String> properties = EnvironmentConfig.properties(environment);

    assertThat(properties).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("service", "orders-from-the-command-line"),
        Map.entry("max-endpoints", "250"),
        Map.entry("log.access.sample", "0.5"),
        Map.entry("log.close-timeout", "2s"),
        Map.entry("log.access", "true"),
        Map.entry("slo.checkout.objective", "99.5%"),
        Map.entry("slo.checkout.routes", "/api/orders/**,/api/cart/**"),
        Map.entry("slo.search-api.objective", "99%"),
        Map.entry("slo.latency.sli", "latency"),
        Map.entry("slo.latency.threshold", "800ms"),
        Map.entry("slo.latency.objective", "99%")));
  }

  @Test
  void everySloExcludesTheActuatorAndTheErrorPathsAfterItsOwn() {
    StandardEnvironment environment = environment(map(), map(
        "sre4j.slo.availability.objective", "99.9%",
        "sre4j.slo.latency.sli", "latency",
        "sre4j.slo.latency.threshold", "800ms",
        "sre4j.slo.latency.exclude", "/health",
        "management.endpoints.web.base-path", "/manage/",
        "server.error.path", "/oops"), map());

    Sre4jConfig config = EnvironmentConfig.load(environment);

    assertThat(config.slos()).extracting(SloSpec::name).containsExactly("availability", "latency");
    assertThat(config.slos().get(0).endpoints().excludedRoutes())
        .containsExactly("/manage/**", "/oops/**");
    assertThat(config.slos().get(1).endpoints().excludedRoutes())
        .containsExactly("/health", "/manage/**", "/oops/**");
    assertThat(config.slos().get(1).sli().toString()).contains(Duration.ofMillis(800).toString());
  }

  @Test
  void theDefaultsAreActuatorAndErrorAndARootBasePathIsNotExcluded() {
    assertThat(EnvironmentConfig.bootExcludes(environment(map(), map(), map())))
        .containsExactly("/actuator/**", "/error/**");
    assertThat(EnvironmentConfig.bootExcludes(environment(map(),
        map("management.endpoints.web.base-path", "/"), map())))
        .containsExactly("/error/**");
  }

  @Test
  void anUnknownKeyFailsNamingItAsWritten() {
    StandardEnvironment environment = environment(map(),
        map("sre4j.slo.checkout.objective", "99.9%", "sre4j.bogusKey", "1"), map());

    assertThatThrownBy(() -> EnvironmentConfig.load(environment))
        .isInstanceOf(ConfigException.class)
        .hasMessage("sre4j.bogusKey must be a known sre4j setting but was \"sre4j.bogusKey=1\"");
  }

  @Test
  void anUnknownVariableFailsNamingIt() {
    StandardEnvironment environment = environment(map(), map(), map("SRE4J_BOGUS", "1"));

    assertThatThrownBy(() -> EnvironmentConfig.load(environment))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SRE4J_BOGUS must be a known sre4j setting but was \"SRE4J_BOGUS=1\"");
  }

  @Test
  void aBadValueFailsAsInSre4jProperties() {
    StandardEnvironment environment = environment(map(),
        map("sre4j.slo.checkout.objective", "150%"), map());

    assertThatThrownBy(() -> EnvironmentConfig.load(environment))
        .isInstanceOf(ConfigException.class)
        .hasMessage("slo.checkout.objective must be in (0,1) but was \"150%\"");
  }

  @Test
  void kebabCaseOfRelaxedSegments() {
    assertThat(List.of("maxEndpoints", "max_endpoints", "MAX-ENDPOINTS", "max-endpoints"))
        .allSatisfy(name -> assertThat(EnvironmentConfig.kebab(name)).isEqualTo("max-endpoints"));
  }
}
