package io.sre4j.servlet;

import static io.sre4j.servlet.Probe.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.SliReport;
import io.sre4j.servlet.docs.ReadmeServletExample;
import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The jar on the class path is enough: the initializer, found through {@code META-INF/services},
 * installs the filter and builds the registry from {@code sre4j.properties} (in the test
 * resources), with no code in the application.
 */
final class AutoRegistrationTest {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void tomcatDiscoversTheInitializerAndMeasuresEveryRequest() throws Exception {
    TestApp app = new TestApp(null); // the application: servlets only
    Container tomcat = Container.tomcatWebapp(app);
    try {
      assertMeasured(app, tomcat);
    } finally {
      tomcat.close();
    }
  }

  @Test
  void jettyRunsTheInitializerListedInMetaInfServices() throws Exception {
    TestApp app = new TestApp(null);
    Container jetty = Container.jetty(List.of(app, discovered()));
    try {
      assertMeasured(app, jetty);
    } finally {
      jetty.close();
    }
  }

  @Test
  void stoppingTheApplicationReportsTheIntervalInProgress() throws Exception {
    TestApp app = new TestApp(null);
    Container jetty = Container.jetty(List.of(app, discovered()));
    List<SloEvent> events = new CopyOnWriteArrayList<>();
    try {
      SloRegistry registry = (SloRegistry) app.context.getAttribute(SloFilter.REGISTRY_ATTRIBUTE);
      registry.addListener(events::add);
      assertThat(get(jetty, "/sync").statusCode()).isEqualTo(200);
    } finally {
      jetty.close();
    }
    List<SliReport> reports = events.stream().filter(SliReport.class::isInstance)
        .map(SliReport.class::cast).toList();
    assertThat(reports).isNotEmpty().allSatisfy(report -> assertThat(report.partial()).isTrue());
  }

  @Test
  void enabledFalseTurnsItOff() throws Exception {
    System.setProperty("sre4j.enabled", "false");
    TestApp app = new TestApp(null);
    Container jetty = Container.jetty(List.of(app, discovered()));
    try {
      assertThat(get(jetty, "/sync").statusCode()).isEqualTo(200);
      assertThat(app.context.getAttribute(SloFilter.REGISTRY_ATTRIBUTE)).isNull();
      assertThat(app.context.getAttribute(SloFilter.FILTER_ATTRIBUTE)).isNull();
      assertThat(get(jetty, "/sre/status").statusCode()).as("no endpoints either").isEqualTo(404);
    } finally {
      System.clearProperty("sre4j.enabled");
      jetty.close();
    }
  }

  @Test
  void badConfigurationFailsTheApplicationStart() {
    System.setProperty("sre4j.servlet.max-routes", "0");
    try {
      assertThatThrownBy(() -> Container.tomcatWebapp(new TestApp(null)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not start");
    } finally {
      System.clearProperty("sre4j.servlet.max-routes");
    }
  }

  private void assertMeasured(TestApp app, Container container) throws Exception {
    assertThat(get(container, "/sync").statusCode()).isEqualTo(200);
    assertThat(get(container, "/api/orders/7").statusCode()).isEqualTo(200);
    assertThat(get(container, "/slow").statusCode()).isEqualTo(200);
    assertThat(get(container, "/no/such/page").statusCode()).isEqualTo(404);

    Object attribute = app.context.getAttribute(SloFilter.REGISTRY_ATTRIBUTE);
    assertThat(attribute).isInstanceOf(SloRegistry.class);
    SloRegistry registry = (SloRegistry) attribute;
    assertThat(app.context.getAttribute(SloFilter.FILTER_ATTRIBUTE)).isInstanceOf(SloFilter.class);
    assertThat(app.context.getAttribute(SloFilter.LOG_ATTRIBUTE)).isNotNull();
    // the README's servlet example reads the same registry and filter
    ReadmeServletExample.Read read = ReadmeServletExample.run(app.context);
    assertThat(read.registry()).isSameAs(registry);
    assertThat(read.filter()).isSameAs(app.context.getAttribute(SloFilter.FILTER_ATTRIBUTE));
    assertThat(read.inFlight()).as("no request in progress")
        .allSatisfy((endpoint, requests) -> assertThat(requests).isZero());
    // each request once; the 404 of /no/such/page matched no route and is not a valid event
    eventually(() -> registry.snapshot("availability").orElseThrow().validEvents() >= 3);
    assertThat(registry.snapshot("availability").orElseThrow().validEvents())
        .as("each matched request once").isEqualTo(3);
    assertThat(registry.snapshot("latency").orElseThrow().badEvents()).as("/slow").isEqualTo(1);
    assertThat(registry.endpointSnapshots()).extracting(EndpointSnapshot::route)
        .contains("/sync", "/api/orders/{id}", "/slow", SloFilter.NOT_FOUND_ROUTE)
        .noneMatch(route -> route.contains("7") || route.contains("page"));
    // the endpoints are on in sre4j.properties, and not measured
    HttpResponse<String> status = get(container, "/sre/status");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"slo\":\"availability\"");
    assertThat(registry.snapshot("availability").orElseThrow().validEvents()).isEqualTo(3);
  }

  /** The initializer as a container finds it: through the service file in the jar. */
  private static ServletContainerInitializer discovered() {
    return ServiceLoader.load(ServletContainerInitializer.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(initializer -> initializer instanceof SloServletInitializer)
        .findFirst()
        .orElseThrow(() -> new AssertionError("SloServletInitializer is not in META-INF/services"));
  }

  private HttpResponse<String> get(Container container, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + container.port() + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
