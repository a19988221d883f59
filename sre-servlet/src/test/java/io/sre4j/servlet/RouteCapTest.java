package io.sre4j.servlet;

import static io.sre4j.servlet.Probe.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.EndpointSelector;
import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * 10,000 distinct random paths on a real container: unmatched ones share {@code NOT_FOUND}, the
 * default servlet's share the catch-all, and a framework that (wrongly) exposes raw paths as its
 * pattern is capped at 100 routes, the rest sharing {@code OTHER}. Routes, endpoints and the
 * in-flight map stay bounded; every request is still counted once.
 */
final class RouteCapTest {

  private static final int REQUESTS = 10_000;
  private static final int THREADS = 4;

  /**
   * One request on its own connection, read to the end: a plain socket costs far less CPU than
   * {@code java.net.http} on a two-core machine that also runs the server.
   */
  private static int get(int port, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] response = socket.getInputStream().readAllBytes();
      String statusLine = new String(response, 0, Math.min(response.length, 12),
          StandardCharsets.US_ASCII);
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }

  @Test
  void tenThousandRandomPathsStayWithinTheRouteCap() throws Exception {
    SloRegistry registry = SloRegistry.builder().service("cap").manualTick()
        .slo(SloSpec.builder("all").objective("99%")
            .endpoints(EndpointSelector.all().unmatched(true)).build())
        .slo(SloSpec.builder("matched").objective("99%").build())
        .build();
    SloFilter filter = new SloFilter(registry);
    Container jetty = Container.jetty(List.of(new TestApp(filter)));
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        workers.add(pool.submit(() -> {
          for (int i = thread; i < REQUESTS; i += THREADS) {
            String random = UUID.randomUUID().toString();
            String path = switch (i % 3) {
              case 0 -> "/hostile/" + random;
              case 1 -> "/random/" + random + "/" + i;
              default -> "/static/" + random + ".js";
            };
            assertThat(get(jetty.port(), path)).isIn(200, 404);
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get(5, TimeUnit.MINUTES);
      }
      eventually(() -> registry.snapshot("all").orElseThrow().validEvents() == REQUESTS);

      assertThat(filter.routeCount()).isLessThanOrEqualTo(ServletSettings.DEFAULT_MAX_ROUTES);
      assertThat(filter.overflowedRequests()).isGreaterThan(0);
      List<String> routes = registry.endpointSnapshots().stream().map(EndpointSnapshot::route).toList();
      assertThat(routes.size()).as("endpoints, each a fixed-size recorder")
          .isLessThanOrEqualTo(ServletSettings.DEFAULT_MAX_ROUTES + 3);
      assertThat(routes).contains(SloFilter.NOT_FOUND_ROUTE, SloFilter.CATCH_ALL_ROUTE,
          SloRegistry.OTHER_ROUTE);
      assertThat(routes).noneMatch(route -> route.startsWith("/random") || route.startsWith("/static"));
      assertThat(filter.inFlight().size()).isLessThanOrEqualTo(ServletSettings.DEFAULT_MAX_ROUTES + 2);
      assertThat(filter.inFlight().values()).allMatch(count -> count == 0);
      assertThat(registry.snapshot("all").orElseThrow().validEvents()).isEqualTo(REQUESTS);
      // the /random paths matched no route (404): no valid event of an SLO that leaves unmatched
      // requests out, as SLOs do by default; /hostile (a path-info servlet) and /static did match
      assertThat(registry.snapshot("matched").orElseThrow().validEvents())
          .isEqualTo(IntStream.range(0, REQUESTS).filter(i -> i % 3 != 1).count());
    } finally {
      pool.shutdownNow();
      jetty.close();
      registry.close();
    }
  }
}
