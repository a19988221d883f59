package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloWindow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policy lifecycle's endpoints on real Jetty and Tomcat (issue 15): reviews, budget
 * adjustments and deployments with downtime; bad input gets 400 naming the field; every POST
 * needs the token.
 */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {"jetty", "tomcat"})
final class PolicyEndpointsTest {

  private static final String TOKEN = "s3cret-token-for-tests-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON_TYPE = "application/json";

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ManualClock clock;
  private SloRegistry registry;
  @Parameter private String containerName;
  private Container container;

  @BeforeEach
  void start() throws Exception {
    clock = ManualClock.at(NOW);
    registry = SloRegistry.builder().service("orders").clock(clock).manualTick()
        .slo(SloSpec.builder("availability").objective("99%")
            .window(SloWindow.rolling(Duration.ofDays(1))).build())
        .build();
    ServletSettings settings = ServletSettings.builder().endpoints(true).token(TOKEN).build();
    List<jakarta.servlet.ServletContainerInitializer> app =
        List.of(new TestApp(new SloFilter(registry, settings, null)));
    container = containerName.equals("tomcat") ? Container.tomcat(app) : Container.jetty(app);
  }

  @AfterEach
  void stop() throws Exception {
    container.close();
    registry.close();
  }

  private void traffic(int requests, int failed) {
    Endpoint endpoint = registry.endpoint("GET", "/api/orders");
    for (int i = 0; i < requests; i++) {
      endpoint.record(i < failed ? 500 : 200, 1_000_000L);
    }
    registry.tick();
  }

  @Test
  void aReviewReopensTheGateAfterAnExhaustionAndIsListedInTheStatus() throws Exception {
    traffic(1_000, 20); // exhausted
    clock.advanceTo(NOW.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
    traffic(100, 0); // recovered, not reviewed
    HttpResponse<String> closed = get("/sre/gate");
    assertThat(closed.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(closed.body()).get("reasons").get(0).asText())
        .isEqualTo("slo availability: error budget exhausted on 2026-12-01; review required");
    JsonNode before = slo(JSON.readTree(get("/sre/status").body()));
    assertThat(before.get("budget_state").asText()).isEqualTo("review_required");
    assertThat(before.get("review_required").asBoolean()).isTrue();
    assertThat(before.get("exhausted_on").asText()).isEqualTo("2026-12-01T00:00:00.000Z");

    HttpResponse<String> recorded = post("/sre/reviews", JSON_TYPE, "{\"slo\":\"availability\","
        + "\"who\":\"alice\",\"summary\":\"bad config push\","
        + "\"actions\":\"canary config pushes; alert on config errors\","
        + "\"link\":\"https://wiki.example.com/pm/1\"}");
    assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
    JsonNode answer = JSON.readTree(recorded.body());
    assertThat(answer.get("slo").asText()).isEqualTo("availability");
    assertThat(answer.get("review_required").asBoolean()).isFalse();
    assertThat(answer.get("reviews").get(0).get("actions")).hasSize(2);
    assertThat(answer.get("reviews").get(0).get("when").asText())
        .isEqualTo("2026-12-02T01:00:00.000Z");

    assertThat(get("/sre/gate").statusCode()).isEqualTo(200);
    JsonNode after = slo(JSON.readTree(get("/sre/status").body()));
    assertThat(after.get("budget_state").asText()).isEqualTo("healthy");
    assertThat(after.get("reviews").get(0).get("who").asText()).isEqualTo("alice");
    assertThat(after.get("reviews").get(0).get("link").asText())
        .isEqualTo("https://wiki.example.com/pm/1");
  }

  @Test
  void aBudgetAdjustmentChangesTheBudgetInForceAndIsListedInTheStatus() throws Exception {
    traffic(1_000, 15); // 15 bad of 10 allowed: exhausted
    assertThat(get("/sre/gate").statusCode()).isEqualTo(409);
    HttpResponse<String> adjusted = post("/sre/budget-adjustments", FORM, "slo=availability"
        + "&objective=95%25&reason=migration&approver=cto&end=2026-12-01T06%3A00%3A00Z");
    assertThat(adjusted.statusCode()).as(adjusted.body()).isEqualTo(201);
    JsonNode answer = JSON.readTree(adjusted.body());
    assertThat(answer.get("adjustment_in_force").asText()).isEqualTo("objective 95%");
    assertThat(answer.get("adjustments").get(0).get("approver").asText()).isEqualTo("cto");
    assertThat(answer.get("adjustments").get(0).get("end").asText())
        .isEqualTo("2026-12-01T06:00:00.000Z");

    JsonNode status = slo(JSON.readTree(get("/sre/status").body()));
    assertThat(status.get("budget_in_force").asText()).isEqualTo("adjusted");
    assertThat(status.get("objective").asDouble()).isEqualTo(0.99);
    assertThat(status.get("budget_objective").asDouble()).isEqualTo(0.95);
    assertThat(status.get("budget_remaining").asDouble()).isCloseTo(1 - 15 / 50.0, within(1e-9));
    assertThat(status.get("original_budget_remaining").asDouble())
        .isCloseTo(1 - 15 / 10.0, within(1e-9));
    // the budget in force is no longer exhausted, but the exhaustion still needs its review
    HttpResponse<String> gate = get("/sre/gate");
    assertThat(gate.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(gate.body()).get("reasons").get(0).asText())
        .isEqualTo("slo availability: error budget exhausted on 2026-12-01; review required");
    assertThat(post("/sre/reviews", FORM, "slo=availability&who=a&summary=s").statusCode())
        .isEqualTo(201);
    assertThat(get("/sre/gate").statusCode()).isEqualTo(200);

    HttpResponse<String> allowance = post("/sre/budget-adjustments", JSON_TYPE,
        "{\"slo\":\"availability\",\"extra_downtime\":\"2h\",\"reason\":\"credit\","
            + "\"approver\":\"vp\",\"start\":\"2026-12-01T01:00:00Z\"}");
    assertThat(allowance.statusCode()).as(allowance.body()).isEqualTo(201);
    assertThat(JSON.readTree(allowance.body()).get("adjustments").get(1).get("long_term")
        .asBoolean()).isTrue();
  }

  @Test
  void aDeploymentDeclaresDowntimeAndTheGateJudgesOne() throws Exception {
    traffic(10_000, 0);
    // 99 % of a day allows 14m24s: a 20-minute downtime is over budget (reported, not strict)
    assertThat(get("/sre/gate?downtime=5m").statusCode()).isEqualTo(200);
    HttpResponse<String> denied = get("/sre/gate?downtime=20m");
    assertThat(denied.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(denied.body()).get("reasons").get(0).asText()).isEqualTo(
        "slo availability: declared downtime 20m exceeds the 14m24s of error budget left");

    HttpResponse<String> deployed = post("/sre/deployments?version=1.2.3&downtime=2m", FORM, "");
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
    JsonNode answer = JSON.readTree(deployed.body());
    assertThat(answer.get("version").asText()).isEqualTo("1.2.3");
    assertThat(answer.get("expected_downtime_ms").asLong()).isEqualTo(120_000L);
    assertThat(answer.get("over_budget")).isEmpty();
    JsonNode status = JSON.readTree(get("/sre/status").body());
    assertThat(status.get("maintenance").get(0).get("reason").asText())
        .isEqualTo("deployment 1.2.3");
    JsonNode history = slo(status).get("deployments").get(0);
    assertThat(history.get("version").asText()).isEqualTo("1.2.3");
    assertThat(history.get("expected_downtime_ms").asLong()).isEqualTo(120_000L);
    assertThat(history.get("ended").asBoolean()).isFalse();

    clock.advanceTo(NOW.plus(Duration.ofMinutes(3)));
    assertThat(slo(JSON.readTree(get("/sre/status").body())).get("deployments").get(0)
        .get("ended").asBoolean()).isTrue();
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("/sre/deployments", FORM, "version=1.2.3&downtime=soon",
            "downtime must be a positive duration such as 30m, 1h30m or PT30M, at most 31d, but"
                + " was soon"),
        Arguments.of("/sre/deployments", FORM, "version=1.2.3&downtime=0s",
            "downtime must be a positive duration such as 30m, 1h30m or PT30M, at most 31d, but"
                + " was 0s"),
        Arguments.of("/sre/budget-adjustments", FORM, "objective=99%25&reason=r&approver=a",
            "slo is required"),
        Arguments.of("/sre/budget-adjustments", FORM, "slo=availability&reason=r&approver=a",
            "give exactly one of objective, extra_bad_events or extra_downtime"),
        Arguments.of("/sre/budget-adjustments", FORM,
            "slo=availability&objective=99%25&extra_bad_events=5&reason=r&approver=a",
            "give exactly one of objective, extra_bad_events or extra_downtime"),
        Arguments.of("/sre/budget-adjustments", FORM,
            "slo=availability&objective=150%25&reason=r&approver=a",
            "objective must be a ratio in (0,1) such as 99.5% or 0.995 but was 150%"),
        Arguments.of("/sre/budget-adjustments", FORM,
            "slo=availability&extra_bad_events=-3&reason=r&approver=a",
            "extra_bad_events must be a whole number from 1 to 1000000000000 but was -3"),
        Arguments.of("/sre/budget-adjustments", FORM,
            "slo=availability&extra_downtime=forever&reason=r&approver=a",
            "extra_downtime must be a positive duration such as 30m, 1h30m or PT30M, at most 366d,"
                + " but was forever"),
        Arguments.of("/sre/budget-adjustments", FORM, "slo=availability&objective=99.5%25&approver=a",
            "reason is required"),
        Arguments.of("/sre/budget-adjustments", FORM, "slo=availability&objective=99.5%25&reason=r",
            "approver is required"),
        Arguments.of("/sre/budget-adjustments", FORM,
            "slo=availability&objective=99.5%25&reason=r&approver=a&end=soon",
            "end must be an RFC 3339 time such as 2026-11-27T03:00:00Z but was soon"),
        Arguments.of("/sre/budget-adjustments", FORM, "slo=availability&objective=99.5%25&reason=r"
                + "&approver=a&start=2026-12-01T02%3A00%3A00Z&end=2026-12-01T01%3A00%3A00Z",
            "end must be after its start 2026-12-01T02:00:00Z but was \"2026-12-01T01:00:00Z\""),
        Arguments.of("/sre/budget-adjustments", FORM, "slo=availability&objective=99.5%25&reason=r"
                + "&approver=a&start=2026-11-01T00%3A00%3A00Z&end=2026-11-02T00%3A00%3A00Z",
            "end must be after now 2026-12-01T00:00:00Z but was \"2026-11-02T00:00:00Z\""),
        Arguments.of("/sre/reviews", FORM, "who=a&summary=s", "slo is required"),
        Arguments.of("/sre/reviews", FORM, "slo=nope&who=a&summary=s",
            "slo must name a registered SLO [availability] but named nope"),
        Arguments.of("/sre/reviews", FORM, "slo=availability&summary=s", "who is required"),
        Arguments.of("/sre/reviews", FORM, "slo=availability&who=a", "summary is required"),
        Arguments.of("/sre/reviews", FORM, "slo=availability&who=a&summary=s&link=ftp%3A%2F%2Fx",
            "link must be an absolute http(s) URL but was ftp://x"),
        Arguments.of("/sre/reviews", FORM, "slo=availability&who=a&summary=s&when=yesterday",
            "when must be an RFC 3339 time such as 2026-11-27T03:00:00Z but was yesterday"),
        Arguments.of("/sre/reviews", FORM, "slo=availability&who=" + "w".repeat(129) + "&summary=s",
            "who must be 1 to 128 characters, not blank but was \"" + "w".repeat(129) + "\""),
        Arguments.of("/sre/reviews", JSON_TYPE, "{\"slo\":\"availability\",\"who\":\"a\","
            + "\"summary\":\"s\",\"color\":\"red\"}",
            "unknown parameter color; expected slo, who, summary, actions, link, when"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("badInput")
  void badInputGets400NamingTheField(String path, String contentType, String body, String message)
      throws Exception {
    HttpResponse<String> response = post(path, contentType, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("error").asText()).isEqualTo("bad_request");
    assertThat(error.get("message").asText()).isEqualTo(message);
  }

  @Test
  void aBadGateDowntimeGets400NamingIt() throws Exception {
    HttpResponse<String> response = get("/sre/gate?downtime=forever");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo("downtime must be"
        + " a positive duration such as 30m, 1h30m or PT30M, at most 31d, but was forever");
    assertThat(get("/sre/gate?color=red").statusCode()).isEqualTo(400);
  }

  static Stream<String> posts() {
    return Stream.of("/sre/reviews", "/sre/budget-adjustments", "/sre/deployments?downtime=2m");
  }

  @ParameterizedTest
  @MethodSource("posts")
  void everyNewPostNeedsTheToken(String path) throws Exception {
    HttpResponse<String> none = send(path, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"sre4j\"");
    HttpResponse<String> wrong = send(path, "Bearer not-the-token");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(wrong.body()).get("error").asText()).isEqualTo("invalid_token");
    assertThat(registry.policy("availability").orElseThrow().reviews()).isEmpty();
    assertThat(registry.policy("availability").orElseThrow().adjustments()).isEmpty();
    assertThat(registry.lastDeployment()).isEmpty();
  }

  private HttpResponse<String> send(String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + container.port() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", FORM)
        .POST(HttpRequest.BodyPublishers.ofString("slo=availability&who=a&summary=s"
            + "&version=v1&objective=99%25&reason=r&approver=b", StandardCharsets.UTF_8));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode slo(JsonNode status) {
    return status.get("slos").get(0);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + container.port() + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + container.port() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType)
        .header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
