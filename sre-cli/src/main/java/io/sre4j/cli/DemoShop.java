package io.sre4j.cli;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's service under {@code /api/*}: {@code GET /api/orders/{id}}, {@code POST /api/orders}
 * and {@code GET /api/catalog/**}, with real latencies (sleeps) and, during the incident, real
 * failures: 503s, slow answers and thrown exceptions.
 */
final class DemoShop extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient Scenario scenario;

  DemoShop(Scenario scenario) {
    this.scenario = scenario;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = String.valueOf(request.getPathInfo());
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean incident = scenario.phase() == Scenario.Phase.INCIDENT;
    if (path.startsWith("/orders/")) {
      double draw = random.nextDouble();
      if (incident && draw < 0.25) {
        sleep(random.nextLong(5, 30));
        json(response, 503, "{\"error\":\"orders database unavailable\"}");
        return;
      }
      if (incident && draw < 0.70) {
        sleep(random.nextLong(600, 1200));
      } else if (random.nextDouble() < 0.005) {
        sleep(random.nextLong(300, 700));
      } else {
        sleep(random.nextLong(10, 60));
      }
      json(
          response,
          200,
          "{\"id\":\"" + path.substring("/orders/".length()) + "\",\"state\":\"shipped\"}");
    } else if (path.startsWith("/catalog/")) {
      sleep(random.nextLong(1, 10));
      json(response, 200, "{\"items\":[]}");
    } else {
      json(response, 404, "{\"error\":\"not found\"}");
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"/orders".equals(request.getPathInfo())) {
      json(response, 404, "{\"error\":\"not found\"}");
      return;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    sleep(random.nextLong(40, 150));
    if (scenario.phase() == Scenario.Phase.INCIDENT && random.nextDouble() < 0.10) {
      throw new IllegalStateException("payment backend unavailable");
    }
    json(response, 201, "{\"id\":\"" + random.nextInt(1_000_000) + "\"}");
  }

  private static void json(HttpServletResponse response, int status, String body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write(body);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
