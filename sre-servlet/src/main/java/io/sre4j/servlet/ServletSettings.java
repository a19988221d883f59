package io.sre4j.servlet;

import io.sre4j.core.ConfigException;
import io.sre4j.core.Sre4jConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
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
 * <p>Read from configuration with {@link #from(Sre4jConfig)} (as in {@code sre4j.properties},
 * {@code -Dsre4j.*} and {@code SRE4J_*}), or from a plain map such as a filter's init parameters
 * with {@link #from(Map)}. The keys are declared once, in this package's configuration schema
 * ({@link io.sre4j.core.ConfigSchema}); {@code docs/configuration.md} lists
 * them: {@code enabled}, {@code servlet.routes}, {@code servlet.max-routes}, {@code servlet.endpoints},
 * {@code servlet.prefix}, {@code servlet.token}, {@code servlet.token-protects-reads}, {@code
 * servlet.gate-slos} and {@code servlet.client-abort}, with their types, defaults and rules.
 *
 * <p><b>Security.</b> With {@code endpoints} on, {@code GET status} and {@code GET gate} answer
 * anyone who can reach the service (SLO names, routes, budgets, maintenance reasons) unless {@code
 * tokenProtectsReads} is set, which makes them require the bearer token as the mutating endpoints
 * do.
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
 * @param tokenProtectsReads whether {@code GET status} and {@code GET gate} require the bearer
 *     token too ({@code servlet.token-protects-reads}); false by default: they are open to anyone
 *     who can reach them; true needs a token
 * @param clientAbort how a request the client abandoned counts ({@code servlet.client-abort}):
 *     {@value #CLIENT_ABORT_EXCLUDE} (the default: no valid event of any SLO, access status 499) or
 *     {@value #CLIENT_ABORT_ERROR} (bad, as a thrown request); see {@link SloFilter}
 * @since 0.1
 */
public record ServletSettings(
    boolean enabled,
    List<String> routes,
    int maxRoutes,
    boolean endpoints,
    String prefix,
    Optional<String> token,
    List<String> gateSlos,
    boolean tokenProtectsReads,
    String clientAbort) {

  /** The default route cap: {@value}. */
  public static final int DEFAULT_MAX_ROUTES = 100;

  /** The default endpoints prefix: {@value}. */
  public static final String DEFAULT_PREFIX = "/sre";

  /** {@code servlet.client-abort}: a client abort is no valid event of any SLO (the default). */
  public static final String CLIENT_ABORT_EXCLUDE = "exclude";

  /** {@code servlet.client-abort}: a client abort is bad, as a request that threw. */
  public static final String CLIENT_ABORT_ERROR = "error";

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
      throw ConfigException.describing("servlet.routes",
          "at most servlet.max-routes (" + maxRoutes + ") patterns",
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
      throw ConfigException.describing("servlet.token",
          "16 to 512 characters of A-Z a-z 0-9 . _ ~ + / = -",
          "a value of " + token.get().length() + " characters");
    }
    gateSlos = List.copyOf(Objects.requireNonNull(gateSlos, "gateSlos"));
    if (tokenProtectsReads && token.isEmpty()) {
      throw reject("servlet.token-protects-reads", "false unless servlet.token is set", true);
    }
    Objects.requireNonNull(clientAbort, "clientAbort");
    if (!clientAbort.equals(CLIENT_ABORT_EXCLUDE) && !clientAbort.equals(CLIENT_ABORT_ERROR)) {
      throw reject("servlet.client-abort", "exclude or error", clientAbort);
    }
  }

  /**
   * Settings whose {@code GET} endpoints are open ({@code tokenProtectsReads} false) and whose
   * client aborts are no valid events, as before those settings existed.
   *
   * @param enabled whether the auto-registered filter is installed
   * @param routes route patterns tried in order
   * @param maxRoutes distinct routes before new ones share {@code OTHER}, 1 to 100,000
   * @param endpoints whether the endpoints are served
   * @param prefix the endpoints' path in the context
   * @param token the bearer token of the mutating endpoints, if any
   * @param gateSlos the SLOs the gate judges; empty for every SLO
   * @throws ConfigException if a value is bad; the message names its key
   */
  public ServletSettings(boolean enabled, List<String> routes, int maxRoutes, boolean endpoints,
      String prefix, Optional<String> token, List<String> gateSlos) {
    this(enabled, routes, maxRoutes, endpoints, prefix, token, gateSlos, false,
        CLIENT_ABORT_EXCLUDE);
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
   * Reads {@code enabled} and the {@code servlet.*} keys of a configuration, such as {@code
   * Sre4jConfig.load()}; settings it leaves unset keep their defaults.
   *
   * @param config a configuration; it parsed and checked the values when it was loaded
   * @return the settings
   * @throws ConfigException if a value is bad; the message names the key and the value (never the
   *     token's value)
   */
  public static ServletSettings from(Sre4jConfig config) {
    Objects.requireNonNull(config, "config");
    Builder builder = builder();
    config.ifSet(ServletConfigSchema.ENABLED, builder::enabled);
    config.ifSet(ServletConfigSchema.ROUTES, builder::routes);
    config.ifSet(ServletConfigSchema.MAX_ROUTES, builder::maxRoutes);
    config.ifSet(ServletConfigSchema.ENDPOINTS, builder::endpoints);
    config.ifSet(ServletConfigSchema.PREFIX, builder::prefix);
    config.ifSet(ServletConfigSchema.TOKEN, token -> builder.token(token.isEmpty() ? null : token));
    config.ifSet(ServletConfigSchema.GATE_SLOS, builder::gateSlos);
    config.ifSet(ServletConfigSchema.CLIENT_ABORT, builder::clientAbort);
    config.ifSet(ServletConfigSchema.TOKEN_PROTECTS_READS, builder::tokenProtectsReads);
    return builder.build();
  }

  /**
   * Reads {@code enabled} and the {@code servlet.*} keys of a plain map, such as a filter's init
   * parameters, as {@link #from(Sre4jConfig)} reads a configuration made of them; other keys are
   * ignored.
   *
   * @param properties configuration keys (unprefixed) and values
   * @return the settings; defaults for keys not set
   * @throws ConfigException if a {@code servlet.*} key is unknown ({@code servlet key must be one of
   *     [enabled, servlet.routes, ...] but was <key>}) or a value is bad; the message names the key
   *     and the value (never the token's value)
   */
  public static ServletSettings from(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    Map<String, String> own = new TreeMap<>();
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      String key = entry.getKey();
      if (key == null || !(key.equals("enabled") || key.startsWith("servlet."))) {
        continue;
      }
      if (!ServletConfigSchema.NAMES.contains(key)) {
        throw reject("servlet key", "one of " + ServletConfigSchema.NAMES, key);
      }
      own.put(key, entry.getValue() == null ? "" : entry.getValue());
    }
    return from(Sre4jConfig.from(own, new ServletConfigSchema.Provider()));
  }

  /** @return a builder starting from these settings */
  public Builder toBuilder() {
    return new Builder().enabled(enabled).routes(routes).maxRoutes(maxRoutes).endpoints(endpoints)
        .prefix(prefix).token(token.orElse(null)).gateSlos(gateSlos)
        .tokenProtectsReads(tokenProtectsReads).clientAbort(clientAbort);
  }

  /** Hides the token. */
  @Override
  public String toString() {
    return "ServletSettings[enabled=" + enabled + ", routes=" + routes + ", maxRoutes=" + maxRoutes
        + ", endpoints=" + endpoints + ", prefix=" + prefix + ", token="
        + (token.isPresent() ? "(set)" : "(none)") + ", gateSlos=" + gateSlos
        + ", tokenProtectsReads=" + tokenProtectsReads + ", clientAbort=" + clientAbort + "]";
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
    private boolean tokenProtectsReads;
    private String clientAbort = CLIENT_ABORT_EXCLUDE;

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
     * @param protectsReads whether {@code GET status} and {@code GET gate} require the bearer
     *     token too; false by default (they are open); true needs {@link #token(String)}
     * @return this builder
     */
    public Builder tokenProtectsReads(boolean protectsReads) {
      this.tokenProtectsReads = protectsReads;
      return this;
    }

    /**
     * @param mode how a request the client abandoned counts: {@value
     *     ServletSettings#CLIENT_ABORT_EXCLUDE} (the default: no valid event of any SLO) or {@value
     *     ServletSettings#CLIENT_ABORT_ERROR} (bad); see {@link SloFilter}
     * @return this builder
     */
    public Builder clientAbort(String mode) {
      this.clientAbort = mode;
      return this;
    }

    /**
     * @return the settings
     * @throws IllegalArgumentException if a value is bad; the message names its key
     */
    public ServletSettings build() {
      return new ServletSettings(enabled, routes, maxRoutes, endpoints, prefix,
          Optional.ofNullable(token), gateSlos, tokenProtectsReads, clientAbort);
    }
  }

  // ---- values ----

  static ConfigException reject(String key, String rule, Object value) {
    return new ConfigException(key, rule, value);
  }
}
