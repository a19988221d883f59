package io.sre4j.spring.boot;

import io.sre4j.core.ConfigException;
import io.sre4j.core.ConfigSchema;
import io.sre4j.core.Sre4jConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Builds a {@link Sre4jConfig} from the {@code sre4j.*} entries of Spring's {@link Environment},
 * with the keys, defaults and checks of {@code sre4j.properties}.
 *
 * <p>Every enumerable property source is read, highest precedence first, and each name is mapped
 * to its canonical key the way Boot's relaxed binding does: {@code sre4j.maxEndpoints}, {@code
 * sre4j.max_endpoints} and {@code sre4j.max-endpoints} are {@code max-endpoints}; list items
 * ({@code sre4j.servlet.routes[0]}, as YAML lists become) are joined with commas; environment
 * variables {@code SRE4J_*} are mapped as {@link Sre4jConfig} maps them ({@code
 * SRE4J_SLO_CHECKOUT_OBJECTIVE} is {@code slo.checkout.objective}: the longest known SLO field
 * ends the name, the SLO name is an SLO of that normalised name defined elsewhere, else it
 * lower-cased with {@code _} turned to {@code -}). A key set by several sources takes the value of
 * the first. A key that is no known setting fails, naming it as written.
 *
 * <p>Under Boot, every SLO also excludes the Actuator's base path and the error path (see {@link
 * #bootExcludes(Environment)}).
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> one pass over the property names, at start-up.
 */
final class EnvironmentConfig {

  static final String PREFIX = "sre4j.";
  private static final String ENV_PREFIX = "SRE4J_";
  private static final String SLO = "slo.";
  private static final Pattern INDEXED = Pattern.compile("(.*)\\[(\\d+)\\]");

  private EnvironmentConfig() {}

  /**
   * Reads the configuration.
   *
   * @param environment Spring's environment
   * @return the configuration, every SLO excluding {@link #bootExcludes}
   * @throws ConfigException if a key is unknown or a value bad; the message names the key
   */
  static Sre4jConfig load(ConfigurableEnvironment environment) {
    Map<String, String> properties = properties(environment);
    return Sre4jConfig.from(withExcludes(properties, bootExcludes(environment)));
  }

  /** The canonical keys and their values, before the Boot excludes. */
  static Map<String, String> properties(ConfigurableEnvironment environment) {
    List<ConfigSchema.Key<?>> keys = allKeys();
    Map<String, String> out = new TreeMap<>();
    // canonical key -> values written in one source (a list has several)
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
        continue;
      }
      Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
      Map<String, String> scalars = new LinkedHashMap<>();
      List<String[]> environmentVariables = new ArrayList<>();
      for (String name : enumerable.getPropertyNames()) {
        Object raw = enumerable.getProperty(name);
        if (raw == null) {
          continue;
        }
        String value = environment.resolvePlaceholders(String.valueOf(raw));
        if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
          String rest = name.substring(PREFIX.length());
          Matcher indexed = INDEXED.matcher(rest);
          if (indexed.matches()) {
            String key = canonical(indexed.group(1), name, value, keys);
            lists.computeIfAbsent(key, k -> new TreeMap<>())
                .put(Integer.valueOf(indexed.group(2)), value);
          } else if (!kebab(rest).equals("config")) { // -Dsre4j.config names a file for the
            scalars.put(canonical(rest, name, value, keys), value); // plain loader: not read here
          }
        } else if (name.regionMatches(true, 0, ENV_PREFIX, 0, ENV_PREFIX.length())
            && name.indexOf('.') < 0) {
          environmentVariables.add(new String[] {name, value});
        }
      }
      for (Map.Entry<String, TreeMap<Integer, String>> list : lists.entrySet()) {
        if (!scalars.containsKey(list.getKey())) {
          scalars.put(list.getKey(), String.join(",", list.getValue().values()));
        }
      }
      scalars.forEach(out::putIfAbsent);
      List<String> sloNames = sloNames(out);
      for (String[] variable : environmentVariables) {
        String key = environmentKey(variable[0], variable[1], sloNames, keys);
        if (key != null) {
          out.putIfAbsent(key, variable[1]);
        }
      }
    }
    return out;
  }

  /**
   * The routes every SLO excludes under Boot: the Actuator's base path ({@code
   * management.endpoints.web.base-path}, {@code /actuator} by default; not when it is the root)
   * and the error path ({@code server.error.path}, {@code /error} by default), each with
   * everything below it. Requests on a separate management port never reach the application's
   * filter.
   */
  static List<String> bootExcludes(Environment environment) {
    List<String> excludes = new ArrayList<>();
    String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
    addTree(excludes, basePath);
    String errorPath = environment.getProperty("server.error.path",
        environment.getProperty("error.path", "/error"));
    addTree(excludes, errorPath);
    return excludes;
  }

  private static void addTree(List<String> excludes, String path) {
    String trimmed = path.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      return; // the root: excluding it would exclude everything
    }
    excludes.add((trimmed.startsWith("/") ? trimmed : "/" + trimmed) + "/**");
  }

  /** Adds {@code excludes} to every SLO's {@code exclude} list. */
  static Map<String, String> withExcludes(Map<String, String> properties, List<String> excludes) {
    if (excludes.isEmpty()) {
      return properties;
    }
    Map<String, String> out = new TreeMap<>(properties);
    for (String name : sloNames(properties)) {
      String key = SLO + name + ".exclude";
      String own = properties.get(key);
      String added = String.join(",", excludes);
      out.put(key, own == null || own.isBlank() ? added : own + "," + added);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------- names

  private static List<ConfigSchema.Key<?>> allKeys() {
    List<ConfigSchema.Key<?>> keys = new ArrayList<>();
    for (ConfigSchema schema : ConfigSchema.installed()) {
      keys.addAll(schema.keys());
    }
    return keys;
  }

  /**
   * The canonical key of a name after {@code sre4j.}: each dotted segment in kebab case, lower
   * case; fails if it is no known key.
   */
  private static String canonical(String rest, String written, String value,
      List<ConfigSchema.Key<?>> keys) {
    StringBuilder key = new StringBuilder();
    for (String segment : rest.split("\\.", -1)) {
      if (key.length() > 0) {
        key.append('.');
      }
      key.append(kebab(segment));
    }
    String canonical = key.toString();
    for (ConfigSchema.Key<?> known : keys) {
      if (!known.perSlo() && known.name().equals(canonical)) {
        return canonical;
      }
    }
    int dot = canonical.lastIndexOf('.');
    if (canonical.startsWith(SLO) && dot > SLO.length()) {
      String field = canonical.substring(dot + 1);
      for (ConfigSchema.Key<?> known : keys) {
        if (known.perSlo() && known.name().endsWith("." + field)) {
          return canonical;
        }
      }
    }
    throw unknown(written, value);
  }

  /** {@code maxEndpoints}, {@code max_endpoints}, {@code MAX-ENDPOINTS}: {@code max-endpoints}. */
  static String kebab(String segment) {
    StringBuilder out = new StringBuilder(segment.length() + 4);
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(segment.charAt(i - 1))) {
        out.append('-');
      }
      out.append(c == '_' ? '-' : Character.toLowerCase(c));
    }
    return out.toString();
  }

  /** The key an {@code SRE4J_*} variable sets, as {@link Sre4jConfig} maps it; null to skip. */
  private static @Nullable String environmentKey(String variable, String value,
      List<String> sloNames, List<ConfigSchema.Key<?>> keys) {
    String rest = normalise(variable.substring(ENV_PREFIX.length()));
    if (rest.equals("CONFIG")) {
      return null; // names a file for the plain loader; Boot reads its own files
    }
    String field = null;
    for (ConfigSchema.Key<?> key : keys) {
      if (!key.perSlo() && normalise(key.name()).equals(rest)) {
        return key.name();
      }
    }
    if (rest.startsWith("SLO_")) {
      String nameAndField = rest.substring("SLO_".length());
      for (ConfigSchema.Key<?> key : keys) {
        if (!key.perSlo()) {
          continue;
        }
        String candidate = key.name().substring(key.name().lastIndexOf('.') + 1);
        String suffix = "_" + normalise(candidate);
        if (nameAndField.endsWith(suffix) && nameAndField.length() > suffix.length()
            && (field == null || candidate.length() > field.length())) {
          field = candidate;
        }
      }
      if (field != null) {
        String name =
            nameAndField.substring(0, nameAndField.length() - normalise(field).length() - 1);
        String sloName = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (String defined : sloNames) {
          if (normalise(defined).equals(name)) {
            sloName = defined;
            break;
          }
        }
        return SLO + sloName + "." + field;
      }
    }
    throw unknown(variable, value);
  }

  private static String normalise(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  private static List<String> sloNames(Map<String, String> properties) {
    List<String> names = new ArrayList<>();
    for (String key : properties.keySet()) {
      int dot = key.lastIndexOf('.');
      if (key.startsWith(SLO) && dot > SLO.length()) {
        String name = key.substring(SLO.length(), dot);
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static ConfigException unknown(String written, String value) {
    return new ConfigException(written, "a known sre4j setting", written + "=" + value);
  }
}
