package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.EndpointSelector;
import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.ReleaseGate;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloWindow;
import io.sre4j.servlet.ServletSettings;
import io.sre4j.servlet.SloFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's proof that unmatched traffic does not count: the demo shop (its servlet, its {@link
 * Scenario}, the demo's SLOs and routes) measured by the real {@link SloFilter} in embedded Jetty,
 * driven through the normal phase, the incident and the recovery on a manual clock; then 20,000
 * requests to random unknown paths (seeded) at the same instant. Every SLO's valid and good counts
 * and the gate's decision are the same before and after; the unknown paths are in the endpoint
 * figures, under {@code NOT_FOUND}.
 *
 * <p>No sleeps: a filter in front of sre4j's releases one permit per finished request, after
 * sre4j recorded it, and the test waits for exactly the permits of what it sent.
 *
 * <p>The unknown requests come in three kinds, a third each: GETs outside every servlet mapping
 * ({@code /x3f9a2}: the default servlet's 404), GETs under the shop's path mapping that no route
 * names ({@code /api/x1f}: the shop's own 404 under the mapping's {@code /api/*}, which {@code
 * /api/**} would cover), and POSTs outside every mapping (the default servlet's 405).
 */
final class UnmatchedTrafficProofTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");
  private static final int UNKNOWN_REQUESTS = 20_000;
  private static final int REQUESTS_PER_MINUTE = 25;
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final Duration STORY = Duration.ofMinutes(60);
  private static final int CONNECTIONS = 8;
  private static final String[] CATEGORIES = {"books", "games", "garden", "music", "tools"};

  private final ManualClock clock = ManualClock.at(T);
  private final Semaphore finished = new Semaphore(0);
  private final SplittableRandom random = new SplittableRandom(12);

  /** What an SLO counted. */
  record Counts(long valid, long good) {}

  @Test
  void twentyThousandRequestsToUnknownPathsChangeNoSloAndNotTheGate() throws Exception {
    SloRegistry registry = SloRegistry.builder()
        .service(Demo.SERVICE)
        .clock(clock)
        .manualTick()
        .slo(SloSpec.builder(Demo.AVAILABILITY).sli(Sli.availability()).objective("99.9%")
            .window(SloWindow.rolling(Duration.ofDays(30)))
            .endpoints(EndpointSelector.routes("/api/**")).build())
        .slo(SloSpec.builder(Demo.LATENCY).sli(Sli.latency(Duration.ofMillis(500)))
            .objective("99%").window(SloWindow.rolling(Duration.ofDays(30)))
            .endpoints(EndpointSelector.routes("/api/**")).build())
        .build();
    ServletSettings settings = ServletSettings.builder()
        .routes("/api/orders/{id}", "/api/orders", "/api/catalog/**")
        .endpoints(true)
        .build();
    Scenario scenario = new Scenario(() -> clock.wallTime() - T.toEpochMilli());

    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    Filter done = (request, response, chain) -> {
      try {
        chain.doFilter(request, response);
      } finally {
        finished.release(); // sre4j's filter, inside this one, has recorded the request
      }
    };
    context.addFilter(new FilterHolder(done), "/*", EnumSet.of(DispatcherType.REQUEST));
    FilterHolder sre4j = new FilterHolder(new SloFilter(registry, settings, null));
    sre4j.setAsyncSupported(true);
    context.addFilter(sre4j, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder("shop", new DemoShop(scenario)), "/api/*");
    server.setHandler(context);
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    server.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());

      // the story: 0:00-0:20 normal, 0:20-0:35 incident, then recovery, 25 requests a minute
      int scenarioRequests = 0;
      for (Duration at = Duration.ZERO; at.compareTo(STORY) < 0; at = at.plus(STEP)) {
        clock.advanceTo(T.plus(at));
        List<HttpRequest> batch = new ArrayList<>();
        for (long i = 0; i < REQUESTS_PER_MINUTE * STEP.toMinutes(); i++) {
          batch.add(shopRequest(base));
        }
        send(client, batch, 256);
        scenarioRequests += batch.size();
        registry.tick();
      }
      clock.advanceTo(T.plus(STORY));
      registry.tick();
      Map<String, Counts> before = counts(registry);
      GateDecision gateBefore = ReleaseGate.over(registry).decide();
      assertThat(before.get(Demo.AVAILABILITY).valid())
          .as("every request of the story is a valid event of availability")
          .isEqualTo(scenarioRequests);
      assertThat(gateBefore.allowed()).as("the incident exhausted the budget").isFalse();
      assertThat(gateBefore.reasons()).isNotEmpty();

      // 20,000 requests to random unknown paths, at the same instant
      pipeline(connector.getLocalPort(), UNKNOWN_REQUESTS, CONNECTIONS);
      registry.tick();
      Map<String, Counts> after = counts(registry);
      GateDecision gateAfter = ReleaseGate.over(registry).decide();

      assertThat(after).isEqualTo(before);
      assertThat(gateAfter.allowed()).isEqualTo(gateBefore.allowed());
      assertThat(gateAfter.reasons()).isEqualTo(gateBefore.reasons());
      assertThat(gateAfter.notes()).isEqualTo(gateBefore.notes());

      // still visible: the endpoint figures of NOT_FOUND hold every one of them
      clock.advance(Duration.ofMinutes(1)); // closes the latency interval
      registry.tick();
      long notFound = 0;
      for (EndpointSnapshot endpoint : registry.endpointSnapshots()) {
        if (endpoint.route().equals(SloRegistry.NOT_FOUND_ROUTE)) {
          for (EndpointSnapshot.IntervalStats interval : endpoint.intervals()) {
            notFound += interval.count();
          }
        }
      }
      assertThat(notFound).isEqualTo(UNKNOWN_REQUESTS);
    } finally {
      server.stop();
      registry.close();
    }
  }

  /** The demo's mix: half GET /api/orders/{id}, a fifth POST /api/orders, the rest catalog. */
  private HttpRequest shopRequest(URI base) {
    double draw = random.nextDouble();
    if (draw < 0.5) {
      return HttpRequest.newBuilder(base.resolve("/api/orders/" + random.nextInt(1, 100_000)))
          .GET().build();
    }
    if (draw < 0.7) {
      return HttpRequest.newBuilder(base.resolve("/api/orders"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"item\":" + random.nextInt(1, 500) + "}"))
          .build();
    }
    return HttpRequest.newBuilder(base.resolve("/api/catalog/"
        + CATEGORIES[random.nextInt(CATEGORIES.length)] + "/" + random.nextInt(1, 1000)))
        .GET().build();
  }

  /** A random path no route of the shop serves, such as {@code /x3f9a2/xc81b}. */
  private String unknownPath() {
    StringBuilder path = new StringBuilder();
    int segments = random.nextInt(1, 4);
    for (int s = 0; s < segments; s++) {
      path.append("/x").append(Long.toHexString(random.nextLong() >>> random.nextInt(1, 60)));
    }
    return path.toString();
  }

  /**
   * Sends {@code count} requests of random unknown paths (see the class comment), pipelined over
   * a few keep-alive connections (the JDK client would spend most of the test's time on its own
   * overhead), and waits until the filter recorded each. Each connection's answers are read, and thrown away, by its own thread.
   */
  private void pipeline(int port, int count, int connections) throws Exception {
    List<Socket> sockets = new ArrayList<>();
    List<Thread> readers = new ArrayList<>();
    try {
      for (int c = 0; c < connections; c++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(socket);
        Thread reader = new Thread(() -> {
          try (InputStream in = socket.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
          } catch (IOException closed) {
            // the test closes the socket when done
          }
        }, "unknown-paths-reader-" + c);
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
      }
      for (int c = 0; c < connections; c++) {
        int share = count / connections + (c < count % connections ? 1 : 0);
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < share; i++) {
          String request = switch (i % 3) {
            case 0 -> "GET " + unknownPath();
            case 1 -> "GET /api" + unknownPath();
            default -> "POST " + unknownPath();
          };
          requests.append(request).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
              .append(request.startsWith("POST") ? "Content-Length: 0\r\n" : "")
              .append(i == share - 1 ? "Connection: close\r\n" : "").append("\r\n");
        }
        byte[] bytes = requests.toString().getBytes(StandardCharsets.US_ASCII);
        Socket socket = sockets.get(c);
        Thread writer = new Thread(() -> {
          try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
          } catch (IOException closed) {
            // the test closes the socket when done; a short write shows as missing permits
          }
        }, "unknown-paths-writer-" + c);
        writer.setDaemon(true);
        writer.start();
        readers.add(writer);
      }
      assertThat(finished.tryAcquire(count, 120, TimeUnit.SECONDS))
          .as("every request recorded by the filter")
          .isTrue();
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
      for (Thread reader : readers) {
        reader.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
  }

  /** Sends every request, at most {@code inFlight} at a time, and waits until each was recorded. */
  private void send(HttpClient client, List<HttpRequest> requests, int inFlight)
      throws InterruptedException {
    Semaphore slots = new Semaphore(inFlight);
    AtomicInteger failed = new AtomicInteger();
    AtomicLong answered = new AtomicLong();
    List<CompletableFuture<?>> all = new ArrayList<>(requests.size());
    for (HttpRequest request : requests) {
      slots.acquire();
      all.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete((response, error) -> {
            slots.release();
            if (error != null) {
              failed.incrementAndGet();
            } else {
              answered.incrementAndGet();
            }
          }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    assertThat(failed.get()).as("requests that got no answer").isZero();
    assertThat(finished.tryAcquire(requests.size(), 60, TimeUnit.SECONDS))
        .as("every request recorded by the filter")
        .isTrue();
  }

  private static Map<String, Counts> counts(SloRegistry registry) {
    Map<String, Counts> out = new LinkedHashMap<>();
    for (String slo : List.of(Demo.AVAILABILITY, Demo.LATENCY)) {
      SloSnapshot window = registry.snapshot(slo).orElseThrow();
      out.put(slo, new Counts(window.validEvents(), window.validEvents() - window.badEvents()));
    }
    return out;
  }
}
