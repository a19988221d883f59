package io.sre4j.cli;

import io.sre4j.core.Sre4jConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

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
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadConfig("cannot read config " + file + ": no such file");
    } catch (IOException e) {
      throw new BadConfig("cannot read config " + file + ": " + e);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, StandardCharsets.ISO_8859_1);
    }
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new BadConfig(
          "bad config " + file + ": not a properties file (" + e.getMessage() + ")");
    }
    Map<String, String> map = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    Sre4jConfig config;
    try {
      config = Sre4jConfig.from(map);
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
