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
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Registry settings and SLOs read from properties: a classpath file, a file named by a system
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
 * <p><b>Keys.</b> Global: {@code service}, {@code interval} (duration), {@code trend-intervals}
 * (integer), {@code latency-bands} (two durations, {@code 400ms,800ms}), {@code max-endpoints}
 * (integer), {@code tick} (duration), {@code alert.rules} ({@code page:1h/5m:14.4,...}),
 * {@code alert.min-events} (integer), {@code alert.evaluation} (duration), {@code policy.at-risk}
 * (ratio), {@code deployment.rollback-period} (duration), {@code maintenance.strict} (boolean);
 * unset globals keep the builder's value. Per SLO, under
 * {@code slo.<name>.}: {@code sli} ({@code availability}, the default, or {@code latency}),
 * {@code objective} ({@code 99.9%} or {@code 0.999}; 99.9 % by default), {@code threshold}
 * (duration; required for latency, rejected for availability), {@code judge-failures} (boolean,
 * latency only), {@code window} ({@code 30d}, the default, or any duration, for a rolling window;
 * {@code month} or {@code week} for a calendar one), {@code time-zone} (calendar windows only; UTC
 * by default), {@code budgeting} ({@code occurrences}, the default, or {@code timeslices}),
 * {@code slice} (1m by default) and {@code slice-target} (99% by default) for time slices,
 * {@code routes} (comma-separated route patterns; {@code /**} by default), {@code methods}
 * (comma-separated; every method by default), {@code exclude} (comma-separated route patterns),
 * {@code bad-statuses} ({@code 5xx} by default) and {@code excluded-statuses} (none by default).
 * Durations are written {@code 800ms}, {@code 5m}, {@code 30d} or {@code PT5M}.
 *
 * <p><b>Adapter keys</b> are accepted and kept in {@link #properties()} unparsed, for the adapter
 * that reads and checks them: {@code enabled}, {@code servlet.*} (the servlet adapter's routes,
 * route cap and endpoints) and {@code log.*} (the structured log).
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
 * configuration fails before anything runs, with an {@link IllegalArgumentException} shaped {@code
 * "<key> must be <rule> but was <value>"} that names the full key and the value as written, such as
 * {@code slo.checkout.objective must be in (0,1) but was 1.5}. Unknown keys fail too, as do
 * {@code SRE4J_} variables that name no key. A source is only the final value of each key: a bad
 * value overridden by a later source is never parsed.
 *
 * <p><b>Thread safety:</b> immutable. {@link #load()} reads the system properties and the
 * environment once, when called.
 *
 * <p><b>Cost:</b> loading reads the files and parses every value once; {@link #applyTo} only sets
 * the parsed values. Nothing is cached across loads.
 *
 * @since 0.1
 */
public final class Sre4jConfig {

  /** The classpath resource read first: {@value}. */
  public static final String CLASSPATH_RESOURCE = "sre4j.properties";

  /** The system property naming a properties file: {@value}. */
  public static final String CONFIG_PROPERTY = "sre4j.config";

  private static final String PREFIX = "sre4j.";
  private static final String ENV_PREFIX = "SRE4J_";
  private static final String SLO_PREFIX = "slo.";

  private static final List<String> GLOBAL_KEYS =
      List.of("service", "interval", "trend-intervals", "latency-bands", "max-endpoints", "tick",
          "alert.rules", "alert.min-events", "alert.evaluation", "policy.at-risk",
          "deployment.rollback-period", "maintenance.strict");

  /**
   * Keys read by the adapters, not by the registry: kept in {@link #properties()} for the adapter
   * that reads them, which checks their values ({@code enabled} and {@code servlet.*}: the servlet
   * adapter's {@code ServletSettings}; {@code log.*}: {@link
   * io.sre4j.core.log.StructuredLog.Builder#config}).
   */
  static final List<String> ADAPTER_KEYS = adapterKeys();

  private static List<String> adapterKeys() {
    List<String> keys = new ArrayList<>(List.of("enabled", "servlet.routes", "servlet.max-routes",
        "servlet.endpoints", "servlet.prefix", "servlet.token", "servlet.gate-slos"));
    keys.addAll(io.sre4j.core.log.StructuredLog.Builder.KEYS);
    return List.copyOf(keys);
  }

  private static final List<String> SLO_FIELDS =
      List.of(
          "sli",
          "objective",
          "threshold",
          "judge-failures",
          "window",
          "time-zone",
          "budgeting",
          "slice",
          "slice-target",
          "routes",
          "methods",
          "exclude",
          "bad-statuses",
          "excluded-statuses");

  private final Map<String, String> properties;
  private final List<Consumer<SloRegistry.Builder>> globals;
  private final List<SloSpec> slos;

  private Sre4jConfig(Map<String, String> merged) {
    this.properties = Collections.unmodifiableMap(new TreeMap<>(merged));
    Map<String, String> global = new TreeMap<>();
    Map<String, Map<String, String>> sloFields = new TreeMap<>();
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      String key = entry.getKey();
      if (GLOBAL_KEYS.contains(key)) {
        global.put(key, entry.getValue());
      } else if (ADAPTER_KEYS.contains(key)) {
        continue; // kept in properties() for the adapter that reads it
      } else if (key.startsWith(SLO_PREFIX)
          && key.lastIndexOf('.') >= SLO_PREFIX.length()
          && SLO_FIELDS.contains(key.substring(key.lastIndexOf('.') + 1))) {
        int dot = key.lastIndexOf('.');
        sloFields
            .computeIfAbsent(key.substring(SLO_PREFIX.length(), dot), name -> new TreeMap<>())
            .put(key.substring(dot + 1), entry.getValue());
      } else {
        throw unknown(key, entry.getValue());
      }
    }
    this.globals = List.copyOf(parseGlobals(global));
    List<SloSpec> specs = new ArrayList<>();
    sloFields.forEach((name, fields) -> specs.add(parseSlo(name, fields)));
    this.slos = List.copyOf(specs);
  }

  /**
   * Reads every source: {@code sre4j.properties} on the classpath, the file named by {@code
   * -Dsre4j.config}, {@code sre4j.*} system properties and {@code SRE4J_*} environment variables,
   * later ones winning.
   *
   * @return the parsed configuration; empty when no source sets anything
   * @throws IllegalArgumentException if {@code sre4j.config} names no readable file, or any key is
   *     unknown or any value bad; the message names the key and the value
   * @throws UncheckedIOException if {@code sre4j.properties} is on the classpath but cannot be read
   */
  public static Sre4jConfig load() {
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
    return load(loader, systemProperties, System.getenv());
  }

  /**
   * {@link #load()} with the sources given, for tests and embedding.
   *
   * @param classLoader where to look for {@code sre4j.properties}
   * @param systemProperties every system property, prefixed or not; {@code sre4j.config} names a
   *     file
   * @param environment every environment variable, prefixed or not
   * @return the parsed configuration
   */
  static Sre4jConfig load(
      ClassLoader classLoader,
      Map<String, String> systemProperties,
      Map<String, String> environment) {
    Objects.requireNonNull(classLoader, "classLoader");
    Objects.requireNonNull(systemProperties, "systemProperties");
    Objects.requireNonNull(environment, "environment");
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
    merged.putAll(fromEnvironment(environment, sloNames(merged.keySet())));
    return new Sre4jConfig(merged);
  }

  /**
   * Reads one properties file and nothing else (no class path, system properties or environment),
   * as the file named by {@code -Dsre4j.config} is read: UTF-8, or ISO-8859-1 when it is not valid
   * UTF-8; keys with or without the {@code sre4j.} prefix. For tools whose result must depend on
   * the file alone, such as a replay.
   *
   * @param file the file
   * @return the parsed configuration
   * @throws IllegalArgumentException if the file cannot be read ({@code config must be a readable
   *     file but was <file>}) or is not a properties file, or if any key is unknown or any value bad
   */
  public static Sre4jConfig fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    return new Sre4jConfig(readConfigFile(file.toString()));
  }

  /**
   * Parses a plain map of settings, keyed as in a file: {@code service}, {@code
   * slo.checkout.objective}; a leading {@code sre4j.} is stripped.
   *
   * @param properties the settings
   * @return the parsed configuration
   * @throws IllegalArgumentException if any key is unknown or any value bad, or a key is given both
   *     with and without the {@code sre4j.} prefix; the message names the key and the value
   */
  public static Sre4jConfig from(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    return new Sre4jConfig(unprefixed(properties, "the map"));
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
   * A structured-log builder set from this configuration: the {@code log.*} keys and the registry's
   * {@code service}, so that access lines name the same service as the report lines of a registry
   * built by {@link #applyTo}. Settings the configuration leaves unset keep the log's defaults;
   * the builder may be changed further before {@code build()}.
   *
   * <pre>{@code
   * Sre4jConfig config = Sre4jConfig.load();
   * StructuredLog log = config.logBuilder().build();
   * SloRegistry registry = config.applyTo(SloRegistry.builder()).listener(log).build();
   * }</pre>
   *
   * @return a new builder; equivalent to {@code StructuredLog.builder().config(properties())}
   * @throws IllegalArgumentException if a {@code log.*} key is unknown or its value bad, naming the
   *     key and the value
   */
  public io.sre4j.core.log.StructuredLog.Builder logBuilder() {
    return io.sre4j.core.log.StructuredLog.builder().config(properties);
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

  /** Parses a properties file, UTF-8 or else ISO-8859-1, and strips {@code sre4j.} prefixes. */
  private static Map<String, String> properties(
      byte[] bytes, String sourceName, String key, Object location) {
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
    Properties parsed = new Properties();
    try {
      parsed.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      // StringReader does not throw IOException; Properties throws IAE on a bad \\uXXXX escape
      throw ConfigValues.reject(key, "a properties file (" + e.getMessage() + ")", location);
    }
    Map<String, String> out = new HashMap<>();
    for (String name : parsed.stringPropertyNames()) {
      out.put(name, parsed.getProperty(name));
    }
    return unprefixed(out, sourceName);
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
        throw ConfigValues.reject(
            key, "set once in " + sourceName, "set as both " + earlier + " and " + written);
      }
      out.put(key, value);
    }
    return out;
  }

  /** Maps {@code SRE4J_*} variables to keys; see the class documentation. */
  private static Map<String, String> fromEnvironment(
      Map<String, String> environment, List<String> definedSloNames) {
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
      String key = environmentKey(variable, rest, value, definedSloNames);
      String earlier = setBy.putIfAbsent(key, variable);
      if (earlier != null) {
        throw ConfigValues.reject(
            key, "set once in the environment", "set by both " + earlier + " and " + variable);
      }
      out.put(key, value);
    }
    return out;
  }

  private static String environmentKey(
      String variable, String rest, String value, List<String> definedSloNames) {
    for (String key : GLOBAL_KEYS) {
      if (normalise(key).equals(rest)) {
        return key;
      }
    }
    for (String key : ADAPTER_KEYS) {
      if (normalise(key).equals(rest)) {
        return key;
      }
    }
    if (rest.startsWith("SLO_")) {
      String nameAndField = rest.substring("SLO_".length());
      String field = null;
      for (String candidate : SLO_FIELDS) {
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
          throw ConfigValues.reject(
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

  private static IllegalArgumentException unknown(String key, String value) {
    return ConfigValues.reject(key, "a known sre4j setting", key + "=" + value);
  }

  // ---------------------------------------------------------------------------------- globals

  private static List<Consumer<SloRegistry.Builder>> parseGlobals(Map<String, String> global) {
    // validates each value; a builder starts no thread until build()
    SloRegistry.Builder scratch = SloRegistry.builder();
    List<Consumer<SloRegistry.Builder>> setters = new ArrayList<>();
    global.forEach(
        (key, raw) -> {
          Consumer<SloRegistry.Builder> setter =
              switch (key) {
                case "service" -> b -> b.service(raw);
                case "interval" -> {
                  Duration interval = ConfigValues.parseDuration(key, raw);
                  yield b -> b.interval(interval);
                }
                case "trend-intervals" -> {
                  int count = ConfigValues.parseInt(key, raw);
                  yield b -> b.trendIntervals(count);
                }
                case "latency-bands" -> {
                  Duration[] bands = latencyBands(key, raw);
                  yield b -> b.latencyBands(bands[0], bands[1]);
                }
                case "max-endpoints" -> {
                  int max = ConfigValues.parseInt(key, raw);
                  yield b -> b.maxEndpoints(max);
                }
                case "alert.rules" -> {
                  List<AlertRule> rules = AlertRule.parse(key, raw);
                  yield b -> b.alertRules(rules);
                }
                case "alert.min-events" -> {
                  long min = ConfigValues.parseLong(key, raw);
                  yield b -> b.minAlertEvents(min);
                }
                case "alert.evaluation" -> {
                  Duration period = ConfigValues.parseDuration(key, raw);
                  yield b -> b.alertEvaluation(period);
                }
                case "policy.at-risk" -> {
                  double threshold = ConfigValues.parseRatio(key, raw);
                  yield b -> b.atRiskThreshold(threshold);
                }
                case "deployment.rollback-period" -> {
                  Duration period = ConfigValues.parseDuration(key, raw);
                  yield b -> b.rollbackPeriod(period);
                }
                case "maintenance.strict" -> {
                  boolean strict = ConfigValues.parseBoolean(key, raw);
                  yield b -> b.strictMaintenance(strict);
                }
                default -> { // "tick"
                  Duration period = ConfigValues.parseDuration(key, raw);
                  yield b -> b.tick(period);
                }
              };
          checked(() -> {
            setter.accept(scratch);
            return null;
          }, new Raw(key, key, raw));
          setters.add(setter);
        });
    return setters;
  }

  private static Duration[] latencyBands(String key, String raw) {
    String[] parts = raw.split(",", -1);
    try {
      if (parts.length == 2) {
        return new Duration[] {
          ConfigValues.parseDuration(key, parts[0]), ConfigValues.parseDuration(key, parts[1])
        };
      }
    } catch (IllegalArgumentException e) {
      // falls through to the message about the whole value
    }
    throw ConfigValues.reject(key, "two durations such as 400ms,800ms", raw);
  }

  // ---------------------------------------------------------------------------------- SLOs

  private static SloSpec parseSlo(String name, Map<String, String> fields) {
    String firstKey = SloSpec.key(name, fields.keySet().iterator().next());
    // checks the name with SloSpec's own rule, before any field is read
    checked(
        () -> SloSpec.builder(name).build(),
        new Raw("slo name", firstKey, name, "under an SLO name of "));
    SloSpec.Builder spec = SloSpec.builder(name);
    spec.sli(sli(name, fields));
    String objective = fields.get("objective");
    if (objective != null) {
      String key = SloSpec.key(name, "objective");
      double ratio = ConfigValues.parseRatio(key, objective);
      if (!(ratio > 0.0 && ratio < 1.0)) {
        throw ConfigValues.reject(key, "in (0,1)", objective);
      }
      spec.objective(ratio);
    }
    spec.window(window(name, fields));
    spec.budgeting(budgeting(name, fields));
    spec.endpoints(endpoints(name, fields));
    spec.classifier(
        checked(
            () ->
                StatusClassifier.of(
                    fields.getOrDefault("bad-statuses", "5xx"),
                    fields.getOrDefault("excluded-statuses", "")),
            Raw.element("bad-statuses", SloSpec.key(name, "bad-statuses")),
            Raw.element("excluded-statuses", SloSpec.key(name, "excluded-statuses"))));
    return checked(
        spec::build,
        new Raw(SloSpec.key(name, "slice"), SloSpec.key(name, "slice"), fields.get("slice")));
  }

  private static Sli sli(String name, Map<String, String> fields) {
    String kind = fields.getOrDefault("sli", "availability");
    String thresholdKey = SloSpec.key(name, "threshold");
    String judgeKey = SloSpec.key(name, "judge-failures");
    switch (kind.toLowerCase(Locale.ROOT)) {
      case "availability" -> {
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
      case "latency" -> {
        String threshold = fields.get("threshold");
        if (threshold == null) {
          throw ConfigValues.reject(
              thresholdKey, "set when " + SloSpec.key(name, "sli") + " is latency", "unset");
        }
        Duration parsed = ConfigValues.parseDuration(thresholdKey, threshold);
        String judge = fields.get("judge-failures");
        boolean judgeFailures = judge != null && ConfigValues.parseBoolean(judgeKey, judge);
        return checked(
            () -> new Sli.Latency(parsed, judgeFailures),
            new Raw("threshold", thresholdKey, threshold));
      }
      default ->
          throw ConfigValues.reject(SloSpec.key(name, "sli"), "availability or latency", kind);
    }
  }

  private static SloWindow window(String name, Map<String, String> fields) {
    String key = SloSpec.key(name, "window");
    String window = fields.getOrDefault("window", "30d");
    String zone = fields.get("time-zone");
    String zoneKey = SloSpec.key(name, "time-zone");
    String lower = window.toLowerCase(Locale.ROOT);
    if (lower.equals("month") || lower.equals("week")) {
      ZoneId zoneId = ZoneOffset.UTC;
      if (zone != null) {
        try {
          zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
          throw ConfigValues.reject(zoneKey, "a time zone such as UTC or Europe/Paris", zone);
        }
      }
      return lower.equals("month")
          ? SloWindow.calendarMonth(zoneId)
          : SloWindow.calendarWeek(zoneId);
    }
    Duration length;
    try {
      length = ConfigValues.parseDuration(key, window);
    } catch (IllegalArgumentException e) {
      throw ConfigValues.reject(key, "a duration such as 30d, or month or week", window);
    }
    if (zone != null) {
      throw ConfigValues.reject(zoneKey, "unset unless " + key + " is month or week", zone);
    }
    return checked(() -> SloWindow.rolling(length), new Raw("window", key, window));
  }

  private static Budgeting budgeting(String name, Map<String, String> fields) {
    String budgeting = fields.getOrDefault("budgeting", "occurrences");
    String key = SloSpec.key(name, "budgeting");
    switch (budgeting.toLowerCase(Locale.ROOT)) {
      case "occurrences" -> {
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
      case "timeslices" -> {
        String sliceKey = SloSpec.key(name, "slice");
        String targetKey = SloSpec.key(name, "slice-target");
        String slice = fields.get("slice");
        String target = fields.get("slice-target");
        Duration sliceLength =
            slice == null ? Duration.ofMinutes(1) : ConfigValues.parseDuration(sliceKey, slice);
        double sliceTarget = target == null ? 0.99 : ConfigValues.parseRatio(targetKey, target);
        return checked(
            () -> Budgeting.timeslices(sliceLength, sliceTarget),
            new Raw("slice", sliceKey, slice),
            new Raw("slice-target", targetKey, target));
      }
      default -> throw ConfigValues.reject(key, "occurrences or timeslices", budgeting);
    }
  }

  private static EndpointSelector endpoints(String name, Map<String, String> fields) {
    List<String> routes = split(fields.getOrDefault("routes", "/**"));
    List<String> methods = split(fields.getOrDefault("methods", ""));
    List<String> excluded = split(fields.getOrDefault("exclude", ""));
    return checked(
        () -> new EndpointSelector(routes, new LinkedHashSet<>(methods), excluded),
        Raw.element("routes", SloSpec.key(name, "routes")),
        Raw.element("methods", SloSpec.key(name, "methods")),
        Raw.element("exclude", SloSpec.key(name, "exclude")));
  }

  private static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------- messages

  /**
   * How to restate a nested constructor's message, {@code "<shortKey> must be <rule> but was <x>"}:
   * as {@code "<fullKey> must be <rulePrefix><rule> but was <raw>"}, keeping {@code <x>} when
   * {@code raw} is null (list elements, defaults).
   */
  private record Raw(String shortKey, String fullKey, @Nullable String raw, String rulePrefix) {
    Raw(String shortKey, String fullKey, @Nullable String raw) {
      this(shortKey, fullKey, raw, "");
    }

    static Raw element(String shortKey, String fullKey) {
      return new Raw(shortKey, fullKey, null, "");
    }
  }

  /** Runs a constructor, restating its rejection with the full key and the value as written. */
  private static <T> T checked(Supplier<T> constructor, Raw... keys) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      for (Raw key : keys) {
        String head = key.shortKey() + " must be ";
        int but = message.indexOf(" but was ", head.length());
        if (message.startsWith(head) && but >= 0) {
          String rule = message.substring(head.length(), but);
          String value =
              key.raw() != null ? key.raw() : message.substring(but + " but was ".length());
          throw ConfigValues.reject(key.fullKey(), key.rulePrefix() + rule, value);
        }
      }
      throw e;
    }
  }
}
