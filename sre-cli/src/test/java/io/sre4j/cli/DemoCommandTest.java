package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo, end to end: 8 s at 900x run the whole 2-hour story (the incident at 0:20 simulated, 1.3
 * s real). While it runs, the test reads the URLs it printed and queries the status, gate and
 * metrics endpoints.
 */
final class DemoCommandTest {

  private static final Pattern BASE =
      Pattern.compile("GET  (http://127\\.0\\.0\\.1:[0-9]+)/sre/status");

  @Test
  void runsTheStoryServesTheEndpointsAndPages() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
    CompletableFuture<Integer> demo =
        CompletableFuture.supplyAsync(
            () ->
                Sre4jCli.run(
                    new String[] {"demo", "--duration", "8s", "--time-scale", "900", "--port", "0"},
                    new ByteArrayInputStream(new byte[0]),
                    stdout,
                    stderr));

    URI base = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (base == null && System.nanoTime() < deadline && !demo.isDone()) {
      Matcher matcher = BASE.matcher(err.toString(StandardCharsets.UTF_8));
      if (matcher.find()) {
        base = URI.create(matcher.group(1));
      } else {
        Thread.sleep(50);
      }
    }
    assertThat(base).as(err.toString(StandardCharsets.UTF_8)).isNotNull();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Thread.sleep(2000); // into the incident

    HttpResponse<String> status = get(client, base.resolve("/sre/status"));
    HttpResponse<String> gate = get(client, base.resolve("/sre/gate"));
    HttpResponse<String> metrics = get(client, base.resolve("/metrics"));

    int code = demo.get(60, TimeUnit.SECONDS);
    String stderrText = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(stderrText).isZero();

    assertThat(status.statusCode()).isEqualTo(200);
    JsonNode document = new ObjectMapper().readTree(status.body());
    assertThat(document.path("service").asText()).isEqualTo(Demo.SERVICE);
    assertThat(document.path("slos")).hasSize(2);
    assertThat(document.path("slos").get(0).path("window_valid").asLong()).isPositive();
    assertThat(gate.statusCode()).isIn(200, 409);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("sre4j_slo_valid_events_total{")
        .contains("slo=\"availability\"");

    List<JsonNode> lines = Cli.jsonLines(out.toString(StandardCharsets.UTF_8));
    assertThat(lines)
        .filteredOn(line -> line.path("type").asText().equals("sli_report"))
        .isNotEmpty();
    assertThat(lines).filteredOn(line -> line.path("type").asText().equals("access")).isNotEmpty();
    assertThat(lines)
        .filteredOn(
            line ->
                line.path("type").asText().equals("alert")
                    && line.path("severity").asText().equals("page")
                    && line.path("state").asText().equals("firing"))
        .isNotEmpty();
    assertThat(stderrText)
        .contains("POST " + base + "/sre/deployments")
        .contains("incident: GET /api/orders/{id}")
        .contains("page alert FIRING")
        .contains("sre4j demo: done after")
        .containsPattern("availability +SLI [0-9.]+%")
        .contains("release gate: DENY");
  }

  private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
