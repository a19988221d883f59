package io.sre4j.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the test fixtures that run a Prometheus-family server ({@link PrometheusServer}, {@link
 * AlertmanagerServer}) share: a free loopback port, waiting for {@code /-/ready}, stopping.
 */
final class ServerProcess {

  private static final Duration READY_DEADLINE = Duration.ofSeconds(60);

  private ServerProcess() {}

  /**
   * Polls {@code http://127.0.0.1:<port>/-/ready} until it answers 200, the process exits, or 60
   * s pass (a hang guard, not a timing assertion).
   *
   * @return whether it became ready
   */
  static boolean awaitReady(Process process, int port) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // connection refused while starting
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Stops the process if it still runs: SIGTERM, then SIGKILL after 10 s. */
  static void stop(Process process) {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** @return a loopback port free now */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
