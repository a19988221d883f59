package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.ConfigException;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.Sre4jConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, risk "status token": {@code GET /sre/status} and {@code GET /sre/gate} are open by
 * default (documented), and {@code servlet.token-protects-reads} closes them behind the bearer
 * token of the mutating endpoints; on real containers (Jetty protected, Tomcat open and protected).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class StatusTokenTest {

  private static final String TOKEN = "s3cret-token-for-tests-0123456789";

  private SloRegistry registry;
  private Container jetty;
  private Container tomcat;
  private Container openTomcat;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() throws Exception {
    registry = SloRegistry.builder().service("orders").manualTick()
        .slo(SloSpec.builder("availability").objective("99%").build())
        .build();
    ServletSettings closed = ServletSettings.from(Map.of("servlet.endpoints", "true",
        "servlet.token", TOKEN, "servlet.token-protects-reads", "true"));
    assertThat(closed.tokenProtectsReads()).isTrue();
    jetty = Container.jetty(List.of(new TestApp(new SloFilter(registry, closed, null))));
    tomcat = Container.tomcat(List.of(new TestApp(new SloFilter(registry, closed, null))));
    openTomcat = Container.tomcat(List.of(new TestApp(new SloFilter(registry,
        ServletSettings.builder().endpoints(true).token(TOKEN).build(), null))));
  }

  @AfterAll
  void stop() throws Exception {
    jetty.close();
    tomcat.close();
    openTomcat.close();
    registry.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/sre/status", "/sre/gate"})
  void protectedReadsNeedTheBearerToken(String path) throws Exception {
    for (Container container : List.of(jetty, tomcat)) {
      HttpResponse<String> none = get(container, path, null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"sre4j\"");
      assertThat(none.body()).doesNotContain("orders");

      HttpResponse<String> wrong = get(container, path, "not-the-token-0123456789");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"sre4j\", error=\"invalid_token\"");

      HttpResponse<String> right = get(container, path, TOKEN);
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).contains("\"service\":\"orders\"");
    }
  }

  @Test
  void readsAreOpenByDefault() throws Exception {
    HttpResponse<String> status = get(openTomcat, "/sre/status", null);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"availability\"");
    assertThat(get(openTomcat, "/sre/gate", null).statusCode()).isEqualTo(200);
  }

  @Test
  void protectingReadsNeedsAToken() {
    assertThatThrownBy(() -> ServletSettings.builder().endpoints(true).tokenProtectsReads(true)
            .build())
        .isInstanceOf(ConfigException.class)
        .hasMessage("servlet.token-protects-reads must be false unless servlet.token is set but"
            + " was \"true\"");
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("servlet.token-protects-reads", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("servlet.token-protects-reads must be false unless servlet.token is set but"
            + " was \"true\"");
  }

  private HttpResponse<String> get(Container container, String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + container.port() + path))
        .timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
