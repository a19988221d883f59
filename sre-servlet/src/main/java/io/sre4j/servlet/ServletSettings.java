package io.sre4j.servlet;

import io.sre4j.core.ConfigValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How the servlet adapter measures and what it serves: route patterns, the route cap, and the
 * status and release-gate endpoints.
 *
 * <pre>{@code
 * ServletSettings settings = ServletSettings.builder()
 *     .routes("/api/orders/{id}", "/static/**")
 *     .endpoints(true)
 *     .token(System.getenv("SRE4J_TOKEN"))
 *     .build();
 * }</pre>
 *
 * <p>Read from configuration with {@link #from(Map)} (the keys of {@link #KEYS}, as in {@code
 * sre4j.properties}, {@code -Dsre4j.*} and {@code SRE4J_*}):
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code enabled}</td><td>whether the auto-registered filter is installed</td>
 *       <td>{@code true}</td></tr>
 *   <tr><td>{@code servlet.routes}</td><td>route patterns, comma-separated:
 *       {@code /api/orders/{id},/static/**}</td><td>none</td></tr>
 *   <tr><td>{@code servlet.max-routes}</td><td>distinct routes before new ones share
 *       {@code OTHER}, 1 to 100,000</td><td>{@code 100}</td></tr>
 *   <tr><td>{@code servlet.endpoints}</td><td>whether {@code status}, {@code gate} and the
 *       mutating endpoints are served</td><td>{@code false}</td></tr>
 *   <tr><td>{@code servlet.prefix}</td><td>the endpoints' path in the context</td>
 *       <td>{@code /sre}</td></tr>
 *   <tr><td>{@code servlet.token}</td><td>the bearer token the mutating endpoints require; without
 *       it they answer 404</td><td>none</td></tr>
 *   <tr><td>{@code servlet.gate-slos}</td><td>the SLOs the gate judges, comma-separated</td>
 *       <td>every SLO</td></tr>
 * </table>
 *
 * <p>Booleans accept {@code true/false/yes/no/on/off}.
 *
 * @param enabled whether the auto-registered filter is installed ({@code enabled})
 * @param routes route patterns tried in order, see {@link SloFilter}; at most {@code maxRoutes}
 * @param maxRoutes distinct routes before new ones share {@code OTHER}, 1 to 100,000; the
 *     configured patterns count among them
 * @param endpoints whether the endpoints are served
 * @param prefix the endpoints' path in the context, such as {@code /sre}
 * @param token the bearer token of the mutating endpoints, if any; hidden by {@link #toString()}
 * @param gateSlos the SLOs the gate judges; empty for every SLO
 * @since 0.1
 */
public record ServletSettings(
    boolean enabled,
    List<String> routes,
    int maxRoutes,
    boolean endpoints,
    String prefix,
    Optional<String> token,
    List<String> gateSlos) {

  /** Every configuration key {@link #from(Map)} reads. */
  public static final List<String> KEYS = List.of("enabled", "servlet.routes", "servlet.max-routes",
      "servlet.endpoints", "servlet.prefix", "servlet.token", "servlet.gate-slos");

  /** The default route cap: {@value}. */
  public static final int DEFAULT_MAX_ROUTES = 100;

  /** The default endpoints prefix: {@value}. */
  public static final String DEFAULT_PREFIX = "/sre";

  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{16,512}");
  private static final ServletSettings DEFAULTS = builder().build();

  /** Validates and copies the fields. */
  public ServletSettings {
    routes = List.copyOf(Objects.requireNonNull(routes, "routes"));
    for (String route : routes) {
      RouteTemplate.parse("servlet.routes", route);
    }
    if (maxRoutes < 1 || maxRoutes > 100_000) {
      throw reject("servlet.max-routes", "between 1 and 100000", maxRoutes);
    }
    if (routes.size() > maxRoutes) {
      throw reject("servlet.routes", "at most servlet.max-routes (" + maxRoutes + ") patterns",
          routes.size() + " patterns");
    }
    Objects.requireNonNull(prefix, "prefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw reject("servlet.prefix",
          "a path such as /sre (segments of letters, digits, . _ ~ -, no trailing /)", prefix);
    }
    Objects.requireNonNull(token, "token");
    if (token.isPresent() && !TOKEN.matcher(token.get()).matches()) {
      // never echo a secret: say what is wrong, not what it was
      throw reject("servlet.token", "16 to 512 characters of A-Z a-z 0-9 . _ ~ + / = -",
          "a value of " + token.get().length() + " characters");
    }
    gateSlos = List.copyOf(Objects.requireNonNull(gateSlos, "gateSlos"));
  }

  /** @return the defaults: enabled, no route patterns, 100 routes, no endpoints */
  public static ServletSettings defaults() {
    return DEFAULTS;
  }

  /** @return a new builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the keys of {@link #KEYS} from a configuration, such as {@code
   * Sre4jConfig.load().properties()}; other keys are ignored.
   *
   * @param properties configuration keys (unprefixed) and values
   * @return the settings; defaults for keys not set
   * @throws IllegalArgumentException if a {@code servlet.*} key is unknown or a value is bad; the
   *     message names the key and the value (never the token's value)
   */
  public static ServletSettings from(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    Builder builder = builder();
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      String key = entry.getKey();
      if (key == null || !(key.equals("enabled") || key.startsWith("servlet."))) {
        continue;
      }
      String value = entry.getValue() == null ? "" : entry.getValue().trim();
      switch (key) {
        case "enabled" -> builder.enabled(parseBoolean(key, value));
        case "servlet.routes" -> builder.routes(split(value));
        case "servlet.max-routes" -> builder.maxRoutes(parseInt(key, value));
        case "servlet.endpoints" -> builder.endpoints(parseBoolean(key, value));
        case "servlet.prefix" -> builder.prefix(value);
        case "servlet.token" -> builder.token(value.isEmpty() ? null : value);
        case "servlet.gate-slos" -> builder.gateSlos(split(value));
        default -> throw reject("servlet key", "one of " + KEYS, key);
      }
    }
    return builder.build();
  }

  /** @return a builder starting from these settings */
  public Builder toBuilder() {
    return new Builder().enabled(enabled).routes(routes).maxRoutes(maxRoutes).endpoints(endpoints)
        .prefix(prefix).token(token.orElse(null)).gateSlos(gateSlos);
  }

  /** Hides the token. */
  @Override
  public String toString() {
    return "ServletSettings[enabled=" + enabled + ", routes=" + routes + ", maxRoutes=" + maxRoutes
        + ", endpoints=" + endpoints + ", prefix=" + prefix + ", token="
        + (token.isPresent() ? "(set)" : "(none)") + ", gateSlos=" + gateSlos + "]";
  }

  /**
   * A single-use builder of {@link ServletSettings}.
   *
   * <p><b>Thread safety:</b> not thread-safe; use from one thread.
   */
  public static final class Builder {
    private boolean enabled = true;
    private List<String> routes = List.of();
    private int maxRoutes = DEFAULT_MAX_ROUTES;
    private boolean endpoints;
    private String prefix = DEFAULT_PREFIX;
    private @Nullable String token;
    private List<String> gateSlos = List.of();

    private Builder() {}

    /**
     * @param enabled whether the auto-registered filter is installed; true by default
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * @param patterns route patterns such as {@code /api/orders/{id}} or {@code /static/**}, tried
     *     in order; see {@link SloFilter}
     * @return this builder
     */
    public Builder routes(String... patterns) {
      return routes(List.of(patterns));
    }

    /** @param patterns route patterns, tried in order @return this builder */
    public Builder routes(List<String> patterns) {
      this.routes = List.copyOf(patterns);
      return this;
    }

    /**
     * @param max distinct routes before new ones share {@code OTHER}, 1 to 100,000;
     *     {@value ServletSettings#DEFAULT_MAX_ROUTES} by default
     * @return this builder
     */
    public Builder maxRoutes(int max) {
      this.maxRoutes = max;
      return this;
    }

    /** @param served whether the endpoints are served; false by default @return this builder */
    public Builder endpoints(boolean served) {
      this.endpoints = served;
      return this;
    }

    /**
     * @param path the endpoints' path in the context, such as {@code /sre} (the default)
     * @return this builder
     */
    public Builder prefix(String path) {
      this.prefix = path;
      return this;
    }

    /**
     * @param bearerToken the token the mutating endpoints require, 16 to 512 characters of
     *     {@code A-Z a-z 0-9 . _ ~ + / = -}; null for none (then they answer 404)
     * @return this builder
     */
    public Builder token(@Nullable String bearerToken) {
      this.token = bearerToken;
      return this;
    }

    /** @param sloNames the SLOs the gate judges; none for every SLO @return this builder */
    public Builder gateSlos(List<String> sloNames) {
      this.gateSlos = List.copyOf(sloNames);
      return this;
    }

    /**
     * @return the settings
     * @throws IllegalArgumentException if a value is bad; the message names its key
     */
    public ServletSettings build() {
      return new ServletSettings(enabled, routes, maxRoutes, endpoints, prefix,
          Optional.ofNullable(token), gateSlos);
    }
  }

  // ---- values ----

  static IllegalArgumentException reject(String key, String rule, Object value) {
    return ConfigValues.reject(key, rule, value);
  }

  private static boolean parseBoolean(String key, String value) {
    return ConfigValues.parseBoolean(key, value);
  }

  private static int parseInt(String key, String value) {
    return ConfigValues.parseInt(key, value);
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
}
