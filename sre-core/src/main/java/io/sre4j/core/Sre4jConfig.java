package io.sre4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Registry, log and adapter settings and SLOs read from properties: a classpath file, a file named by a system
 * property, system properties and environment variables.
 *
 * <pre>{@code
 * SloRegistry registry = Sre4jConfig.load().applyTo(SloRegistry.builder()).build();
 * }</pre>
 *
 * <p><b>Sources,</b> in increasing precedence (a later source wins, key by key):
 *
 * <ol>
 *   <li>{@code sre4j.properties} on the classpath (the thread's context class loader, else the one
 *       that loaded this class);
 *   <li>the file named by the system property {@code sre4j.config};
 *   <li>system properties whose names start with {@code sre4j.}, the prefix stripped
 *       ({@code -Dsre4j.service=orders}); {@code sre4j.config} itself names the file and is not a
 *       setting;
 *   <li>environment variables whose names start with {@code SRE4J_} (see below).
 * </ol>
 *
 * <p>Files are read as UTF-8, or as ISO-8859-1 when they are not valid UTF-8 (as
 * {@link java.util.PropertyResourceBundle} does). Keys in files are unprefixed
 * ({@code slo.checkout.objective=99.9%}); a leading {@code sre4j.} is accepted and stripped. Keys
 * and values are trimmed.
 *
 * <p><b>Keys</b> are declared by the {@link ConfigSchema schemas} on the class path (and any given
 * to {@link #load(ConfigSchema...)}); {@code docs/configuration.md} lists them all with their
 * types, defaults and rules. The registry's own: the globals {@code service}, {@code interval},
 * {@code trend-intervals}, {@code latency-bands}, {@code metrics.latency-buckets}, {@code
 * max-endpoints}, {@code tick}, {@code alert.rules}, {@code alert.min-events}, {@code
 * alert.evaluation}, {@code alert.keep-firing-for}, {@code alert.no-data-for} (read by the
 * generated rules only), {@code policy.at-risk}, {@code
 * deployment.rollback-period}, {@code maintenance.strict}, {@code state.file}, {@code state.flush}
 * and the {@code gate.prometheus-*} keys, whose unset values keep the builder's;
 * and per SLO, under {@code slo.<name>.}: {@code sli}, {@code objective}, {@code threshold}, {@code
 * judge-failures}, {@code window}, {@code time-zone}, {@code budgeting}, {@code slice}, {@code
 * slice-target}, {@code routes}, {@code methods}, {@code exclude}, {@code bad-statuses} and {@code
 * excluded-statuses}. Durations are written {@code 800ms}, {@code 1.5s}, {@code 1h30m}, {@code 30d}
 * or {@code PT5M} ({@link ConfigSchema#parseDuration}).
 *
 * <p><b>Other modules' keys</b> ({@code log.*}: the structured log, in sre-core; {@code enabled} and
 * {@code servlet.*}: sre-servlet) are parsed and checked by their schemas at load too, and read by
 * their modules through {@link #get(ConfigSchema.Key)} and {@link #ifSet}, as {@code
 * StructuredLog.builder().config(config)} and {@code ServletSettings.from(config)} do.
 *
 * <p><b>Environment variables.</b> After {@code SRE4J_}, the rest of the name is compared with the
 * keys normalised to upper case with {@code -} and {@code .} turned to {@code _}: {@code
 * SRE4J_MAX_ENDPOINTS} sets {@code max-endpoints}. {@code SRE4J_SLO_<NAME>_<FIELD>} sets {@code
 * slo.<name>.<field>}, where {@code <FIELD>} is the longest SLO field that ends the name, and
 * {@code <NAME>} is the SLO of that normalised name defined by another source, else {@code <NAME>}
 * lower-cased with {@code _} turned to {@code -}: {@code SRE4J_SLO_CHECKOUT_LATENCY_THRESHOLD} sets
 * {@code slo.checkout-latency.threshold}, or {@code slo.checkout_latency.threshold} if a file
 * defines {@code checkout_latency}. {@code SRE4J_CONFIG} is ignored: the file is named by the
 * system property only.
 *
 * <p><b>Failures.</b> Every value is parsed and checked when the configuration is loaded, so bad
 * configuration fails before anything runs, with a {@link ConfigException} shaped {@code
 * "<key> must be <rule> but was <value>"} that names the full key and the value as written, such as
 * {@code slo.checkout.objective must be in (0,1) but was "1.5"}. Unknown keys fail too, as do
 * {@code SRE4J_} variables that name no key. A source is only the final value of each key: a bad
 * value overridden by a later source is never parsed.
 *
 * <p><b>Thread safety:</b> immutable. {@link #load(ConfigSchema...)} reads the system properties and the
 * environment once, when called.
 *
 * <p><b>Cost:</b> loading reads the files and parses every value once; {@link #applyTo} only sets
 * the parsed values. Nothing is cached across loads.
 *
 * @since 0.1
 */
/*
 * Layout. The keys themselves are declared in the schemas (CoreConfigSchema, the log's and the
 * servlet's); this class reads the sources in their order of precedence, maps SRE4J_ variables to
 * keys, and turns the slo.<name>.* fields into SloSpecs, restating a nested constructor's
 * ConfigException with the full key. It is longer than 500 lines because the source reading (file
 * encodings, prefixes, duplicates), the environment mapping and the SLO assembly are one pipeline
 * whose error messages must agree; about a third of it is the public Javadoc of the rules users read.
 */
public final class Sre4jConfig {

  /** The classpath resource read first: {@value}. */
  public static final String CLASSPATH_RESOURCE = "sre4j.properties";

  /** The system property naming a properties file: {@value}. */
  public static final String CONFIG_PROPERTY = "sre4j.config";

  /**
   * The key {@code service}, the service's name: the registry's, read by the structured log too so
   * that access lines and report lines name the same service.
   */
  public static final ConfigSchema.Key<String> SERVICE = CoreConfigSchema.SERVICE;

  private static final String PREFIX = "sre4j.";
  private static final String ENV_PREFIX = "SRE4J_";
  private static final String SLO_PREFIX = "slo.";

  private final Map<String, String> properties;
  private final Known known;
  private final Map<String, Object> values;
  private final List<Consumer<SloRegistry.Builder>> globals;
  private final List<SloSpec> slos;

  private Sre4jConfig(Map<String, String> merged, Known known) {
    this.properties = Collections.unmodifiableMap(new TreeMap<>(merged));
    this.known = known;
    Map<String, String> global = new TreeMap<>();
    Map<String, Map<String, String>> sloFields = new TreeMap<>();
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      String key = entry.getKey();
      int dot = key.lastIndexOf('.');
      if (known.global.containsKey(key)) {
        global.put(key, entry.getValue());
      } else if (key.startsWith(SLO_PREFIX)
          && dot >= SLO_PREFIX.length()
          && known.sloFields.containsKey(key.substring(dot + 1))) {
        sloFields
            .computeIfAbsent(key.substring(SLO_PREFIX.length(), dot), name -> new TreeMap<>())
            .put(key.substring(dot + 1), entry.getValue());
      } else {
        throw unknown(key, entry.getValue());
      }
    }
    rejectSimilarSloNames(sloFields.keySet());
    Map<String, Object> parsed = new LinkedHashMap<>();
    // every key of global is one of known.global's
    global.forEach((key, raw) ->
        parsed.put(key, Objects.requireNonNull(known.global.get(key)).parse(raw)));
    this.values = Collections.unmodifiableMap(parsed);
    this.globals = List.copyOf(parseGlobals(global, parsed));
    List<SloSpec> specs = new ArrayList<>();
    sloFields.forEach((name, fields) -> specs.add(parseSlo(name, fields)));
    this.slos = List.copyOf(specs);
    for (ConfigSchema schema : known.schemas) {
      schema.check(this);
    }
  }

  /**
   * Reads every source: {@code sre4j.properties} on the classpath, the file named by {@code
   * -Dsre4j.config}, {@code sre4j.*} system properties and {@code SRE4J_*} environment variables,
   * later ones winning.
   *
   * @param schemas schemas to know besides those on the class path ({@link
   *     ConfigSchema#installed()}); usually none
   * @return the parsed configuration; empty when no source sets anything
   * @throws ConfigException if {@code sre4j.config} names no readable file, or any key is unknown
   *     or any value bad; the message names the key and the value
   * @throws IllegalStateException if two schemas declare the same key
   * @throws UncheckedIOException if {@code sre4j.properties} is on the classpath but cannot be read
   */
  public static Sre4jConfig load(ConfigSchema... schemas) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Sre4jConfig.class.getClassLoader();
    }
    if (loader == null) {
      loader = ClassLoader.getSystemClassLoader();
    }
    Map<String, String> systemProperties = new HashMap<>();
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) {
      String value = system.getProperty(name);
      if (value != null) {
        systemProperties.put(name, value);
      }
    }
    return load(loader, systemProperties, System.getenv(), schemas);
  }

  /**
   * {@link #load(ConfigSchema...)} with the sources given, for tests and embedding.
   *
   * @param classLoader where to look for {@code sre4j.properties}
   * @param systemProperties every system property, prefixed or not; {@code sre4j.config} names a
   *     file
   * @param environment every environment variable, prefixed or not
   * @param schemas schemas to know besides the installed ones
   * @return the parsed configuration
   */
  static Sre4jConfig load(
      ClassLoader classLoader,
      Map<String, String> systemProperties,
      Map<String, String> environment,
      ConfigSchema... schemas) {
    Objects.requireNonNull(classLoader, "classLoader");
    Objects.requireNonNull(systemProperties, "systemProperties");
    Objects.requireNonNull(environment, "environment");
    Known known = Known.of(schemas);
    Map<String, String> merged = new TreeMap<>();
    URL resource = classLoader.getResource(CLASSPATH_RESOURCE);
    if (resource != null) {
      byte[] bytes;
      try (InputStream in = resource.openStream()) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("sre4j: cannot read " + resource, e);
      }
      merged.putAll(properties(bytes, "classpath " + resource, CLASSPATH_RESOURCE, resource));
    }
    String configFile = systemProperties.get(CONFIG_PROPERTY);
    if (configFile != null) {
      merged.putAll(readConfigFile(configFile));
    }
    for (Map.Entry<String, String> entry : new TreeMap<>(systemProperties).entrySet()) {
      String name = entry.getKey();
      if (name.startsWith(PREFIX) && !name.equals(CONFIG_PROPERTY)) {
        merged.put(name.substring(PREFIX.length()).trim(), entry.getValue().trim());
      }
    }
    merged.putAll(fromEnvironment(environment, sloNames(merged.keySet()), known));
    return new Sre4jConfig(merged, known);
  }

  /**
   * Reads one properties file and nothing else (no class path, system properties or environment),
   * as the file named by {@code -Dsre4j.config} is read: UTF-8, or ISO-8859-1 when it is not valid
   * UTF-8; keys with or without the {@code sre4j.} prefix. For tools whose result must depend on
   * the file alone, such as a replay.
   *
   * @param file the file
   * @param schemas schemas to know besides the installed ones; usually none
   * @return the parsed configuration
   * @throws ConfigException if the file cannot be read ({@code config must be a readable file but
   *     was <file>}) or is not a properties file, or if any key is unknown or any value bad
   */
  public static Sre4jConfig fromFile(Path file, ConfigSchema... schemas) {
    Objects.requireNonNull(file, "file");
    Known known = Known.of(schemas);
    return new Sre4jConfig(readConfigFile(file.toString()), known);
  }

  /**
   * Parses a plain map of settings, keyed as in a file: {@code service}, {@code
   * slo.checkout.objective}; a leading {@code sre4j.} is stripped.
   *
   * @param properties the settings
   * @param schemas schemas to know besides the installed ones; usually none
   * @return the parsed configuration
   * @throws ConfigException if any key is unknown or any value bad, or a key is given both with and
   *     without the {@code sre4j.} prefix; the message names the key and the value
   */
  public static Sre4jConfig from(Map<String, String> properties, ConfigSchema... schemas) {
    Objects.requireNonNull(properties, "properties");
    Known known = Known.of(schemas);
    return new Sre4jConfig(unprefixed(properties, "the map"), known);
  }

  /**
   * Sets every configured global on {@code builder} and adds every configured SLO; settings this
   * configuration leaves unset keep the builder's value.
   *
   * @param builder a registry builder
   * @return {@code builder}
   * @throws IllegalStateException if the builder already has an SLO of a configured name
   */
  public SloRegistry.Builder applyTo(SloRegistry.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    globals.forEach(setter -> setter.accept(builder));
    slos.forEach(builder::slo);
    return builder;
  }

  /**
   * The value of a key, parsed by the key when the configuration was loaded.
   *
   * <p><b>Cost:</b> a map look-up.
   *
   * @param <T> the key's type
   * @param key a key of one of this configuration's schemas, not a per-SLO key (read those through
   *     {@link #slos()})
   * @return the value; empty when no source sets the key (its default is the reader's)
   * @throws IllegalArgumentException if no schema of this configuration declares {@code key}
   */
  public <T> Optional<T> get(ConfigSchema.Key<T> key) {
    Objects.requireNonNull(key, "key");
    if (known.global.get(key.name()) != key) {
      throw new IllegalArgumentException("key " + key.name() + " is not a global key of the"
          + " schemas of this configuration " + known.schemas);
    }
    @SuppressWarnings("unchecked") // parsed by key, whose parser returns a T
    T value = (T) values.get(key.name());
    return Optional.ofNullable(value);
  }

  /**
   * Gives the value of a key to a setter, if the key is set; a {@link ConfigException} the setter
   * throws (a builder's check under its short key) is rethrown naming the key and the value as
   * written. How the modules read their keys:
   *
   * <pre>{@code
   * config.ifSet(CLOSE_TIMEOUT, builder::closeTimeout);
   * // log.close-timeout must be between 0ms and 5m but was "10h"
   * }</pre>
   *
   * @param <T> the key's type
   * @param key a global key of one of this configuration's schemas
   * @param setter called with the value, only when the key is set
   * @throws ConfigException as the setter throws it, naming the key and the value as written
   * @throws IllegalArgumentException if no schema of this configuration declares {@code key}
   */
  public <T> void ifSet(ConfigSchema.Key<T> key, Consumer<? super T> setter) {
    Objects.requireNonNull(setter, "setter");
    Optional<T> value = get(key);
    if (value.isPresent()) {
      try {
        setter.accept(value.get());
      } catch (ConfigException e) {
        throw e.withKey(key.name(), properties.get(key.name()));
      }
    }
  }

  /**
   * Every key this configuration knows, the union of its schemas' keys, schema by schema: for a
   * reference, IDE metadata or a check that a document lists every key.
   *
   * @return the keys; unmodifiable
   */
  public List<ConfigSchema.Key<?>> keys() {
    return known.keys;
  }

  /** @return the configured SLOs, in name order */
  public List<SloSpec> slos() {
    return slos;
  }

  /** @return every setting after merging the sources, unprefixed, in key order; unmodifiable */
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public String toString() {
    return "Sre4jConfig" + properties;
  }

  // ---------------------------------------------------------------------------------- schemas

  /** The schemas of a configuration and their keys, by name (globals) and by field (per SLO). */
  private static final class Known {
    final List<ConfigSchema> schemas;
    final List<ConfigSchema.Key<?>> keys;
    final Map<String, ConfigSchema.Key<?>> global = new LinkedHashMap<>();
    final Map<String, ConfigSchema.Key<?>> sloFields = new LinkedHashMap<>();

    private Known(List<ConfigSchema> schemas) {
      this.schemas = schemas;
      Map<String, ConfigSchema> declaredBy = new HashMap<>();
      List<ConfigSchema.Key<?>> all = new ArrayList<>();
      for (ConfigSchema schema : schemas) {
        for (ConfigSchema.Key<?> key : schema.keys()) {
          ConfigSchema earlier = declaredBy.putIfAbsent(key.name(), schema);
          if (earlier != null) {
            throw new IllegalStateException("config key " + key.name() + " is declared by both "
                + earlier.getClass().getName() + " and " + schema.getClass().getName());
          }
          all.add(key);
          (key.perSlo() ? sloFields : global).put(key.field(), key);
        }
      }
      this.keys = List.copyOf(all);
    }

    static Known of(ConfigSchema... extra) {
      Map<String, ConfigSchema> byClass = new LinkedHashMap<>();
      for (ConfigSchema schema : ConfigSchema.installed()) {
        byClass.putIfAbsent(schema.getClass().getName(), schema);
      }
      for (ConfigSchema schema : Arrays.asList(extra)) {
        Objects.requireNonNull(schema, "schema");
        byClass.putIfAbsent(schema.getClass().getName(), schema);
      }
      return new Known(List.copyOf(byClass.values()));
    }
  }

  // ---------------------------------------------------------------------------------- sources

  private static Map<String, String> readConfigFile(String configFile) {
    Path path;
    try {
      path = Path.of(configFile.trim());
    } catch (InvalidPathException e) {
      throw ConfigValues.reject("config", "a readable file", configFile);
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw ConfigValues.reject("config", "a readable file", configFile);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw ConfigValues.reject("config", "a readable file", configFile);
    }
    return properties(bytes, "file " + configFile, "config", configFile);
  }

  /**
   * Parses a properties file, UTF-8 (a UTF-8 byte order mark is skipped) or else ISO-8859-1, and
   * strips {@code sre4j.} prefixes; a file that is neither (a UTF-16 or UTF-32 byte order mark, or
   * a NUL byte anywhere) and a key set twice are rejected.
   */
  private static Map<String, String> properties(
      byte[] bytes, String sourceName, String key, Object location) {
    String notText = notText(bytes);
    if (notText != null) {
      throw ConfigValues.reject(
          key, "a UTF-8 or ISO-8859-1 properties file (" + notText + ")", location);
    }
    int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
              .toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, StandardCharsets.ISO_8859_1);
    }
    Properties parsed = new Properties();
    try {
      parsed.load(new StringReader(text));
      rejectRepeatedKeys(text, sourceName);
    } catch (IOException | IllegalArgumentException e) {
      if (e instanceof ConfigException rejected) {
        throw rejected;
      }
      // StringReader does not throw IOException; Properties throws IAE on a bad \\uXXXX escape
      throw ConfigValues.reject(key, "a properties file (" + e.getMessage() + ")", location);
    }
    Map<String, String> out = new HashMap<>();
    for (String name : parsed.stringPropertyNames()) {
      out.put(name, parsed.getProperty(name));
    }
    return unprefixed(out, sourceName);
  }

  /**
   * Why the bytes are not a text file in UTF-8 or ISO-8859-1, or null: a UTF-16 or UTF-32 file
   * (as Windows editors save "Unicode" text) would otherwise read as keys of single letters and
   * NULs.
   */
  private static @Nullable String notText(byte[] bytes) {
    if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
      return "it starts with a UTF-32 byte order mark";
    }
    if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
      return "it starts with a UTF-16 byte order mark";
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return "it has a NUL byte at offset " + i + ", as UTF-16 text does";
      }
    }
    return null;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Rejects a key set on two lines of one file ({@link Properties} keeps the last silently),
   * naming both lines. Each logical line (a line and its backslash continuations, not a comment)
   * is parsed alone by {@link Properties}, so that keys are read exactly as the file is.
   */
  private static void rejectRepeatedKeys(String text, String sourceName) throws IOException {
    String[] lines = text.split("\\r\\n|\\r|\\n", -1);
    Map<String, Integer> firstLine = new HashMap<>();
    for (int i = 0; i < lines.length; i++) {
      int lineNumber = i + 1;
      String trimmed = lines[i].stripLeading();
      if (trimmed.isEmpty() || trimmed.charAt(0) == '#' || trimmed.charAt(0) == '!') {
        continue;
      }
      StringBuilder logical = new StringBuilder(lines[i]);
      while (endsWithOddBackslashes(lines[i]) && i + 1 < lines.length) {
        i++;
        logical.append('\n').append(lines[i]);
      }
      Properties one = new Properties();
      one.load(new StringReader(logical.toString()));
      for (String name : one.stringPropertyNames()) {
        Integer earlier = firstLine.putIfAbsent(name.trim(), lineNumber);
        if (earlier != null) {
          throw ConfigValues.rejectDescribed(
              name.trim(),
              "set once in " + sourceName,
              "set on lines " + earlier + " and " + lineNumber);
        }
      }
    }
  }

  private static boolean endsWithOddBackslashes(String line) {
    int count = 0;
    for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
      count++;
    }
    return count % 2 == 1;
  }

  /** Trims and strips a leading {@code sre4j.} from every key; a key given both ways fails. */
  private static Map<String, String> unprefixed(Map<String, String> in, String sourceName) {
    Map<String, String> out = new TreeMap<>();
    Map<String, String> writtenAs = new HashMap<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(in).entrySet()) {
      String written = Objects.requireNonNull(entry.getKey(), "key").trim();
      String value = Objects.requireNonNull(entry.getValue(), written).trim();
      String key = written.startsWith(PREFIX) ? written.substring(PREFIX.length()) : written;
      String earlier = writtenAs.putIfAbsent(key, written);
      if (earlier != null) {
        throw ConfigValues.rejectDescribed(
            key, "set once in " + sourceName, "set as both " + earlier + " and " + written);
      }
      out.put(key, value);
    }
    return out;
  }

  /** Maps {@code SRE4J_*} variables to keys; see the class documentation. */
  private static Map<String, String> fromEnvironment(
      Map<String, String> environment, List<String> definedSloNames, Known known) {
    Map<String, String> out = new TreeMap<>();
    Map<String, String> setBy = new HashMap<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(environment).entrySet()) {
      String variable = entry.getKey();
      if (!variable.toUpperCase(Locale.ROOT).startsWith(ENV_PREFIX)) {
        continue;
      }
      String rest = normalise(variable.substring(ENV_PREFIX.length()));
      if (rest.equals("CONFIG")) {
        continue;
      }
      String value = entry.getValue().trim();
      String key = environmentKey(variable, rest, value, definedSloNames, known);
      String earlier = setBy.putIfAbsent(key, variable);
      if (earlier != null) {
        throw ConfigValues.rejectDescribed(
            key, "set once in the environment", "set by both " + earlier + " and " + variable);
      }
      out.put(key, value);
    }
    return out;
  }

  private static String environmentKey(
      String variable, String rest, String value, List<String> definedSloNames, Known known) {
    for (String key : known.global.keySet()) {
      if (normalise(key).equals(rest)) {
        return key;
      }
    }
    if (rest.startsWith("SLO_")) {
      String nameAndField = rest.substring("SLO_".length());
      String field = null;
      for (String candidate : known.sloFields.keySet()) {
        String suffix = "_" + normalise(candidate);
        if (nameAndField.endsWith(suffix)
            && nameAndField.length() > suffix.length()
            && (field == null || candidate.length() > field.length())) {
          field = candidate;
        }
      }
      if (field != null) {
        String name =
            nameAndField.substring(0, nameAndField.length() - normalise(field).length() - 1);
        List<String> defined =
            definedSloNames.stream().filter(n -> normalise(n).equals(name)).toList();
        if (defined.size() > 1) {
          throw ConfigValues.rejectDescribed(
              variable,
              "the name of one SLO",
              "ambiguous between " + String.join(" and ", defined));
        }
        String sloName =
            defined.isEmpty() ? name.toLowerCase(Locale.ROOT).replace('_', '-') : defined.get(0);
        return SLO_PREFIX + sloName + "." + field;
      }
    }
    throw unknown(variable, value);
  }

  /**
   * Rejects two SLO names that differ only in case, {@code -} and {@code _}, such as {@code
   * Checkout} and {@code checkout}: an {@code SRE4J_SLO_CHECKOUT_*} variable could mean either.
   */
  private static void rejectSimilarSloNames(Iterable<String> names) {
    Map<String, String> byNormalised = new HashMap<>();
    for (String name : names) {
      String earlier = byNormalised.putIfAbsent(normalise(name), name);
      if (earlier != null) {
        throw ConfigValues.rejectDescribed(
            "slo names",
            "distinct ignoring case, - and _ (as SRE4J_SLO_<NAME>_<FIELD> variables read them)",
            "slo." + earlier + ".* and slo." + name + ".*");
      }
    }
  }

  private static String normalise(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  private static List<String> sloNames(Iterable<String> keys) {
    TreeSet<String> names = new TreeSet<>();
    for (String key : keys) {
      int dot = key.lastIndexOf('.');
      if (key.startsWith(SLO_PREFIX) && dot > SLO_PREFIX.length()) {
        names.add(key.substring(SLO_PREFIX.length(), dot));
      }
    }
    return List.copyOf(names);
  }

  private static ConfigException unknown(String key, String value) {
    return ConfigValues.reject(key, "a known sre4j setting", key + "=" + value);
  }

  // ---------------------------------------------------------------------------------- globals

  /**
   * The registry's setters for the registry's globals that are set, each tried on a scratch builder
   * so that its range is checked now; other schemas' keys are left to them.
   */
  private static List<Consumer<SloRegistry.Builder>> parseGlobals(
      Map<String, String> global, Map<String, Object> parsed) {
    // a builder starts no thread until build()
    SloRegistry.Builder scratch = SloRegistry.builder();
    List<Consumer<SloRegistry.Builder>> setters = new ArrayList<>();
    global.forEach(
        (key, raw) -> {
          Consumer<SloRegistry.Builder> setter =
              registrySetter(key, Objects.requireNonNull(parsed.get(key)));
          if (setter == null) {
            return; // another schema's key
          }
          try {
            setter.accept(scratch);
          } catch (ConfigException e) {
            throw e.withKey(key, raw);
          }
          setters.add(setter);
        });
    return setters;
  }

  @SuppressWarnings("unchecked") // each value was parsed by the key of its name
  private static @Nullable Consumer<SloRegistry.Builder> registrySetter(
      String key, Object value) {
    return switch (key) {
      case "service" -> b -> b.service((String) value);
      case "interval" -> b -> b.interval((Duration) value);
      case "trend-intervals" -> b -> b.trendIntervals((Integer) value);
      case "latency-bands" -> {
        List<Duration> bands = (List<Duration>) value;
        yield b -> b.latencyBands(bands.get(0), bands.get(1));
      }
      case "metrics.latency-buckets" -> b -> b.latencyBuckets((List<Duration>) value);
      case "max-endpoints" -> b -> b.maxEndpoints((Integer) value);
      case "tick" -> b -> b.tick((Duration) value);
      case "alert.rules" -> b -> b.alertRules((List<AlertRule>) value);
      case "alert.min-events" -> b -> b.minAlertEvents((Long) value);
      case "alert.evaluation" -> b -> b.alertEvaluation((Duration) value);
      case "alert.keep-firing-for" -> b -> b.keepFiringFor((Duration) value);
      case "policy.at-risk" -> b -> b.atRiskThreshold((Double) value);
      case "policy.review-required" -> b -> b.reviewRequired((Boolean) value);
      case "deployment.rollback-period" -> b -> b.rollbackPeriod((Duration) value);
      case "maintenance.strict" -> b -> b.strictMaintenance((Boolean) value);
      case "state.file" -> b -> b.stateFile((java.nio.file.Path) value);
      case "state.flush" -> b -> b.stateFlush((Duration) value);
      case "gate.prometheus-url" -> b -> b.prometheusGate((java.net.URI) value);
      case "gate.prometheus-cache" -> b -> b.prometheusGateCache((Duration) value);
      case "gate.prometheus-timeout" -> b -> b.prometheusGateTimeout((Duration) value);
      case "gate.prometheus-token-file" -> b -> b.prometheusGateTokenFile((java.nio.file.Path) value);
      case "alert.alertmanager" -> b -> b.alertmanagers((List<java.net.URI>) value);
      case "alert.webhook" -> b -> b.alertWebhook((java.net.URI) value);
      case "alert.webhook.token-file" -> b -> b.alertWebhookTokenFile((java.nio.file.Path) value);
      case "alert.labels" -> b -> b.alertLabels((Map<String, String>) value);
      case "alert.runbook" -> b -> b.alertRunbook((String) value);
      case "alert.resend" -> b -> b.alertResend((Duration) value);
      case "alert.retry-for" -> b -> b.alertRetryFor((Duration) value);
      default -> null;
    };
  }

  // ---------------------------------------------------------------------------------- SLOs

  /** The parsed value of a field, or null when unset. */
  private static <T> @Nullable T field(
      String name, Map<String, String> fields, ConfigSchema.Key<T> key) {
    String raw = fields.get(key.field());
    return raw == null ? null : key.parse(SloSpec.key(name, key.field()), raw);
  }

  private static SloSpec parseSlo(String name, Map<String, String> fields) {
    String firstKey = SloSpec.key(name, fields.keySet().iterator().next());
    // checks the name with SloSpec's own rule, before any field is read
    try {
      SloSpec.builder(name).build();
    } catch (ConfigException e) {
      throw e.restated(firstKey, "under an SLO name of ", name);
    }
    SloSpec.Builder spec = SloSpec.builder(name);
    spec.sli(sli(name, fields));
    Double objective = field(name, fields, CoreConfigSchema.OBJECTIVE);
    if (objective != null) {
      if (!(objective > 0.0 && objective < 1.0)) {
        throw ConfigValues.reject(SloSpec.key(name, "objective"), "in (0,1)",
            Objects.requireNonNull(fields.get("objective")));
      }
      spec.objective(objective);
    }
    spec.window(window(name, fields));
    spec.budgeting(budgeting(name, fields));
    spec.endpoints(endpoints(name, fields));
    List<String> bad = field(name, fields, CoreConfigSchema.BAD_STATUSES);
    List<String> excluded = field(name, fields, CoreConfigSchema.EXCLUDED_STATUSES);
    spec.classifier(
        nested(name, fields, () -> new StatusClassifier(
            bad == null ? List.of("5xx") : bad, excluded == null ? List.of() : excluded)));
    return nested(name, fields, spec::build);
  }

  private static Sli sli(String name, Map<String, String> fields) {
    String kind = field(name, fields, CoreConfigSchema.SLI);
    if (kind == null || kind.equals("availability")) {
      for (String field : List.of("threshold", "judge-failures")) {
        if (fields.containsKey(field)) {
          throw ConfigValues.reject(
              SloSpec.key(name, field),
              "unset unless " + SloSpec.key(name, "sli") + " is latency",
              fields.get(field));
        }
      }
      return Sli.availability();
    }
    Duration threshold = field(name, fields, CoreConfigSchema.THRESHOLD);
    if (threshold == null) {
      throw ConfigValues.rejectDescribed(
          SloSpec.key(name, "threshold"),
          "set when " + SloSpec.key(name, "sli") + " is latency",
          "unset");
    }
    Boolean judge = field(name, fields, CoreConfigSchema.JUDGE_FAILURES);
    boolean judgeFailures = judge != null && judge;
    return nested(name, fields, () -> new Sli.Latency(threshold, judgeFailures));
  }

  private static SloWindow window(String name, Map<String, String> fields) {
    String key = SloSpec.key(name, "window");
    String window = field(name, fields, CoreConfigSchema.WINDOW);
    ZoneId zone = field(name, fields, CoreConfigSchema.TIME_ZONE);
    if ("month".equals(window) || "week".equals(window)) {
      ZoneId zoneId = zone == null ? ZoneOffset.UTC : zone;
      return "month".equals(window)
          ? SloWindow.calendarMonth(zoneId)
          : SloWindow.calendarWeek(zoneId);
    }
    if (zone != null) {
      throw ConfigValues.reject(
          SloSpec.key(name, "time-zone"), "unset unless " + key + " is month or week",
          Objects.requireNonNull(fields.get("time-zone")));
    }
    if (window == null) {
      return SloWindow.rolling(Duration.ofDays(30));
    }
    Duration length = ConfigValues.parseDuration(key, window);
    return nested(name, fields, () -> SloWindow.rolling(length));
  }

  private static Budgeting budgeting(String name, Map<String, String> fields) {
    String budgeting = field(name, fields, CoreConfigSchema.BUDGETING);
    String key = SloSpec.key(name, "budgeting");
    if (budgeting == null || budgeting.equals("occurrences")) {
      for (String field : List.of("slice", "slice-target")) {
        if (fields.containsKey(field)) {
          throw ConfigValues.reject(
              SloSpec.key(name, field),
              "unset unless " + key + " is timeslices",
              fields.get(field));
        }
      }
      return Budgeting.occurrences();
    }
    Duration slice = field(name, fields, CoreConfigSchema.SLICE);
    Double target = field(name, fields, CoreConfigSchema.SLICE_TARGET);
    Duration sliceLength = slice == null ? Duration.ofMinutes(1) : slice;
    double sliceTarget = target == null ? 0.99 : target;
    return nested(name, fields, () -> Budgeting.timeslices(sliceLength, sliceTarget));
  }

  private static EndpointSelector endpoints(String name, Map<String, String> fields) {
    List<String> routes = field(name, fields, CoreConfigSchema.ROUTES);
    List<String> methods = field(name, fields, CoreConfigSchema.METHODS);
    List<String> excluded = field(name, fields, CoreConfigSchema.EXCLUDE);
    String unmatched = field(name, fields, CoreConfigSchema.UNMATCHED);
    return nested(name, fields, () -> new EndpointSelector(
        routes == null ? List.of("/**") : routes,
        new LinkedHashSet<>(methods == null ? List.of() : methods),
        excluded == null ? List.of() : excluded,
        "include".equals(unmatched)));
  }

  /**
   * Runs a constructor of a part of SLO {@code name}; a {@link ConfigException} it throws under a
   * field's short key ({@code window}) or full key ({@code slo.<name>.slice}) is restated with the
   * full key and the value as written, except for list fields, whose rejected element is kept.
   */
  private static <T> T nested(String name, Map<String, String> fields, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (ConfigException e) {
      String ownPrefix = SloSpec.key(name, "");
      String field = e.key().startsWith(ownPrefix) ? e.key().substring(ownPrefix.length()) : e.key();
      ConfigSchema.Key<?> key = CoreConfigSchema.INSTANCE.sloField(field);
      if (key == null) {
        throw e;
      }
      String written = key.type().equals("list") ? null : fields.get(field);
      throw e.withKey(SloSpec.key(name, field), written);
    }
  }
}
