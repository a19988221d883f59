package io.sre4j.servlet;

import static io.sre4j.servlet.Probe.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StructuredLog;
import jakarta.servlet.ServletContainerInitializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the filter records for each kind of request, on a real container: one suite, run against
 * every container ({@link JettyContractTest}, {@link TomcatContractTest}). Each test counts its
 * route with a fresh {@link Probe}, so that the counts and the route are checked together.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerContract {

  private SloRegistry registry;
  private StructuredLog log;
  private final ByteArrayOutputStream accessLines = new ByteArrayOutputStream();
  private SloFilter filter;
  private TestApp app;
  private Container container;
  private HttpClient client;

  /** Starts the container under test with these initializers, on an ephemeral port. */
  abstract Container start(List<ServletContainerInitializer> initializers) throws Exception;

  @BeforeAll
  void startContainer() throws Exception {
    registry = SloRegistry.builder().service("contract").manualTick().build();
    log = StructuredLog.builder().service("contract").sink(LogSink.jsonLines(accessLines))
        .accessLog(true).shutdownHook(false).build();
    filter = new SloFilter(registry,
        ServletSettings.builder().routes("/api/orders/{id}").build(), log);
    app = new TestApp(filter);
    container = start(List.of(app));
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  void stopContainer() throws Exception {
    container.close();
    log.close();
    registry.close();
  }

  @Test
  void syncRequestIsGood() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/sync");
    assertThat(get("/sync").statusCode()).isEqualTo(200);
    probe.await(1);
    assertThat(probe.availability().badEvents()).isZero();
    assertThat(probe.latency().validEvents()).isEqualTo(1);
    assertThat(probe.latency().badEvents()).isZero();
  }

  @Test
  void unmatchedPathsShareTheNotFoundRoute() throws Exception {
    Probe probe = Probe.onUnmatched(registry);
    Probe everyRoute = Probe.on(registry, "GET", "/**");
    assertThat(get("/no/such/path-1").statusCode()).isEqualTo(404);
    assertThat(get("/no/such/path-2").statusCode()).isEqualTo(404);
    // the endpoints are off by default: their path is just another unmatched path
    assertThat(get("/sre/status").statusCode()).isEqualTo(404);
    probe.await(3);
    assertThat(probe.availability().badEvents()).isZero();
    assertThat(everyRoute.availability().validEvents())
        .as("unmatched requests are no valid event of an SLO that does not ask for them").isZero();
    assertThat(routes()).noneMatch(route -> route.contains("path-") || route.startsWith("/sre"));
  }

  @Test
  void defaultServletRequestsShareTheCatchAllRoute() throws Exception {
    Probe probe = Probe.on(registry, "GET", SloFilter.CATCH_ALL_ROUTE);
    assertThat(get("/static/app.js").statusCode()).isEqualTo(200);
    assertThat(get("/static/site.css").statusCode()).isEqualTo(200);
    probe.await(2);
    assertThat(routes()).noneMatch(route -> route.startsWith("/static"));
  }

  @Test
  void serverErrorIsBad() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/error500");
    assertThat(get("/error500").statusCode()).isEqualTo(500);
    probe.await(1);
    assertThat(probe.availability().badEvents()).isEqualTo(1);
    assertThat(probe.latency().validEvents()).as("failures are not judged for latency").isZero();
  }

  @Test
  void thrownExceptionIsBadAndReachesTheContainer() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/throw");
    assertThat(get("/throw").statusCode()).isEqualTo(500);
    probe.await(1);
    assertThat(probe.availability().badEvents()).isEqualTo(1);
  }

  @Test
  void exceptionAfterCommitKeepsTheCommittedStatus() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/commit-then-throw");
    try {
      get("/commit-then-throw");
    } catch (IOException e) {
      // the container may cut the connection of a committed response that failed: fine
    }
    probe.await(1);
    assertThat(probe.availability().badEvents()).as("committed 200").isZero();
  }

  @Test
  void asyncRequestIsRecordedWhenCompletedLater() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/async");
    CompletableFuture<HttpResponse<String>> reply =
        client.sendAsync(request("/async"), HttpResponse.BodyHandlers.ofString());
    eventually(() -> !app.pending.isEmpty());
    eventually(() -> filter.inFlight("GET", "/async") == 1);
    assertThat(probe.availability().validEvents()).as("not recorded before completion").isZero();
    assertThat(filter.inFlight()).containsEntry("GET /async", 1L);

    app.completeOne();

    HttpResponse<String> response = reply.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("done");
    probe.await(1);
    assertThat(probe.availability().badEvents()).isZero();
    eventually(() -> filter.inFlight("GET", "/async") == 0);
  }

  @Test
  void asyncRequestCompletedDuringItsDispatchIsRecordedOnce() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/async-immediate");
    HttpResponse<String> response = get("/async-immediate");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("immediate");
    probe.await(1);
    eventually(() -> filter.inFlight("GET", "/async-immediate") == 0);
  }

  @Test
  void asyncDispatchIsRecordedWithTheStatusOfTheSecondDispatch() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/async-dispatch");
    assertThat(get("/async-dispatch").statusCode()).isEqualTo(503);
    probe.await(1);
    assertThat(probe.availability().badEvents()).isEqualTo(1);
    eventually(() -> filter.inFlight("GET", "/async-dispatch") == 0);
  }

  @Test
  void asyncTimeoutIsBad() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/async-timeout");
    assertThat(get("/async-timeout").statusCode()).isEqualTo(500);
    probe.await(1);
    assertThat(probe.availability().badEvents()).isEqualTo(1);
    eventually(() -> filter.inFlight("GET", "/async-timeout") == 0);
  }

  @Test
  void streamedResponseIsRecordedOnce() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/stream");
    HttpResponse<String> response = get("/stream");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("chunk 0\n").endsWith("chunk 4\n");
    probe.await(1);
    assertThat(probe.availability().badEvents()).isZero();
  }

  @Test
  void slowRequestIsBadForLatency() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/slow");
    assertThat(get("/slow").statusCode()).isEqualTo(200);
    probe.await(1);
    assertThat(probe.availability().badEvents()).isZero();
    assertThat(probe.latency().validEvents()).isEqualTo(1);
    assertThat(probe.latency().badEvents()).as("100 ms against a 50 ms threshold").isEqualTo(1);
  }

  @Test
  void configuredRouteTemplateNamesTheRoute() throws Exception {
    Probe orders = Probe.on(registry, "GET", "/api/orders/{id}");
    Probe mapping = Probe.on(registry, "GET", "/api/*");
    assertThat(get("/api/orders/123").statusCode()).isEqualTo(200);
    assertThat(get("/api/orders/456").statusCode()).isEqualTo(200);
    assertThat(get("/api/customers/9").statusCode()).isEqualTo(200);
    orders.await(2);
    mapping.await(1);
    assertThat(routes()).noneMatch(route -> route.contains("123") || route.contains("customers"));
  }

  @Test
  void frameworkPatternNamesTheRoute() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/users/{id}");
    assertThat(get("/spring/users/42").statusCode()).isEqualTo(200);
    probe.await(1);
    assertThat(routes()).noneMatch(route -> route.contains("42"));
  }

  @Test
  void postIsItsOwnEndpoint() throws Exception {
    Probe probe = Probe.on(registry, "POST", "/sync");
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(uri("/sync")).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    probe.await(1);
  }

  @Test
  void aClientThatGoesAwayIsCountedApartAndIsNoValidEvent() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/abort");
    long before = filter.clientAborts();
    try (Socket socket = new Socket("127.0.0.1", container.port())) {
      socket.getOutputStream().write(("GET /abort HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] statusLine = socket.getInputStream().readNBytes(12);
      assertThat(new String(statusLine, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      assertThat(app.abortStarted.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      socket.setSoLinger(true, 0); // a reset, as a client that gives up does
    }
    app.clientGone.release();

    eventually(() -> filter.clientAborts() == before + 1);
    assertThat(probe.availability().validEvents()).as("the client left; the server did not fail")
        .isZero();
    assertThat(probe.latency().validEvents()).isZero();
    eventually(() -> accessLine("/abort") != null);
    assertThat(accessLine("/abort")).contains("\"status\":499", "\"error\":");
    eventually(() -> filter.inFlight("GET", "/abort") == 0);
  }

  @Test
  void theAccessLineNamesTheRootCauseBelowServletException() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/wrapped");
    assertThat(get("/wrapped").statusCode()).isEqualTo(500);
    probe.await(1);
    assertThat(probe.availability().badEvents()).isEqualTo(1);
    eventually(() -> accessLine("/wrapped") != null);
    assertThat(accessLine("/wrapped")).contains("\"status\":500",
        "\"error\":\"java.lang.IllegalArgumentException\"");
  }

  @Test
  void aFrontControllerRequestIsInFlightUnderItsMethodUntilItsRouteIsKnown() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/front/users/{id}");
    CompletableFuture<HttpResponse<String>> reply =
        client.sendAsync(request("/front/users/42"), HttpResponse.BodyHandlers.ofString());
    assertThat(app.frontRunning.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(filter.inFlight()).as("its route is not known while it runs")
        .containsEntry("GET *", 1L).doesNotContainEntry("GET /**", 1L);
    assertThat(filter.inFlight("GET", SloFilter.CATCH_ALL_ROUTE)).isZero();

    app.frontRelease.release();
    assertThat(reply.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    probe.await(1);
    assertThat(filter.inFlight()).containsEntry("GET /front/users/{id}", 0L)
        .doesNotContainKey("GET *");
    assertThat(filter.inFlight().keySet()).noneMatch(key -> key.contains("42"));
  }

  /** The access line of a route, once the log's writer has written it; null before. */
  private String accessLine(String route) {
    return accessLines.toString(StandardCharsets.UTF_8).lines()
        .filter(line -> line.contains("\"route\":\"" + route + "\"")).findFirst().orElse(null);
  }

  private List<String> routes() {
    return registry.endpointSnapshots().stream().map(EndpointSnapshot::route).toList();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + container.port() + path);
  }
}
