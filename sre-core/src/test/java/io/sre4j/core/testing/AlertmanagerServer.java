package io.sre4j.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (the Debian package's {@code prometheus-alertmanager}, found by {@link
 * ExternalTool}) for the notifier tests: one route grouping by {@code slo} with no group wait, a
 * 1 s group interval and resolved notifications, to one webhook receiver; clustering off, storage
 * and log ({@code alertmanager.log}) in the given directory, listening on a loopback port.
 *
 * <p><b>Thread safety:</b> one test thread. <b>Cost:</b> a process start, polled every 100 ms until
 * ready.
 */
public final class AlertmanagerServer implements AutoCloseable {

  private static final Duration READY_DEADLINE = Duration.ofSeconds(60);

  private final Process process;
  private final int port;

  private AlertmanagerServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** @return the tool, or the test is skipped (failed under {@code CI=true}) */
  public static Path binary() {
    return ExternalTool.require("prometheus-alertmanager", ExternalTool.INSTALL_ALERTMANAGER);
  }

  /**
   * Writes {@code <dir>/alertmanager.yml} and starts Alertmanager on it.
   *
   * @param binary the {@code prometheus-alertmanager} binary
   * @param dir where the configuration, the data and the log go
   * @param webhook the URL the receiver posts notifications to
   * @param port the loopback port to listen on, such as {@link #freePort()}
   * @return the server, ready
   */
  public static AlertmanagerServer start(Path binary, Path dir, String webhook, int port)
      throws IOException, InterruptedException {
    Files.writeString(
        dir.resolve("alertmanager.yml"),
        String.join(
            "\n",
            "route:",
            "  receiver: test",
            "  group_by: [slo]",
            "  group_wait: 0s",
            "  group_interval: 1s",
            "  repeat_interval: 1h",
            "receivers:",
            "  - name: test",
            "    webhook_configs:",
            "      - url: " + webhook,
            "        send_resolved: true",
            ""));
    Path log = dir.resolve("alertmanager.log");
    Process started =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!awaitReady(started, port) || !started.isAlive()) {
      started.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("alertmanager did not become ready:\n" + Files.readString(log));
    }
    return new AlertmanagerServer(started, port);
  }

  /** @return the base URL, {@code http://127.0.0.1:<port>} */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops Alertmanager if it still runs: SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
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

  private static boolean awaitReady(Process process, int port) throws InterruptedException {
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

  /** @return a loopback port free now */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
