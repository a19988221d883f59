package io.sre4j.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.SloRegistry;
import io.sre4j.micrometer.SloMeterBinder;
import io.sre4j.servlet.SloFilter;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * A real application on a random port (embedded Tomcat, and again on Jetty by the build), with the
 * starter, application.yml and one environment variable: what it counts, what it leaves out, and
 * what Actuator shows. One context for all of it: starting one is slow.
 */
// Boot 3.5's @SpringBootTest turns metrics export off unless asked; the application would have it
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "management.prometheus.metrics.export.enabled=true")
@ContextConfiguration(initializers = StarterAppTest.Variables.class)
final class StarterAppTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code SRE4J_SLO_CHECKOUT_OBJECTIVE=99.5%}, as if set in the environment. */
  static final class Variables
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      ConfigurableEnvironment environment = context.getEnvironment();
      Map<String, Object> variables = new HashMap<>(environment.getSystemEnvironment());
      variables.put("SRE4J_SLO_CHECKOUT_OBJECTIVE", "99.5%");
      environment.getPropertySources().replace(
          StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
          new SystemEnvironmentPropertySource(
              StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    }
  }

  @Autowired
  private ApplicationContext context;

  @Autowired
  private ConfigurableEnvironment environment;

  private int port() {
    return Integer.parseInt(environment.getRequiredProperty("local.server.port"));
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static JsonNode slo(JsonNode status, String name) {
    for (JsonNode slo : status.get("slos")) {
      if (slo.get("slo").asText().equals(name)) {
        return slo;
      }
    }
    throw new AssertionError("no SLO " + name + " in " + status);
  }

  @Test
  void countsTheApplicationsRequestsOnceAndLeavesOutTheRestAndActuatorShowsThem()
      throws Exception {
    String server = webServer();
    assertThat(server).as("the embedded server")
        .containsIgnoringCase(System.getProperty("sre4jtest.server", "tomcat"));
    int port = port();
    for (int i = 0; i < 10; i++) {
      assertThat(Http.get(port, "/orders/" + i).statusCode()).isEqualTo(200);
    }
    assertThat(Http.get(port, "/orders/fail").statusCode()).isEqualTo(500);   // the handler's 500
    assertThat(Http.get(port, "/orders/crash").statusCode()).isEqualTo(500);  // ERROR dispatch
    assertThat(Http.get(port, "/no/such/path").statusCode()).isEqualTo(404);
    assertThat(Http.get(port, "/health").statusCode()).isEqualTo(200);
    HttpResponse<String> prometheus = Http.get(port, "/actuator/prometheus");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/actuator/health").statusCode()).isEqualTo(200);

    // /actuator/slo: the /sre/status document
    HttpResponse<String> response = Http.get(port, "/actuator/slo");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).get().asString()
        .startsWith("application/json");
    JsonNode status = json(response);
    assertThat(status.get("service").asText()).isEqualTo("orders");
    // twelve requests of /orders/{id}, two of them failed; the 404, /health and Actuator's
    // requests are left out; the unhandled failure is counted once, not again for /error
    JsonNode availability = slo(status, "availability");
    assertThat(availability.get("objective").asDouble()).isEqualTo(0.999);
    assertThat(availability.get("window_valid").asLong()).isEqualTo(12);
    assertThat(availability.get("window_bad").asLong()).isEqualTo(2);
    JsonNode latency = slo(status, "latency");
    assertThat(latency.get("sli_kind").asText()).isEqualTo("latency");
    assertThat(latency.get("objective").asDouble()).isEqualTo(0.99);
    // from the environment variable: an SLO of its own, with the defaults (every route)
    JsonNode checkout = slo(status, "checkout");
    assertThat(checkout.get("objective").asDouble()).isEqualTo(0.995);
    assertThat(checkout.get("window_valid").asLong()).isEqualTo(13);  // /health is not excluded
    // routes are the templates, never raw paths
    StringBuilder routes = new StringBuilder();
    status.get("endpoints").forEach(endpoint ->
        routes.append(endpoint.get("method").asText()).append(' ')
            .append(endpoint.get("route").asText()).append('\n'));
    assertThat(routes.toString()).contains("GET /orders/{id}\n").doesNotContain("/orders/1")
        .doesNotContain("/no/such/path");

    // /actuator/slo/gate: two bad of twelve spends the whole budget: the gate denies
    HttpResponse<String> gate = Http.get(port, "/actuator/slo/gate");
    assertThat(gate.statusCode()).isEqualTo(409);
    assertThat(json(gate).get("allowed").asBoolean()).isFalse();
    assertThat(json(gate).get("service").asText()).isEqualTo("orders");
    assertThat(Http.get(port, "/actuator/slo/other").statusCode()).isEqualTo(404);

    // /actuator/prometheus: the SLO series, named as SloMeterNames says
    String scrape = Http.get(port, "/actuator/prometheus").body();
    assertThat(scrape).contains("sre4j_slo_valid_events_total{", "slo=\"availability\"",
        "sre4j_slo_objective_ratio{", "sre4j_slo_budget_remaining_ratio{");

    // /actuator/health: the indicator slo, UP whatever the budget, with the figures
    JsonNode health = json(Http.get(port, "/actuator/health"));
    JsonNode slo = health.get("components").get("slo");
    assertThat(slo.get("status").asText()).isEqualTo("UP");
    JsonNode details = slo.get("details").get("slos").get("availability");
    assertThat(details.get("budget_remaining").asDouble()).isLessThan(0.0);
    assertThat(details.get("budget_state").asText()).isEqualTo("exhausted");
    assertThat(details.get("bad").asLong()).isEqualTo(2);

    // the beans
    assertThat(context.getBeansOfType(SloRegistry.class)).hasSize(1);
    assertThat(context.getBeansOfType(SloFilter.class)).hasSize(1);
    // in flight: Spring names the route only when the chain returns; no always-zero catch-all
    // key is left behind, and the application's route is there
    assertThat(context.getBean(SloFilter.class).inFlight())
        .containsEntry("GET /orders/{id}", 0L)
        .allSatisfy((key, count) -> assertThat(key).doesNotEndWith("/**"));
    assertThat(context.getBeansOfType(SloMeterBinder.class)).hasSize(1);
  }

  /** The running server's class name, read without the version-specific context types. */
  private String webServer() throws Exception {
    Object server = context.getClass().getMethod("getWebServer").invoke(context);
    return server.getClass().getName();
  }
}
