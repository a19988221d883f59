package io.sre4j.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code prometheus} (Debian package {@code prometheus}), as sre-micrometer's tests do. When
 * it is missing, tests that need it are skipped with a message, except under {@code CI=true},
 * where they fail: CI must install it.
 */
final class ExternalTool {

  static final String INSTALL =
      "apt-get update && apt-get install -y --no-install-recommends prometheus";

  private ExternalTool() {}

  /**
   * The tool's path: {@code $PROMETHEUS} (the name in upper case) if set, else the first match on
   * {@code PATH}. Skips the calling test when it is missing, or fails it under {@code CI=true}.
   */
  static Path require(String name) {
    Optional<Path> found = find(name);
    if (found.isEmpty()) {
      String variable = name.toUpperCase(Locale.ROOT);
      String override = System.getenv(variable);
      String message =
          (override == null || override.isBlank()
                  ? name + " not found on PATH"
                  : "$" + variable + "=" + override + " is not an executable file")
              + "; install it with: "
              + INSTALL;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + message);
      }
      Assumptions.abort("skipped: " + message);
    }
    return found.orElseThrow();
  }

  static Optional<Path> find(String name) {
    String override = System.getenv(name.toUpperCase(Locale.ROOT));
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
}
