package io.sre4j.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    if (!ServerProcess.awaitReady(started, port) || !started.isAlive()) {
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
    ServerProcess.stop(process);
  }

  /** @return a loopback port free now */
  public static int freePort() throws IOException {
    return ServerProcess.freePort();
  }
}
