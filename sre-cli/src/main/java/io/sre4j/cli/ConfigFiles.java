package io.sre4j.cli;

import io.sre4j.core.Sre4jConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an SLO configuration named by {@code --config}: a properties file as sre4j reads one
 * (UTF-8, or ISO-8859-1 when not valid UTF-8; keys with or without the {@code sre4j.} prefix), and
 * nothing else: no system properties, no environment, so a backtest depends on its file only.
 */
final class ConfigFiles {

  private ConfigFiles() {}

  /** A configuration that cannot be used, with the one line to print. */
  static final class BadConfig extends Exception {
    private static final long serialVersionUID = 1L;

    BadConfig(String message) {
      super(message, null, false, false);
    }
  }

  static Sre4jConfig read(Path file) throws BadConfig {
    if (!Files.exists(file)) {
      throw new BadConfig("cannot read config " + file + ": no such file");
    }
    Sre4jConfig config;
    try {
      config = Sre4jConfig.fromFile(file);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new BadConfig("bad config " + file + ": " + Sre4jCli.firstLine(e.getMessage()));
    }
    if (config.slos().isEmpty()) {
      throw new BadConfig(
          "bad config "
              + file
              + ": it defines no SLO (such as"
              + " slo.availability.objective=99.9%)");
    }
    return config;
  }
}
