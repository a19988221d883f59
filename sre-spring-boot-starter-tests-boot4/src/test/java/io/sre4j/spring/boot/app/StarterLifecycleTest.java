package io.sre4j.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.micrometer.SloMeterBinder;
import io.sre4j.servlet.SloFilter;
import io.sre4j.spring.boot.SloEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Applications started and stopped by the test (so it sees their shutdown), each with other
 * properties: the final partial report at shutdown (with the endpoint and health indicator
 * switched off), an unknown key, {@code sre4j.enabled=false}, and an application's own {@code
 * SloRegistry}.
 */
final class StarterLifecycleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static SpringApplicationBuilder application(WebApplicationType type, Class<?>... sources) {
    return new SpringApplicationBuilder(sources).web(type)
        .properties("server.port=0", "spring.main.banner-mode=off");
  }

  @Test
  void shutdownWritesTheIntervalInProgressAsAPartialReport() throws Exception {
    int before = TestApplication.LINES.lines().size();
    ConfigurableApplicationContext context =
        application(WebApplicationType.SERVLET, TestApplication.class)
            // command-line arguments win over application.yml
            .run("--sre4j.service=shutdown-test", "--sre4j.interval=1h",
                "--sre4j.log.access=true",
                // the endpoint and the health indicator switched off the Actuator way
                "--management.endpoint.slo.access=none", "--management.health.slo.enabled=false");
    int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(port, "/orders/" + i).statusCode()).isEqualTo(200);
    }
    assertThat(Http.get(port, "/orders/fail").statusCode()).isEqualTo(500);
    // unhandled: Spring wraps it in a ServletException; the container's ERROR dispatch answers
    assertThat(Http.get(port, "/orders/crash").statusCode()).isEqualTo(500);
    assertThat(Http.get(port, "/actuator/slo").statusCode()).isEqualTo(404);
    assertThat(context.getBeansOfType(SloEndpoint.class)).isEmpty();
    assertThat(context.containsBean("sloHealthIndicator")).isFalse();
    assertThat(Http.get(port, "/actuator/health").body()).doesNotContain("\"slo\"");
    assertThat(context.getBeansOfType(SloRegistry.class)).hasSize(1);

    context.close();

    List<JsonNode> reports = new ArrayList<>();
    List<JsonNode> access = new ArrayList<>();
    List<String> lines = TestApplication.LINES.lines();
    for (String line : lines.subList(before, lines.size())) {
      JsonNode node = JSON.readTree(line);
      if (!node.get("service").asText().equals("shutdown-test")) {
        continue;
      }
      if (node.get("type").asText().equals("sli_report")) {
        reports.add(node);
      } else if (node.get("type").asText().equals("access")) {
        access.add(node);
      }
    }
    assertThat(reports).as("lines: %s", lines.subList(before, lines.size()))
        .extracting(report -> report.get("slo").asText())
        .containsExactly("availability", "latency");
    JsonNode availability = reports.get(0);
    assertThat(availability.get("partial").asBoolean()).isTrue();
    assertThat(availability.get("interval_valid").asLong()).isEqualTo(5);
    assertThat(availability.get("interval_bad").asLong()).isEqualTo(2);
    assertThat(access).extracting(line -> line.get("route").asText()).contains("/orders/{id}");
    // the error field names the handler's exception, not Spring's ServletException around it
    assertThat(access).filteredOn(line -> line.has("error"))
        .extracting(line -> line.get("error").asText())
        .containsExactly("java.lang.IllegalStateException");
  }

  @Test
  void anUnknownKeyFailsStartUpNamingIt() {
    SpringApplicationBuilder builder = application(WebApplicationType.SERVLET, TestApplication.class)
        .properties("sre4j.slo.checkout.objectiv=99.9%");

    assertThatThrownBy(builder::run).rootCause()
        .hasMessage("sre4j.slo.checkout.objectiv must be a known sre4j setting but was"
            + " \"sre4j.slo.checkout.objectiv=99.9%\"");
  }

  @Test
  void enabledFalseTurnsEveryBeanOff() {
    try (ConfigurableApplicationContext context =
        application(WebApplicationType.SERVLET, TestApplication.class)
            .properties("sre4j.enabled=false").run()) {
      assertThat(context.getBeansOfType(SloRegistry.class)).isEmpty();
      assertThat(context.getBeansOfType(StructuredLog.class)).isEmpty();
      assertThat(context.getBeansOfType(SloFilter.class)).isEmpty();
      assertThat(context.getBeansOfType(SloMeterBinder.class)).isEmpty();
      assertThat(context.getBeansOfType(SloEndpoint.class)).isEmpty();
      assertThat(context.containsBean("sloHealthIndicator")).isFalse();
      int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
      assertThat(Http.get(port, "/actuator/slo").statusCode()).isEqualTo(404);
      assertThat(Http.get(port, "/orders/1").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anApplicationsOwnSloRegistryWins() throws Exception {
    // the example of docs/spring-boot.md, in a package the test application does not scan
    Class<?> own = Class.forName("io.sre4j.spring.boot.docs.SloConfiguration");
    try (ConfigurableApplicationContext context =
        application(WebApplicationType.NONE, TestApplication.class, own).run()) {
      assertThat(context.getBeansOfType(SloRegistry.class)).hasSize(1);
      SloRegistry registry = context.getBean(SloRegistry.class);
      assertThat(registry.service()).isEqualTo("orders");
      assertThat(registry.slos()).extracting(SloSpec::name).containsExactly("checkout");
      assertThat(context.getBean(SloMeterBinder.class)).isNotNull();
    }
  }
}
