package io.sre4j.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The configuration keys of one module, each declared once: name, type, default, rule and a
 * one-line description. {@link Sre4jConfig} reads the union of the schemas found on the class path
 * ({@code META-INF/services/io.sre4j.core.ConfigSchema}) and of those given to it; a key no schema
 * declares is rejected. The schemas are also the source of the configuration reference ({@code
 * docs/configuration.md}) and of IDE metadata.
 *
 * <pre>{@code
 * for (ConfigSchema schema : ConfigSchema.installed()) {
 *   for (ConfigSchema.Key<?> key : schema.keys()) {
 *     System.out.println(key.name() + " (" + key.type() + "): " + key.description());
 *   }
 * }
 * }</pre>
 *
 * <p>sre-core declares the registry's keys ({@code service}, {@code interval}, ... and the {@code
 * slo.<name>.*} fields) and the structured log's {@code log.*} keys; sre-servlet declares {@code
 * enabled} and {@code servlet.*}. An implementation found by {@link ServiceLoader} needs a public
 * class with a public no-argument constructor.
 *
 * <p>This type is also the public door to sre4j's one duration syntax: {@link #parseDuration}
 * reads what {@link #formatDuration} writes.
 *
 * <p><b>Thread safety:</b> implementations must be immutable. <b>Cost:</b> {@link #keys()} is read
 * once per configuration load.
 *
 * @since 0.1
 */
public interface ConfigSchema {

  /**
   * Every key of this schema, in the order of the reference documentation.
   *
   * @return the keys; unmodifiable, never empty
   */
  List<Key<?>> keys();

  /**
   * Checks the values of this schema's keys together, as the module will read them, so that a bad
   * configuration fails when it is loaded; called once by every {@link Sre4jConfig} after each
   * value was parsed by its key. Does nothing by default.
   *
   * @param config the configuration being loaded; its values are parsed, its checks not all run
   * @throws ConfigException if a value, or a combination, is bad
   */
  default void check(Sre4jConfig config) {}

  /**
   * The schemas on the class path: sre-core's first, then those registered in {@code
   * META-INF/services/io.sre4j.core.ConfigSchema} and visible to the loader of sre-core or to the
   * thread's context class loader (when it sees the same sre-core), once each.
   *
   * @return the schemas, in a stable order
   * @throws java.util.ServiceConfigurationError if a registered schema cannot be loaded
   */
  static List<ConfigSchema> installed() {
    Map<String, ConfigSchema> found = new LinkedHashMap<>();
    found.put(CoreConfigSchema.class.getName(), CoreConfigSchema.INSTANCE);
    List<ClassLoader> loaders = new ArrayList<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && sees(context, ConfigSchema.class)) {
      loaders.add(context);
    }
    ClassLoader own = ConfigSchema.class.getClassLoader();
    loaders.add(own == null ? ClassLoader.getSystemClassLoader() : own);
    List<ConfigSchema> discovered = new ArrayList<>();
    for (ClassLoader loader : loaders) {
      ServiceLoader.load(ConfigSchema.class, loader).forEach(discovered::add);
    }
    discovered.sort((a, b) -> a.getClass().getName().compareTo(b.getClass().getName()));
    for (ConfigSchema schema : discovered) {
      found.putIfAbsent(schema.getClass().getName(), schema);
    }
    return List.copyOf(found.values());
  }

  /** Whether {@code loader} loads the same {@code type}, not another copy of sre-core's. */
  private static boolean sees(ClassLoader loader, Class<?> type) {
    try {
      return Class.forName(type.getName(), false, loader) == type;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Parses a duration as every sre4j key does: a decimal amount and a unit ({@code ns}, {@code us},
   * {@code ms}, {@code s}, {@code m} or {@code min}, {@code h}, {@code d}, {@code w}) such as
   * {@code 800ms}, {@code 1.5s}, {@code 30d}, a compound such as {@code 1h30m}, or ISO-8601 such as
   * {@code PT5M}; surrounding spaces are ignored; range checks are the caller's.
   *
   * <p><b>Cost:</b> a regular-expression match.
   *
   * @param key the key named by a rejection, such as {@code log.close-timeout}
   * @param text the text
   * @return the duration; may be zero or negative (ISO-8601 {@code PT-1S})
   * @throws ConfigException {@code "<key> must be a duration such as 800ms, 5m, 30d or PT5M but was
   *     <text>"} if {@code text} is not a duration, or {@code "<key> must be a duration up to 292
   *     years but was <text>"} if it is too long
   */
  static Duration parseDuration(String key, String text) {
    return ConfigValues.parseDuration(
        Objects.requireNonNull(key, "key"), Objects.requireNonNull(text, "text"));
  }

  /**
   * Formats a duration as sre4j writes it in configuration, messages and log field names, and as
   * {@link #parseDuration} reads it: {@code 800ms}, {@code 5m}, {@code 30d}, compound when no
   * single unit fits ({@code 1h30m}, {@code 4m19s200ms}); days are the largest unit; {@code 0s} for
   * zero; a leading {@code -} for a negative duration. Only the units {@code d h m s ms us ns} are written,
   * in that order, so a duration of whole milliseconds is also a valid Prometheus duration.
   *
   * <p><b>Cost:</b> a small string.
   *
   * @param duration any duration
   * @return its text, such as {@code 1h30m}
   */
  static String formatDuration(Duration duration) {
    return ConfigValues.format(Objects.requireNonNull(duration, "duration"));
  }

  /**
   * One configuration key: its name, or the pattern {@code slo.<name>.<field>} of a per-SLO key;
   * its type, default and rule as the reference documents them; and its parser, which turns the
   * text of a value into a {@code T} or rejects it with a {@link ConfigException} naming the key.
   *
   * <p><b>Thread safety:</b> immutable, if its parser is stateless. <b>Cost:</b> one parse per
   * read.
   *
   * @param <T> the type of the parsed value
   * @since 0.1
   */
  final class Key<T> {

    private static final String SLO_PATTERN = "slo.<name>.";
    private static final Pattern NAME =
        Pattern.compile("(slo\\.<name>\\.)?[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)*");

    private final String name;
    private final String type;
    private final @Nullable String defaultValue;
    private final String rule;
    private final String description;
    private final BiFunction<String, String, ? extends T> parser;

    private Key(String name, String type, @Nullable String defaultValue, String rule,
        String description, BiFunction<String, String, ? extends T> parser) {
      this.name = Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("key name must be lowercase dotted words such as"
            + " log.close-timeout, or slo.<name>.<field>, but was " + name);
      }
      this.type = Objects.requireNonNull(type, "type");
      this.defaultValue = defaultValue;
      this.rule = Objects.requireNonNull(rule, "rule");
      this.description = Objects.requireNonNull(description, "description");
      this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * A key with its own parser.
     *
     * @param <T> the type of the parsed value
     * @param name the key, lowercase dotted words such as {@code log.close-timeout}, or {@code
     *     slo.<name>.<field>} for a per-SLO key
     * @param type the type as documented, such as {@code duration} or {@code integer}
     * @param defaultValue the default as written in configuration, or null when unset means none
     *     or is derived (the description says)
     * @param rule what a value must be, as documented, such as {@code 1 to 100000}
     * @param description one line
     * @param parser given the key (full, for a per-SLO key) and the trimmed text, returns the value
     *     or throws {@link ConfigException}
     * @return the key
     * @throws IllegalArgumentException if {@code name} is not such a name
     */
    public static <T> Key<T> of(String name, String type, @Nullable String defaultValue,
        String rule, String description, BiFunction<String, String, ? extends T> parser) {
      return new Key<>(name, type, defaultValue, rule, description, parser);
    }

    /**
     * A duration key, read by {@link ConfigSchema#parseDuration}; its range is checked by the
     * reader.
     *
     * @param name the key, see {@link #of}
     * @param defaultValue the default, such as {@code 5s}, or null
     * @param rule the range, such as {@code 0 to 5m}
     * @param description one line
     * @return the key
     */
    public static Key<Duration> duration(
        String name, @Nullable String defaultValue, String rule, String description) {
      return of(name, "duration", defaultValue, rule, description, ConfigValues::parseDuration);
    }

    /**
     * An {@code int} key; its range is checked by the reader.
     *
     * @param name the key, see {@link #of}
     * @param defaultValue the default, such as {@code 100}, or null
     * @param rule the range, such as {@code 1 to 100000}
     * @param description one line
     * @return the key; rejects {@code "<key> must be an integer but was <text>"}
     */
    public static Key<Integer> integer(
        String name, @Nullable String defaultValue, String rule, String description) {
      return of(name, "integer", defaultValue, rule, description, ConfigValues::parseInt);
    }

    /**
     * A ratio key: {@code 99.9%} or {@code 0.999}; its range is checked by the reader.
     *
     * @param name the key, see {@link #of}
     * @param defaultValue the default, such as {@code 99%}, or null
     * @param rule the range, such as {@code in [0,1]}
     * @param description one line
     * @return the key; rejects {@code "<key> must be a ratio such as 99.9% or 0.999 but was
     *     <text>"}
     */
    public static Key<Double> ratio(
        String name, @Nullable String defaultValue, String rule, String description) {
      return of(name, "ratio", defaultValue, rule, description, ConfigValues::parseRatio);
    }

    /**
     * A boolean key: {@code true/false}, {@code yes/no} or {@code on/off}, any case.
     *
     * @param name the key, see {@link #of}
     * @param defaultValue {@code true}, {@code false}, or null
     * @param description one line
     * @return the key; rejects {@code "<key> must be true or false but was <text>"}
     */
    public static Key<Boolean> bool(
        String name, @Nullable String defaultValue, String description) {
      return of(name, "boolean", defaultValue, "true or false", description,
          ConfigValues::parseBoolean);
    }

    /**
     * A string key, taken as written (trimmed); its rule is checked by the reader.
     *
     * @param name the key, see {@link #of}
     * @param defaultValue the default, or null
     * @param rule what the value must be
     * @param description one line
     * @return the key
     */
    public static Key<String> string(
        String name, @Nullable String defaultValue, String rule, String description) {
      return of(name, "string", defaultValue, rule, description, (key, text) -> text);
    }

    /**
     * A comma-separated list key: elements trimmed, empty ones dropped; its elements are checked
     * by the reader.
     *
     * @param name the key, see {@link #of}
     * @param defaultValue the default, such as {@code /**}, or null
     * @param rule what each element must be
     * @param description one line
     * @return the key
     */
    public static Key<List<String>> list(
        String name, @Nullable String defaultValue, String rule, String description) {
      return of(name, "list", defaultValue, rule, description, (key, text) -> split(text));
    }

    /**
     * @return the key, such as {@code log.close-timeout}, or a pattern such as {@code
     *     slo.<name>.window}
     */
    public String name() {
      return name;
    }

    /** @return the type as documented: {@code duration}, {@code integer}, {@code boolean}, ... */
    public String type() {
      return type;
    }

    /**
     * @return the default as written in configuration; empty when unset means none, or a default
     *     the description names
     */
    public Optional<String> defaultValue() {
      return Optional.ofNullable(defaultValue);
    }

    /** @return what a value must be, such as {@code 1 to 100000} */
    public String rule() {
      return rule;
    }

    /** @return one line saying what the key does */
    public String description() {
      return description;
    }

    /** @return whether this is a per-SLO key, {@code slo.<name>.<field>} */
    public boolean perSlo() {
      return name.startsWith(SLO_PATTERN);
    }

    /**
     * Parses a value of this key.
     *
     * @param text the value as written; trimmed first
     * @return the value
     * @throws ConfigException if the value is bad, naming {@link #name()} and {@code text}
     */
    public T parse(String text) {
      return parse(name, text);
    }

    /** Parses a value of this key, naming {@code fullKey} (a per-SLO key's name) in a rejection. */
    T parse(String fullKey, String text) {
      return parser.apply(fullKey, Objects.requireNonNull(text, "text").trim());
    }

    /** The field of a per-SLO key ({@code window}), else the name. */
    String field() {
      return perSlo() ? name.substring(SLO_PATTERN.length()) : name;
    }

    /** @return the name */
    @Override
    public String toString() {
      return name;
    }

    static List<String> split(String list) {
      List<String> out = new ArrayList<>();
      for (String part : list.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return List.copyOf(out);
    }
  }
}
