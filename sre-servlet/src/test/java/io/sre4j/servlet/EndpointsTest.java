package io.sre4j.servlet;

import static io.sre4j.servlet.Probe.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The status and gate endpoints on real containers: Jetty with a token configured, Tomcat without
 * one (so the mutating endpoints are not there).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class EndpointsTest {

  private static final String TOKEN = "s3cret-token-for-tests-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SloRegistry registry;
  private Container jetty;
  private SloRegistry untokenedRegistry;
  private Container tomcat;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() throws Exception {
    registry = SloRegistry.builder().service("orders").manualTick()
        .slo(SloSpec.builder("availability").objective("99%").build())
        .build();
    jetty = Container.jetty(List.of(new TestApp(new SloFilter(registry,
        ServletSettings.builder().endpoints(true).token(TOKEN).build(), null))));
    untokenedRegistry = SloRegistry.builder().service("no-token").manualTick()
        .slo(SloSpec.builder("availability").objective("99%").build())
        .build();
    tomcat = Container.tomcat(List.of(new TestApp(new SloFilter(untokenedRegistry,
        ServletSettings.builder().endpoints(true).build(), null))));
  }

  @AfterAll
  void stop() throws Exception {
    jetty.close();
    tomcat.close();
    registry.close();
    untokenedRegistry.close();
  }

  @Test
  void gateAllowsThenDeniesAfterABurnThenAnOverrideAllows() throws Exception {
    SloRegistry burnt = SloRegistry.builder().service("burnt").manualTick()
        .slo(SloSpec.builder("availability").objective("99%").build())
        .build();
    Container server = Container.tomcat(List.of(new TestApp(new SloFilter(burnt,
        ServletSettings.builder().endpoints(true).token(TOKEN).build(), null))));
    try {
      HttpResponse<String> allowed = send(server, "GET", "/sre/gate", null, null, null);
      assertThat(allowed.statusCode()).isEqualTo(200);
      JsonNode allow = JSON.readTree(allowed.body());
      assertThat(allow.get("allowed").asBoolean()).isTrue();
      assertThat(allow.get("decision").asText()).isEqualTo("allow");
      assertThat(allow.get("source").asText()).as("no gate.prometheus-url").isEqualTo("instance");
      assertThat(allow.get("reasons")).isEmpty();

      for (int i = 0; i < 10; i++) { // the injected burn: every request fails
        assertThat(send(server, "GET", "/error500", null, null, null).statusCode()).isEqualTo(500);
      }
      eventually(() -> burnt.snapshot("availability").orElseThrow().badEvents() == 10);

      HttpResponse<String> denied = send(server, "GET", "/sre/gate", null, null, null);
      assertThat(denied.statusCode()).as("curl -f fails on it").isEqualTo(409);
      JsonNode deny = JSON.readTree(denied.body());
      assertThat(deny.get("allowed").asBoolean()).isFalse();
      assertThat(deny.get("decision").asText()).isEqualTo("deny");
      assertThat(deny.get("reasons").get(0).asText()).contains("availability").contains("exhausted");

      HttpResponse<String> override = send(server, "POST", "/sre/gate/override",
          "application/json", "{\"reason\":\"hotfix INC-1\",\"duration\":\"30m\"}", TOKEN);
      assertThat(override.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(override.body()).get("overridden").asBoolean()).isTrue();
      assertThat(JSON.readTree(override.body()).get("source").asText()).isEqualTo("instance");
      HttpResponse<String> overridden = send(server, "GET", "/sre/gate", null, null, null);
      assertThat(overridden.statusCode()).isEqualTo(200);
      JsonNode decision = JSON.readTree(overridden.body());
      assertThat(decision.get("override_reason").asText()).isEqualTo("hotfix INC-1");
      assertThat(decision.get("reasons")).isNotEmpty();
    } finally {
      server.close();
      burnt.close();
    }
  }

  @Test
  void statusShowsEverySloAndEndpoint() throws Exception {
    assertThat(send(jetty, "GET", "/sync", null, null, null).statusCode()).isEqualTo(200);
    eventually(() -> registry.snapshot("availability").orElseThrow().validEvents() >= 1);
    HttpResponse<String> response = send(jetty, "GET", "/sre/status", null, null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    JsonNode status = JSON.readTree(response.body());
    assertThat(status.get("service").asText()).isEqualTo("orders");
    JsonNode slo = status.get("slos").get(0);
    assertThat(slo.get("slo").asText()).isEqualTo("availability");
    assertThat(slo.get("window_valid").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(slo.get("sli").asDouble()).isBetween(0.0, 1.0);
    assertThat(slo.get("budget_remaining").isNumber()).isTrue();
    assertThat(slo.get("burn_rates")).isNotEmpty();
    assertThat(slo.get("burn_rates").get(0).has("rate")).isTrue();
    assertThat(slo.get("alerts").isArray()).isTrue();
    assertThat(slo.get("firing").isArray()).isTrue();
    assertThat(slo.get("budget_state").asText()).isIn("healthy", "at_risk", "exhausted");
    assertThat(slo.get("in_maintenance").isBoolean()).isTrue();
    assertThat(slo.get("rollback_advised").isBoolean()).isTrue();
    assertThat(slo.get("no_data").asBoolean()).as("a request just now").isFalse();
    assertThat(slo.get("alerts_suppressed_low_traffic").isIntegralNumber()).isTrue();
    assertThat(slo.get("exhaustion")).hasSize(2);
    assertThat(slo.get("exhaustion").get(0).get("window").asText()).isEqualTo("1h");
    assertThat(slo.get("exhaustion").get(1).get("window").asText()).isEqualTo("6h");
    assertThat(status.get("endpoints")).anySatisfy(endpoint -> {
      assertThat(endpoint.get("method").asText()).isEqualTo("GET");
      assertThat(endpoint.get("route").asText()).isEqualTo("/sync");
    });
    assertThat(status.get("in_flight").isObject()).isTrue();
  }

  @Test
  void endpointsOwnRequestsAreNotCounted() throws Exception {
    long before = registry.snapshot("availability").orElseThrow().validEvents();
    send(jetty, "GET", "/sre/status", null, null, null);
    send(jetty, "GET", "/sre/gate", null, null, null);
    send(jetty, "GET", "/sre/nothing-here", null, null, null);
    send(jetty, "POST", "/sre/deployments", "application/json", "{}", null);
    assertThat(send(jetty, "GET", "/sync", null, null, null).statusCode()).isEqualTo(200);
    eventually(() -> registry.snapshot("availability").orElseThrow().validEvents() > before);
    assertThat(registry.snapshot("availability").orElseThrow().validEvents()).isEqualTo(before + 1);
    assertThat(registry.endpointSnapshots()).noneMatch(e -> e.route().startsWith("/sre"));
  }

  @Test
  void deploymentNeedsTheBearerToken() throws Exception {
    String body = "{\"version\":\"v2.3.1\"}";
    var before = registry.lastDeployment();
    HttpResponse<String> missing = send(jetty, "POST", "/sre/deployments", "application/json", body, null);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"sre4j\"");
    assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("unauthorized");

    HttpResponse<String> wrong = send(jetty, "POST", "/sre/deployments", "application/json", body,
        "not-the-token-0123456789abcdef");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"sre4j\", error=\"invalid_token\"");
    assertThat(registry.lastDeployment()).isEqualTo(before);

    HttpResponse<String> created = send(jetty, "POST", "/sre/deployments", "application/json", body, TOKEN);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(created.body()).get("version").asText()).isEqualTo("v2.3.1");
    assertThat(registry.lastDeployment()).hasValueSatisfying(
        deployment -> assertThat(deployment.version()).isEqualTo("v2.3.1"));
    JsonNode status = JSON.readTree(send(jetty, "GET", "/sre/status", null, null, null).body());
    assertThat(status.get("last_deployment").get("version").asText()).isEqualTo("v2.3.1");
  }

  @Test
  void formParametersWorkToo() throws Exception {
    HttpResponse<String> created = send(jetty, "POST", "/sre/deployments",
        "application/x-www-form-urlencoded", "version=v9-form", TOKEN);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(registry.lastDeployment().orElseThrow().version()).isEqualTo("v9-form");
  }

  @Test
  void maintenanceIsDeclared() throws Exception {
    HttpResponse<String> created = send(jetty, "POST", "/sre/maintenance", "application/json",
        "{\"reason\":\"database upgrade\",\"duration\":\"20m\"}", TOKEN);
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode window = JSON.readTree(created.body());
    assertThat(window.get("reason").asText()).isEqualTo("database upgrade");
    assertThat(window.get("over_budget").isArray()).isTrue();
    assertThat(registry.maintenanceWindows()).anySatisfy(
        w -> assertThat(w.reason()).isEqualTo("database upgrade"));

    // planned ahead, within the accepted range (at most 365 days ahead)
    Instant start = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> planned = send(jetty, "POST", "/sre/maintenance", "application/json",
        "{\"reason\":\"failover drill\",\"start\":\"" + start + "\","
            + "\"end\":\"" + start.plus(Duration.ofMinutes(10)) + "\",\"slos\":[\"availability\"]}",
        TOKEN);
    assertThat(planned.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(planned.body()).get("slos").get(0).asText()).isEqualTo("availability");
  }

  @Test
  void badRequestsGet400WithJsonAndNoStackTrace() throws Exception {
    List<String> bodies = List.of(
        "{not json",
        "{\"version\":\"a\",\"version\":\"b\"}",
        "{\"version\":{\"nested\":1}}",
        "{}",
        "{\"version\":\"   \"}",
        "{\"version\":\"v1\",\"unknown\":1}",
        "[\"version\"]",
        "{\"version\":\"" + "x".repeat(200) + "\"}");
    for (String body : bodies) {
      HttpResponse<String> response = send(jetty, "POST", "/sre/deployments", "application/json", body, TOKEN);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      JsonNode error = JSON.readTree(response.body());
      assertThat(error.get("error").asText()).isEqualTo("bad_request");
      assertThat(error.get("message").asText()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    HttpResponse<String> badDuration = send(jetty, "POST", "/sre/maintenance", "application/json",
        "{\"reason\":\"x\",\"duration\":\"forever\"}", TOKEN);
    assertThat(badDuration.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badDuration.body()).get("message").asText()).contains("duration");
    HttpResponse<String> badSlo = send(jetty, "POST", "/sre/maintenance", "application/json",
        "{\"reason\":\"x\",\"duration\":\"5m\",\"slos\":[\"nope\"]}", TOKEN);
    assertThat(badSlo.statusCode()).isEqualTo(400);
    HttpResponse<String> tooLarge = send(jetty, "POST", "/sre/deployments", "application/json",
        "{\"version\":\"" + "x".repeat(20_000) + "\"}", TOKEN);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
  }

  @Test
  void aTooLargeBodyIsReadToItsEndSoTheConnectionStaysUsable() throws Exception {
    // a body left unread would make the container close the connection, and a client still
    // sending it would meet a reset instead of the 413; read to its end, the connection lives on
    byte[] body = ("{\"version\":\"" + "x".repeat(40_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    var before = registry.lastDeployment();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", jetty.port())) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      java.io.InputStream in = socket.getInputStream();
      out.write(("POST /sre/deployments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      assertThat(responseHead(in)).startsWith("HTTP/1.1 413").doesNotContainIgnoringCase("connection: close");

      out.write("GET /sre/status HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(responseHead(in)).startsWith("HTTP/1.1 200");
    }
    assertThat(registry.lastDeployment()).isEqualTo(before);
  }

  /** Reads one response's head, then skips its body (by Content-Length). */
  private static String responseHead(java.io.InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return head + "<connection closed>";
      }
      head.append((char) c);
    }
    java.util.regex.Matcher length = java.util.regex.Pattern
        .compile("(?im)^content-length: *(\\d+)").matcher(head);
    if (length.find()) {
      in.readNBytes(Integer.parseInt(length.group(1)));
    }
    return head.toString();
  }

  @Test
  void wrongMethodsAndUnknownPaths() throws Exception {
    HttpResponse<String> post = send(jetty, "POST", "/sre/status", "application/json", "{}", TOKEN);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> get = send(jetty, "GET", "/sre/deployments", null, null, TOKEN);
    assertThat(get.statusCode()).isEqualTo(405);
    HttpResponse<String> unknown = send(jetty, "GET", "/sre/unknown", null, null, null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("not_found");
  }

  @Test
  void withoutATokenTheMutatingEndpointsAreNotThere() throws Exception {
    for (String path : List.of("/sre/deployments", "/sre/maintenance", "/sre/gate/override")) {
      HttpResponse<String> response = send(tomcat, "POST", path, "application/json",
          "{\"version\":\"v1\"}", TOKEN);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
    }
    assertThat(untokenedRegistry.lastDeployment()).isEmpty();
    assertThat(send(tomcat, "GET", "/sre/status", null, null, null).statusCode()).isEqualTo(200);
    assertThat(send(tomcat, "GET", "/sre/gate", null, null, null).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> send(Container container, String method, String path,
      String contentType, String body, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + container.port() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
