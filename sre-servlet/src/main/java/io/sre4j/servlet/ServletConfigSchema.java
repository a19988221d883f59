package io.sre4j.servlet;

import io.sre4j.core.ConfigSchema;
import io.sre4j.core.ConfigSchema.Key;
import io.sre4j.core.Sre4jConfig;
import java.util.List;

/**
 * The servlet adapter's keys, {@code enabled} and {@code servlet.*}, declared once: {@link
 * ServletSettings#from(Sre4jConfig)} reads them, {@link Provider} contributes them to every {@link
 * Sre4jConfig} (registered in sre-servlet's {@code META-INF/services}).
 */
final class ServletConfigSchema {

  static final Key<Boolean> ENABLED = Key.bool("enabled", "true",
      "whether the servlet initializer installs the filter");
  static final Key<List<String>> ROUTES = Key.list("servlet.routes", null,
      "route patterns such as /api/orders/{id} or /static/**",
      "route patterns for paths no framework names, tried in order");
  static final Key<Integer> MAX_ROUTES = Key.integer("servlet.max-routes",
      String.valueOf(ServletSettings.DEFAULT_MAX_ROUTES), "1 to 100000",
      "distinct routes before new ones share OTHER; the patterns count among them");
  static final Key<Boolean> ENDPOINTS = Key.bool("servlet.endpoints", "false",
      "whether the status, gate and mutating endpoints are served");
  static final Key<String> PREFIX = Key.string("servlet.prefix", ServletSettings.DEFAULT_PREFIX,
      "a path such as /sre (segments of letters, digits, . _ ~ -, no trailing /)",
      "the endpoints' path in the context");
  static final Key<String> TOKEN = Key.string("servlet.token", null,
      "16 to 512 characters of A-Z a-z 0-9 . _ ~ + / = -",
      "the bearer token the mutating endpoints require; without it they answer 404");
  static final Key<List<String>> GATE_SLOS = Key.list("servlet.gate-slos", null, "SLO names",
      "the SLOs the release gate judges; every SLO if unset");
  static final Key<Boolean> TOKEN_PROTECTS_READS = Key.bool("servlet.token-protects-reads",
      "false", "whether GET status and GET gate require the bearer token too; when false they"
          + " answer anyone who can reach the service; true needs servlet.token");

  static final Key<String> CLIENT_ABORT = Key.string("servlet.client-abort",
      ServletSettings.CLIENT_ABORT_EXCLUDE, "exclude or error",
      "how a request the client abandoned counts: exclude (no valid event, status 499) or error");

  static final List<Key<?>> KEYS =
      List.of(ENABLED, ROUTES, MAX_ROUTES, ENDPOINTS, PREFIX, TOKEN, GATE_SLOS,
          TOKEN_PROTECTS_READS, CLIENT_ABORT);

  /** The names of {@link #KEYS}. */
  static final List<String> NAMES = KEYS.stream().map(Key::name).toList();

  private ServletConfigSchema() {}

  /**
   * The servlet adapter's schema for {@link java.util.ServiceLoader}. Public only because the
   * service loader instantiates it; its enclosing class is package-private, so it is no part of
   * the API.
   */
  public static final class Provider implements ConfigSchema {

    /** For {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public List<Key<?>> keys() {
      return KEYS;
    }

    /** Reads the configuration as the adapter will, so that a bad value fails at load. */
    @Override
    public void check(Sre4jConfig config) {
      ServletSettings.from(config);
    }
  }
}
