package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.MaintenanceWindow;
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
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad bodies of the mutating endpoints on real Jetty and Tomcat (issue 14, bugs 3 to 5): each gets
 * 400 (or 409) with a one-line JSON error naming the field, and nothing is logged with a stack
 * trace; maintenance windows out of range or beyond the cap are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class EndpointBadInputTest {

  private static final String TOKEN = "s3cret-token-for-tests-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final String RANGE = "from 2026-11-01T00:00:00Z (the longest SLO window, 30d,"
      + " before now) to 2027-12-01T00:00:00Z (365d after now)";

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<LogRecord> thrown = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getThrown() != null) {
        synchronized (thrown) {
          thrown.add(record);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private ManualClock clock;
  private SloRegistry registry;
  private Container jetty;
  private Container tomcat;

  @BeforeAll
  void start() throws Exception {
    clock = ManualClock.at(NOW);
    registry = SloRegistry.builder().service("orders").clock(clock).manualTick()
        .slo(SloSpec.builder("availability").objective("99%").build())
        .build();
    ServletSettings settings = ServletSettings.builder().endpoints(true).token(TOKEN).build();
    jetty = Container.jetty(List.of(new TestApp(new SloFilter(registry, settings, null))));
    tomcat = Container.tomcat(List.of(new TestApp(new SloFilter(registry, settings, null))));
  }

  @AfterAll
  void stop() throws Exception {
    jetty.close();
    tomcat.close();
    registry.close();
  }

  @BeforeEach
  void captureLogs() {
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void noStackTraces() {
    Logger.getLogger("").removeHandler(capture);
    synchronized (thrown) {
      assertThat(thrown).as("log records with a stack trace")
          .extracting(record -> record.getLoggerName() + ": " + record.getThrown()).isEmpty();
    }
  }

  Stream<Arguments> badBodies() {
    String form = "application/x-www-form-urlencoded";
    String json = "application/json";
    return Stream.of(
        Arguments.of("/sre/deployments", form, "version=%FF",
            "parameter version must be UTF-8 text, percent-encoded, but was %FF"),
        // the UTF-8 encoding of a surrogate, which UTF-8 forbids
        Arguments.of("/sre/deployments", form, "version=%ED%A0%80",
            "parameter version must be UTF-8 text, percent-encoded, but was %ED%A0%80"),
        Arguments.of("/sre/deployments", form, "version=v1%",
            "parameter version must be a % followed by two hex digits, but was v1%"),
        Arguments.of("/sre/deployments", form, "ver%C3sion=v1",
            "a parameter name must be UTF-8 text, percent-encoded, but was ver%C3sion"),
        Arguments.of("/sre/deployments", form, "version=a&version=b",
            "parameter version must be given once"),
        Arguments.of("/sre/deployments", json, "{\"version\":\"v\\ud800\"}",
            "parameter version must be Unicode text, but has an unpaired surrogate escape \\uD800"),
        Arguments.of("/sre/maintenance", json, "{\"reason\":\"r\","
                + "\"start\":\"+999999999-12-31T00:00:00Z\",\"end\":\"+999999999-12-31T01:00:00Z\"}",
            "maintenance start must be " + RANGE + " but was \"+999999999-12-31T00:00:00Z\""),
        Arguments.of("/sre/maintenance", json, "{\"reason\":\"r\","
                + "\"start\":\"0001-01-01T00:00:00Z\",\"end\":\"0001-01-01T01:00:00Z\"}",
            "maintenance start must be " + RANGE + " but was \"0001-01-01T00:00:00Z\""),
        Arguments.of("/sre/maintenance", form,
            "reason=r&start=9999-01-01T00%3A00%3A00Z&end=9999-01-01T01%3A00%3A00Z",
            "maintenance start must be " + RANGE + " but was \"9999-01-01T00:00:00Z\""),
        Arguments.of("/sre/maintenance", json, "{\"reason\":\"r\","
                + "\"start\":\"2027-11-30T23:00:00Z\",\"end\":\"2027-12-01T00:00:01Z\"}",
            "maintenance end must be " + RANGE + " but was \"2027-12-01T00:00:01Z\""))
        .flatMap(arguments -> Stream.of("jetty", "tomcat").map(container -> {
          Object[] given = arguments.get();
          return Arguments.of(container, given[0], given[1], given[2], given[3]);
        }));
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("badBodies")
  void badBodiesGet400NamingTheField(String container, String path, String contentType,
      String body, String message) throws Exception {
    int windows = registry.maintenanceWindows().size();
    HttpResponse<String> response = post(container.equals("jetty") ? jetty : tomcat, path,
        contentType, body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).endsWith("\n").hasLineCount(1);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("error").asText()).isEqualTo("bad_request");
    assertThat(error.get("message").asText()).isEqualTo(message);
    assertThat(registry.maintenanceWindows()).hasSize(windows);
  }

  @Test
  void theThousandAndFirstWindowIsAConflictAndStatusListsOnlyTheWindowsThatMatter()
      throws Exception {
    ManualClock crowdedClock = ManualClock.at(NOW);
    SloRegistry crowded = SloRegistry.builder().service("crowded").clock(crowdedClock).manualTick()
        .slo(SloSpec.builder("availability").objective("1%").build())
        .build();
    Container server = Container.jetty(List.of(new TestApp(new SloFilter(crowded,
        ServletSettings.builder().endpoints(true).token(TOKEN).build(), null))));
    try {
      Instant first = NOW.plus(Duration.ofHours(1));
      for (int i = 0; i < 1_000; i++) {
        Instant start = first.plus(Duration.ofMinutes(i));
        crowded.declareMaintenance(MaintenanceWindow.of(start, start.plusSeconds(30), "w" + i));
      }
      HttpResponse<String> refused = post(server, "/sre/maintenance", "application/json",
          "{\"reason\":\"one too many\",\"duration\":\"5m\"}");
      assertThat(refused.statusCode()).isEqualTo(409);
      JsonNode error = JSON.readTree(refused.body());
      assertThat(error.get("error").asText()).isEqualTo("conflict");
      assertThat(error.get("message").asText()).isEqualTo("at most 1000 maintenance windows are"
          + " kept and 1000 still matter (the first ends at 2026-12-01T01:00:30Z); declare fewer,"
          + " longer windows or wait until older ones end");
      assertThat(status(server).get("maintenance")).hasSize(1_000);

      // 30 days (the SLO's window) after the last one ended, none matters any more
      crowdedClock.advanceTo(first.plus(Duration.ofMinutes(999)).plusSeconds(30)
          .plus(Duration.ofDays(30)).plusMillis(1));
      assertThat(status(server).get("maintenance")).isEmpty();
      assertThat(post(server, "/sre/maintenance", "application/json",
          "{\"reason\":\"room again\",\"duration\":\"5m\"}").statusCode()).isEqualTo(201);
    } finally {
      server.close();
      crowded.close();
    }
  }

  private JsonNode status(Container container) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + container.port() + "/sre/status"))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> post(Container container, String path, String contentType,
      String body) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + container.port() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType)
        .header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
