package io.sre4j.core.log;

import io.sre4j.core.ConfigException;
import io.sre4j.core.ConfigSchema;
import io.sre4j.core.ConfigSchema.Key;
import io.sre4j.core.Sre4jConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The structured log's keys, {@code log.*}, declared once: {@link StructuredLog.Builder#config}
 * reads them, {@link Provider} contributes them to every {@link Sre4jConfig}, and so the
 * configuration's model package knows nothing of the log.
 */
final class LogConfigSchema {

  static final Key<String> SINK = Key.of("log.sink", "enum", "stdout",
      "stdout, emf or slf4j (slf4j needs slf4j-api 2 on the class path)",
      "where lines go: JSON Lines on stdout, CloudWatch EMF on stdout, or SLF4J",
      LogConfigSchema::sink);
  static final Key<Boolean> ACCESS = Key.bool("log.access", "false",
      "whether an access line is written per request");
  static final Key<Double> ACCESS_SAMPLE = Key.ratio("log.access.sample", "1", "in [0,1]",
      "the fraction of good requests written; bad requests are always written");
  static final Key<Integer> QUEUE = Key.integer("log.queue",
      String.valueOf(LogFields.DEFAULT_QUEUE_CAPACITY),
      "16 to 1048576, rounded up to a power of two", "lines queued for the writer thread");
  static final Key<Integer> STRING_LIMIT = Key.integer("log.string-limit",
      String.valueOf(LogFields.DEFAULT_STRING_LIMIT), "16 to 65536",
      "the longest string value written, in UTF-16 chars, the truncation mark included");
  static final Key<String> EMF_NAMESPACE = Key.of("log.emf.namespace", "string",
      LogFields.DEFAULT_EMF_NAMESPACE, EmfSink.NAMESPACE_RULE,
      "the CloudWatch namespace of EMF lines", LogConfigSchema::namespace);
  static final Key<String> SLF4J_LOGGER = Key.of("log.slf4j.logger", "string",
      LogFields.DEFAULT_SLF4J_LOGGER, "a logger name", "the SLF4J logger lines are written to",
      LogConfigSchema::loggerName);
  static final Key<Boolean> SHUTDOWN_HOOK = Key.bool("log.shutdown-hook", "true",
      "whether a JVM shutdown hook closes the log");
  static final Key<Duration> CLOSE_TIMEOUT = Key.duration("log.close-timeout", "5s", "0 to 5m",
      "how long closing waits for queued lines to be written");

  static final List<Key<?>> KEYS = List.of(SINK, ACCESS, ACCESS_SAMPLE, QUEUE, STRING_LIMIT,
      EMF_NAMESPACE, SLF4J_LOGGER, SHUTDOWN_HOOK, CLOSE_TIMEOUT);

  /** The names of {@link #KEYS}. */
  static final List<String> NAMES = KEYS.stream().map(Key::name).toList();

  private LogConfigSchema() {}

  private static String sink(String key, String text) {
    String kind = text.toLowerCase(Locale.ROOT);
    switch (kind) {
      case "stdout", "emf" -> { }
      case "slf4j" -> {
        if (!Slf4jPresence.available()) {
          throw new ConfigException(
              key, "stdout or emf (slf4j-api 2 is not on the class path)", text);
        }
      }
      default -> throw new ConfigException(key, "stdout, emf or slf4j", text);
    }
    return kind;
  }

  private static String namespace(String key, String text) {
    if (!EmfSink.validNamespace(text)) {
      // the rule's comma: "..., not starting with AWS/, but was AWS/EC2", as LogSink.emf says it
      throw new ConfigException(key, EmfSink.NAMESPACE_RULE + ",", text);
    }
    return text;
  }

  private static String loggerName(String key, String text) {
    if (text.isEmpty()) {
      throw new ConfigException(key, "a logger name", text);
    }
    return text;
  }

  /**
   * The log's schema for {@link java.util.ServiceLoader} (registered in sre-core's {@code
   * META-INF/services}). Public only because the service loader instantiates it; its enclosing
   * class is package-private, so it is no part of the API.
   */
  public static final class Provider implements ConfigSchema {

    /** For {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public List<Key<?>> keys() {
      return KEYS;
    }

    /** Reads the configuration as the log will, so that a value out of range fails at load. */
    @Override
    public void check(Sre4jConfig config) {
      StructuredLog.builder().config(config);
    }
  }
}
