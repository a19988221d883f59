package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.SloRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The filter on a fake request and response: routes, outcomes, exceptions, async, the cap. */
final class SloFilterTest {

  private final SloRegistry registry = SloRegistry.builder().service("unit").manualTick().build();

  @AfterEach
  void close() {
    registry.close();
  }

  private SloFilter filter(ServletSettings settings) {
    return new SloFilter(registry, settings, null);
  }

  private List<String> endpoints() {
    return registry.endpointSnapshots().stream()
        .map(endpoint -> endpoint.method() + " " + endpoint.route()).toList();
  }

  @Test
  void initFailsFastWithoutARegistry() {
    SloFilter filter = new SloFilter();
    assertThatThrownBy(() -> filter.init(FakeExchange.filterConfig(new HashMap<>(), Map.of())))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining(SloFilter.REGISTRY_ATTRIBUTE);
  }

  @Test
  void initFindsTheRegistryAndReadsInitParameters() throws Exception {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(SloFilter.REGISTRY_ATTRIBUTE, registry);
    SloFilter filter = new SloFilter();
    filter.init(FakeExchange.filterConfig(attributes, Map.of("servlet.routes", "/api/orders/{id}")));
    assertThat(filter.registry()).isSameAs(registry);
    assertThat(attributes).containsEntry(SloFilter.FILTER_ATTRIBUTE, filter);

    FakeExchange exchange = new FakeExchange().path(MappingMatch.PATH, "/api/*", "/api", "/orders/9");
    filter.doFilter(exchange.request, exchange.response, (request, response) -> { });
    assertThat(endpoints()).containsExactly("GET /api/orders/{id}");
  }

  @Test
  void badInitParameterFailsInit() {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(SloFilter.REGISTRY_ATTRIBUTE, registry);
    assertThatThrownBy(() -> new SloFilter().init(
            FakeExchange.filterConfig(attributes, Map.of("servlet.max-routes", "lots"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("servlet.max-routes must be an integer but was \"lots\"");
  }

  @Test
  void servletMappingPatternsAreRoutes() throws Exception {
    SloFilter filter = filter(ServletSettings.defaults());
    run(filter, new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null));
    run(filter, new FakeExchange().path(MappingMatch.PATH, "/api/*", "/api", "/x/1"));
    run(filter, new FakeExchange().path(MappingMatch.EXTENSION, "*.jsp", "/a/b.jsp", null));
    run(filter, new FakeExchange().path(MappingMatch.CONTEXT_ROOT, "", "", null));
    run(filter, new FakeExchange().path(MappingMatch.DEFAULT, "/", "/raw/path/123", null));
    FakeExchange unmapped = new FakeExchange();
    unmapped.mapping = null;
    unmapped.servletPath = "/other/raw/456";
    run(filter, unmapped);
    assertThat(endpoints()).containsExactlyInAnyOrder(
        "GET /hello", "GET /api/*", "GET *.jsp", "GET /", "GET /**");
  }

  @Test
  void configuredPatternsComeBeforeTheMappingAndTheFrameworkBeforeBoth() throws Exception {
    SloFilter filter = filter(ServletSettings.builder().routes("/api/orders/{id}", "/api/**").build());
    run(filter, new FakeExchange().path(MappingMatch.PATH, "/api/*", "/api", "/orders/1"));
    run(filter, new FakeExchange().path(MappingMatch.PATH, "/api/*", "/api", "/customers/1/notes"));
    FakeExchange framework = new FakeExchange().path(MappingMatch.PATH, "/api/*", "/api", "/orders/2");
    filter.doFilter(framework.request, framework.response, (request, response) ->
        request.setAttribute(SloFilter.SPRING_PATTERN_ATTRIBUTE, "/api/v2/orders/{orderId}"));
    assertThat(endpoints()).containsExactlyInAnyOrder(
        "GET /api/orders/{id}", "GET /api/**", "GET /api/v2/orders/{orderId}");
  }

  @Test
  void notFoundOnTheCatchAllIsNotFoundButAMappedRouteKeepsIts404() throws Exception {
    SloFilter filter = filter(ServletSettings.defaults());
    FakeExchange unmatched = new FakeExchange().path(MappingMatch.DEFAULT, "/", "/no/such/1", null);
    unmatched.status = 404;
    run(filter, unmatched);
    FakeExchange mapped = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
    mapped.status = 404;
    run(filter, mapped);
    FakeExchange springCatchAll = new FakeExchange().path(MappingMatch.DEFAULT, "/", "/x", null);
    springCatchAll.status = 404;
    springCatchAll.attributes.put(SloFilter.SPRING_PATTERN_ATTRIBUTE, "/**");
    run(filter, springCatchAll);
    assertThat(endpoints()).containsExactlyInAnyOrder("GET NOT_FOUND", "GET /hello");
  }

  @Test
  void aWildcardMappingsOwn404And405AreNotFoundUnlessAPatternNamesTheRoute() throws Exception {
    SloFilter filter = filter(ServletSettings.builder().routes("/known/*").build());
    FakeExchange underPathMapping = new FakeExchange().path(MappingMatch.PATH, "/api/*", "/api", "/x1f");
    underPathMapping.status = 404;
    run(filter, underPathMapping);
    FakeExchange postToTheDefaultServlet =
        new FakeExchange().path(MappingMatch.DEFAULT, "/", "/no/such/2", null);
    postToTheDefaultServlet.method = "POST";
    postToTheDefaultServlet.status = 405;
    run(filter, postToTheDefaultServlet);
    assertThat(endpoints()).containsExactlyInAnyOrder("GET NOT_FOUND", "POST NOT_FOUND");

    FakeExchange configured = new FakeExchange().path(MappingMatch.PATH, "/known/*", "/known", "/1");
    configured.status = 404;
    run(filter, configured);
    FakeExchange framework = new FakeExchange().path(MappingMatch.PATH, "/api/*", "/api", "/orders/7");
    framework.status = 404;
    framework.attributes.put(SloFilter.SPRING_PATTERN_ATTRIBUTE, "/api/orders/{id}");
    run(filter, framework);
    FakeExchange otherStatus = new FakeExchange().path(MappingMatch.PATH, "/api/*", "/api", "/x2");
    otherStatus.status = 400;
    run(filter, otherStatus);
    assertThat(endpoints()).containsExactlyInAnyOrder("GET NOT_FOUND", "POST NOT_FOUND",
        "GET /known/*", "GET /api/orders/{id}", "GET /api/*");
  }

  @Test
  void thrownExceptionIsRecordedAsBadAndRethrownUnchanged() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/hello");
    SloFilter filter = filter(ServletSettings.defaults());
    RuntimeException boom = new IllegalStateException("boom");
    IOException io = new IOException("io");
    ServletException servlet = new ServletException("servlet");
    Error error = new AssertionError("error");
    for (Throwable thrown : List.of(boom, io, servlet, error)) {
      FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
      assertThatThrownBy(() -> filter.doFilter(exchange.request, exchange.response, throwing(thrown)))
          .isSameAs(thrown);
    }
    assertThat(probe.availability().validEvents()).isEqualTo(4);
    assertThat(probe.availability().badEvents()).isEqualTo(4);
    assertThat(filter.inFlight("GET", "/hello")).isZero();
  }

  @Test
  void exceptionAfterCommitRecordsTheCommittedStatus() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/hello");
    SloFilter filter = filter(ServletSettings.defaults());
    FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
    assertThatThrownBy(() -> filter.doFilter(exchange.request, exchange.response, (req, res) -> {
      exchange.committed = true;
      throw new IllegalStateException("late");
    })).hasMessage("late");
    assertThat(probe.availability().validEvents()).isEqualTo(1);
    assertThat(probe.availability().badEvents()).isZero();
  }

  @Test
  void statusZeroIsRecordedAs200() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/hello");
    FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
    exchange.status = 0;
    run(filter(ServletSettings.defaults()), exchange);
    assertThat(probe.availability().validEvents()).isEqualTo(1);
    assertThat(probe.availability().badEvents()).isZero();
  }

  @Test
  void aRequestIsMeasuredOnceWhenTheFilterIsInstalledTwice() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/hello");
    SloFilter first = filter(ServletSettings.defaults());
    SloFilter second = filter(ServletSettings.defaults());
    FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
    first.doFilter(exchange.request, exchange.response,
        (request, response) -> second.doFilter(request, response, (req, res) -> { }));
    assertThat(probe.availability().validEvents()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(value = DispatcherType.class, names = "REQUEST", mode = EnumSource.Mode.EXCLUDE)
  void onlyRequestDispatchesAreMeasured(DispatcherType type) throws Exception {
    FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
    exchange.dispatcherType = type;
    boolean[] ran = {false};
    filter(ServletSettings.defaults()).doFilter(exchange.request, exchange.response,
        (request, response) -> ran[0] = true);
    assertThat(ran[0]).isTrue();
    assertThat(endpoints()).isEmpty();
  }

  @Test
  void unknownMethodsShareOneName() throws Exception {
    SloFilter filter = filter(ServletSettings.defaults());
    for (String method : List.of("FOO", "M-SEARCH", "get")) {
      FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
      exchange.method = method;
      run(filter, exchange);
    }
    assertThat(endpoints()).containsExactly("OTHER /hello");
  }

  @Test
  void routesPastTheCapShareOther() throws Exception {
    SloFilter filter = filter(ServletSettings.builder().maxRoutes(3).build());
    for (String route : List.of("/a", "/b", "/c", "/d", "/e", "/a")) {
      FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, route, route, null);
      run(filter, exchange);
    }
    assertThat(filter.routeCount()).isEqualTo(3);
    assertThat(filter.overflowedRequests()).isEqualTo(2);
    assertThat(endpoints()).containsExactlyInAnyOrder("GET /a", "GET /b", "GET /c", "GET OTHER");
  }

  @Test
  void moreConfiguredPatternsThanTheCapIsRejected() {
    assertThatThrownBy(() -> ServletSettings.builder().maxRoutes(1).routes("/a", "/b").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("servlet.routes must be at most servlet.max-routes (1) patterns but was 2 patterns");
  }

  @Test
  void inFlightCountsTheRequestWhileItRuns() throws Exception {
    SloFilter filter = filter(ServletSettings.defaults());
    FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
    long[] during = {-1};
    filter.doFilter(exchange.request, exchange.response,
        (request, response) -> during[0] = filter.inFlight("GET", "/hello"));
    assertThat(during[0]).isEqualTo(1);
    assertThat(filter.inFlight("GET", "/hello")).isZero();
    assertThat(filter.inFlight()).containsEntry("GET /hello", 0L);
    assertThat(filter.inFlight("GET", "/never")).isZero();
  }

  @Test
  void asyncRequestIsRecordedOnceOnCompletionUnderItsFinalRoute() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/users/{id}");
    SloFilter filter = filter(ServletSettings.defaults());
    FakeExchange exchange = new FakeExchange().path(MappingMatch.DEFAULT, "/", "/users/7", null);
    filter.doFilter(exchange.request, exchange.response, (request, response) -> {
      request.setAttribute(SloFilter.SPRING_PATTERN_ATTRIBUTE, "/users/{id}");
      exchange.asyncStarted = true;
    });
    assertThat(exchange.listeners).hasSize(1);
    assertThat(filter.inFlight("GET", "/users/{id}")).isEqualTo(1);
    assertThat(filter.inFlight("GET", "/**")).isZero();
    assertThat(probe.availability().validEvents()).isZero();

    AsyncListener listener = exchange.listeners.get(0);
    AsyncEvent event = new AsyncEvent(null, exchange.request, exchange.response);
    listener.onTimeout(event);
    exchange.status = 500; // what the container answers after a timeout
    listener.onComplete(event);
    listener.onComplete(event);
    assertThat(probe.availability().validEvents()).isEqualTo(1);
    assertThat(probe.availability().badEvents()).isEqualTo(1);
    assertThat(filter.inFlight("GET", "/users/{id}")).isZero();
  }

  @Test
  void asyncErrorIsRecordedAsThrownUnlessCommitted() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/hello");
    SloFilter filter = filter(ServletSettings.defaults());
    for (boolean committed : new boolean[] {false, true}) {
      FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
      filter.doFilter(exchange.request, exchange.response,
          (request, response) -> exchange.asyncStarted = true);
      AsyncListener listener = exchange.listeners.get(0);
      exchange.committed = committed;
      listener.onError(new AsyncEvent(null, exchange.request, exchange.response,
          new IOException("client went away")));
      listener.onComplete(new AsyncEvent(null, exchange.request, exchange.response));
    }
    assertThat(probe.availability().validEvents()).isEqualTo(2);
    assertThat(probe.availability().badEvents()).as("only the uncommitted one").isEqualTo(1);
  }

  @Test
  void asyncRequestWhoseChainThrewIsRecordedAsThrownOnCompletionUnlessCommitted() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/hello");
    SloFilter filter = filter(ServletSettings.defaults());
    for (boolean committed : new boolean[] {false, true}) {
      FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
      IllegalStateException thrown = new IllegalStateException("boom after startAsync");
      assertThatThrownBy(() -> filter.doFilter(exchange.request, exchange.response,
          (request, response) -> {
            exchange.asyncStarted = true;
            exchange.committed = committed;
            throw thrown;
          })).isSameAs(thrown);
      assertThat(exchange.listeners).hasSize(1);
      long before = probe.availability().validEvents();
      assertThat(filter.inFlight("GET", "/hello")).as("in flight until completion").isEqualTo(1);
      exchange.listeners.get(0).onComplete(new AsyncEvent(null, exchange.request, exchange.response));
      assertThat(probe.availability().validEvents()).isEqualTo(before + 1);
      assertThat(filter.inFlight("GET", "/hello")).isZero();
    }
    assertThat(probe.availability().validEvents()).isEqualTo(2);
    assertThat(probe.availability().badEvents()).as("only the uncommitted one").isEqualTo(1);
  }

  @Test
  void endpointsAreServedAndNotMeasured() throws Exception {
    SloFilter filter = filter(ServletSettings.builder().endpoints(true).build());
    FakeExchange exchange = new FakeExchange().path(MappingMatch.DEFAULT, "/", "/sre/other", null);
    boolean[] chained = {false};
    filter.doFilter(exchange.request, exchange.response, (request, response) -> chained[0] = true);
    assertThat(chained[0]).isFalse();
    assertThat(exchange.status).isEqualTo(404);
    assertThat(exchange.body.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"not_found\",\"message\":\"no such sre4j endpoint\"}\n");
    assertThat(endpoints()).isEmpty();
    FakeExchange outside = new FakeExchange().path(MappingMatch.DEFAULT, "/", "/srex/status", null);
    filter.doFilter(outside.request, outside.response, (request, response) -> chained[0] = true);
    assertThat(chained[0]).as("a path that only starts like the prefix").isTrue();
  }

  /** Named as Tomcat's is: the filter knows it by its simple name only. */
  static final class ClientAbortException extends IOException {
    private static final long serialVersionUID = 1L;

    ClientAbortException(Throwable cause) {
      super(cause);
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"exclude", "error"})
  void aClientAbortIsCountedAndExcludedUnlessConfiguredAnError(String mode) throws Exception {
    Probe probe = Probe.on(registry, "GET", "/hello");
    SloFilter filter = filter(ServletSettings.builder().clientAbort(mode).build());
    // wrapped as a framework wraps it, below the response's commit
    IOException reset = new IOException("Connection reset by peer");
    ServletException wrapped = new ServletException("Request processing failed",
        new ClientAbortException(reset));
    FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
    exchange.committed = true;
    assertThatThrownBy(() -> filter.doFilter(exchange.request, exchange.response,
        throwing(wrapped))).isSameAs(wrapped);
    // an IOException saying the peer reset, once the response was committed
    FakeExchange committed = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
    committed.committed = true;
    assertThatThrownBy(() -> filter.doFilter(committed.request, committed.response,
        throwing(new IOException("Broken pipe")))).isInstanceOf(IOException.class);

    assertThat(filter.clientAborts()).isEqualTo(2);
    assertThat(probe.availability().validEvents()).isEqualTo(mode.equals("error") ? 2 : 0);
    assertThat(probe.availability().badEvents()).isEqualTo(mode.equals("error") ? 2 : 0);
    assertThat(filter.inFlight("GET", "/hello")).isZero();
  }

  @Test
  void anIoExceptionBeforeTheCommitIsNoClientAbort() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/hello");
    SloFilter filter = filter(ServletSettings.defaults());
    FakeExchange exchange = new FakeExchange().path(MappingMatch.EXACT, "/hello", "/hello", null);
    assertThatThrownBy(() -> filter.doFilter(exchange.request, exchange.response,
        throwing(new IOException("Connection reset by peer")))) // from a database, say
        .isInstanceOf(IOException.class);
    assertThat(filter.clientAborts()).isZero();
    assertThat(probe.availability().badEvents()).isEqualTo(1);
  }

  @Test
  void theRootCauseIsFoundBelowServletExceptionsAndBareWrappers() {
    IllegalArgumentException handler = new IllegalArgumentException("no such order");
    assertThat(SloFilter.rootCause(new ServletException("Request processing failed: " + handler,
        new RuntimeException(handler)))).isSameAs(handler);
    assertThat(SloFilter.rootCause(new ServletException(new ServletException(handler))))
        .isSameAs(handler);
    IllegalStateException described = new IllegalStateException("while paying", handler);
    assertThat(SloFilter.rootCause(new ServletException(described))).as("a message of its own")
        .isSameAs(described);
    assertThat(SloFilter.rootCause(handler)).isSameAs(handler);
    // a chain deeper than the cap ends at the cap
    Throwable deep = handler;
    for (int i = 0; i < SloFilter.MAX_CAUSE_DEPTH + 4; i++) {
      deep = new ServletException(deep);
    }
    assertThat(SloFilter.rootCause(deep)).isInstanceOf(ServletException.class);
  }

  @Test
  void aDefaultServletRequestIsInFlightUnderItsMethodAndLeavesNoCatchAllKey() throws Exception {
    Probe probe = Probe.on(registry, "GET", "/users/{id}");
    SloFilter filter = filter(ServletSettings.defaults());
    FakeExchange exchange = new FakeExchange().path(MappingMatch.DEFAULT, "/", "/users/7", null);
    Map<String, Long> during = new HashMap<>();
    filter.doFilter(exchange.request, exchange.response, (request, response) -> {
      during.putAll(filter.inFlight());
      request.setAttribute(SloFilter.SPRING_PATTERN_ATTRIBUTE, "/users/{id}");
    });
    assertThat(during).containsExactly(Map.entry("GET *", 1L));
    assertThat(filter.inFlight()).containsExactly(Map.entry("GET /users/{id}", 0L));
    probe.await(1);
    // a 404 of the catch-all route is NOT_FOUND's: still no catch-all key
    FakeExchange missing = new FakeExchange().path(MappingMatch.DEFAULT, "/", "/nothing", null);
    filter.doFilter(missing.request, missing.response,
        (request, response) -> missing.status = 404);
    assertThat(filter.inFlight().keySet()).containsExactly("GET /users/{id}", "GET NOT_FOUND");
  }

  private static void run(SloFilter filter, FakeExchange exchange) throws Exception {
    filter.doFilter(exchange.request, exchange.response, (request, response) -> { });
  }

  private static FilterChain throwing(Throwable thrown) {
    return (request, response) -> {
      if (thrown instanceof IOException e) {
        throw e;
      }
      if (thrown instanceof ServletException e) {
        throw e;
      }
      if (thrown instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) thrown;
    };
  }
}
