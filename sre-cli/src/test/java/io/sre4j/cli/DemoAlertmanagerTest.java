package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.testing.HttpReceiver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code demo --alertmanager URL}: the demo's page alert reaches that URL as an Alertmanager alert
 * (here a small HTTP server standing in for Alertmanager; the real one is in sre-core's
 * AlertmanagerEndToEndTest), and a bad URL is a usage error.
 *
 * <p>The demo runs 45 simulated minutes at 300x, so that its incident (minutes 20 to 35) lasts 3 s
 * of real time: at 900x it lasted 1 s, and a loaded build machine could starve the traffic for all
 * of it (no bad request, no page).
 */
final class DemoAlertmanagerTest {

  @Test
  void thePageReachesTheAlertmanager() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (HttpReceiver alertmanager = HttpReceiver.start()) {
      int code = Sre4jCli.run(
          new String[] {"demo", "--duration", "9s", "--time-scale", "300", "--port", "0",
              "--alertmanager", alertmanager.url()},
          new ByteArrayInputStream(new byte[0]),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      String stderr = err.toString(StandardCharsets.UTF_8);
      assertThat(code).as(stderr).isZero();
      assertThat(stderr)
          .contains("alerts go to Alertmanager " + alertmanager.url() + " (--alertmanager)")
          .containsPattern("notifications to alertmanager: [1-9][0-9]* sent");
      boolean page = false;
      for (HttpReceiver.Request request = alertmanager.poll(Duration.ofSeconds(5)); request != null;
          request = alertmanager.poll(Duration.ZERO)) {
        assertThat(request.path()).isEqualTo("/api/v2/alerts");
        JsonNode labels = new ObjectMapper().readTree(request.body()).get(0).get("labels");
        assertThat(labels.get("alertname").asText()).isEqualTo("SloErrorBudgetBurn");
        assertThat(labels.get("service").asText()).isEqualTo(Demo.SERVICE);
        page |= labels.get("severity").asText().equals("page");
      }
      assertThat(page).as(stderr).isTrue();
    }
  }

  @Test
  void aBadUrlIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Sre4jCli.run(
        new String[] {"demo", "--alertmanager", "ftp://alertmanager:9093"},
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(Sre4jCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sre4j demo: --alertmanager:"
        + " alert.alertmanager must be an absolute http(s) URL such as http://alertmanager:9093,"
        + " without user info, query or fragment but was \"ftp://alertmanager:9093\""
        + " (see 'sre4j demo --help')" + System.lineSeparator());
  }
}
