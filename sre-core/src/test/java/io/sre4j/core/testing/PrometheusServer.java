package io.sre4j.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the Debian package's binary, found by {@link ExternalTool}) for the fleet
 * tests: it scrapes the given targets and evaluates {@code <dir>/rules.yml} every second, listens
 * on a free loopback port and writes its log to {@code <dir>/prometheus.log}.
 *
 * <p><b>Thread safety:</b> one test thread. <b>Cost:</b> a process start, polled every 100 ms until
 * ready (three tries, each on a new port, in case another process took the port meanwhile).
 */
public final class PrometheusServer implements AutoCloseable {

  private final Process process;
  private final int port;

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Writes {@code <dir>/prometheus.yml} and starts Prometheus on it.
   *
   * @param binary the {@code prometheus} binary
   * @param dir where the configuration, the data and the log go; {@code rules.yml} must be there
   * @param targets {@code host:port} of the instances to scrape, as one job
   * @return the server, ready
   */
  public static PrometheusServer start(Path binary, Path dir, List<String> targets)
      throws IOException, InterruptedException {
    Files.writeString(
        dir.resolve("prometheus.yml"),
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  scrape_timeout: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - " + dir.resolve("rules.yml"),
            "scrape_configs:",
            "  - job_name: orders",
            "    static_configs:",
            "      - targets: ['" + String.join("', '", targets) + "']",
            ""));
    Path log = dir.resolve("prometheus.log");
    for (int attempt = 1; ; attempt++) {
      int port = ServerProcess.freePort();
      Process started =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + dir.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (ServerProcess.awaitReady(started, port) && started.isAlive()) {
        return new PrometheusServer(started, port);
      }
      started.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      if (attempt == 3) {
        fail("prometheus did not become ready:\n" + Files.readString(log));
      }
    }
  }

  /** @return the loopback port it listens on */
  public int port() {
    return port;
  }

  /** @return the HTTP API's base, {@code http://127.0.0.1:<port>} */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Stops Prometheus the way a service manager would (SIGTERM).
   *
   * @return whether it exited within 30 s
   */
  public boolean stop() throws InterruptedException {
    process.destroy();
    return process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops Prometheus if it still runs: SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    ServerProcess.stop(process);
  }
}
