package io.sre4j.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs {@code promtool} and {@code prometheus} (Debian package {@code prometheus}) and
 * {@code prometheus-alertmanager} (Debian package {@code prometheus-alertmanager}). When
 * one is missing, tests that need it are skipped with a message, except under {@code CI=true},
 * where they fail: CI must install it.
 */
public final class ExternalTool {

  public static final String INSTALL =
      "apt-get update && apt-get install -y --no-install-recommends prometheus";

  /** How to install {@code prometheus-alertmanager}. */
  public static final String INSTALL_ALERTMANAGER =
      "apt-get update && apt-get install -y --no-install-recommends prometheus-alertmanager";

  private ExternalTool() {}

  /**
   * The tool's path: {@code $PROMTOOL} or {@code $PROMETHEUS} if set, else the first match on
   * {@code PATH}. Skips the calling test when it is missing, or fails it under {@code CI=true}.
   */
  public static Path require(String name) {
    return require(name, INSTALL);
  }

  /** {@link #require(String)} for a tool installed by {@code install}. */
  public static Path require(String name, String install) {
    Optional<Path> found = find(name);
    if (found.isEmpty()) {
      String variable = variable(name);
      String override = System.getenv(variable);
      String message =
          (override == null || override.isBlank()
                  ? name + " not found on PATH"
                  : "$" + variable + "=" + override + " is not an executable file")
              + "; install it with: "
              + install;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + message);
      }
      Assumptions.abort("skipped: " + message);
    }
    return found.orElseThrow();
  }

  public static Optional<Path> find(String name) {
    String override = System.getenv(variable(name));
    if (override != null && !override.isBlank()) {
      Path path = Path.of(override);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String pathVariable = System.getenv("PATH");
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The variable that overrides a tool's path: {@code PROMETHEUS_ALERTMANAGER} for that tool. */
  private static String variable(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The exit code and combined output of one run. */
  public record Result(int exitCode, String output) {}

  /**
   * Runs a command to completion within {@code timeoutSeconds}, feeding {@code stdin}.
   *
   * @throws AssertionError if it does not finish in time (it is killed)
   */
  public static Result run(Path workDir, String stdin, long timeoutSeconds, String... command) {
    List<String> cmd = new ArrayList<>(List.of(command));
    ProcessBuilder builder =
        new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    Process process;
    try {
      Path output = Files.createTempFile("sre4j-tool", ".out");
      builder.redirectOutput(output.toFile());
      process = builder.start();
      try {
        if (stdin != null) {
          process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          fail(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        process.destroyForcibly();
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
