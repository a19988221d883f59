package io.sre4j.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which endpoints an SLO covers: route patterns, HTTP methods and excluded route patterns.
 *
 * <p>Patterns match route <em>templates</em> segment by segment: {@code *} matches exactly one
 * segment (so {@code /api/orders/*} matches {@code /api/orders/{id}}), {@code **} matches any
 * number of segments including none, and any other segment matches itself literally. An endpoint
 * is covered when its route matches one of {@code routes}, its method is in {@code methods} (an
 * empty set means every method) and its route matches none of {@code excludedRoutes}.
 *
 * <p><b>Unmatched requests.</b> Requests that matched no route of the application share the route
 * {@value SloRegistry#NOT_FOUND_ROUTE}. They are not valid events of any SLO unless {@code
 * includeUnmatched}: otherwise anyone could dilute an SLO with requests to random paths (every one
 * a good 404). They stay visible in endpoint figures and access lines.
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> matching is evaluated once per endpoint and SLO
 * pair, when either is created, never per request.
 *
 * @param routes route patterns; not empty
 * @param methods upper-case HTTP methods; empty for all
 * @param excludedRoutes route patterns to leave out, for example health checks
 * @param includeUnmatched whether requests that matched no route ({@value
 *     SloRegistry#NOT_FOUND_ROUTE}) count; false by default
 * @since 0.1
 */
public record EndpointSelector(
    List<String> routes, Set<String> methods, List<String> excludedRoutes, boolean includeUnmatched) {

  private static final EndpointSelector ALL = new EndpointSelector(List.of("/**"), Set.of(), List.of());

  /** Validates and normalises the fields. */
  public EndpointSelector {
    routes = List.copyOf(Objects.requireNonNull(routes, "routes"));
    excludedRoutes = List.copyOf(Objects.requireNonNull(excludedRoutes, "excludedRoutes"));
    if (routes.isEmpty()) {
      throw ConfigValues.rejectDescribed("routes", "at least one route pattern", "an empty list");
    }
    routes.forEach(pattern -> requirePattern("routes", pattern));
    excludedRoutes.forEach(pattern -> requirePattern("exclude", pattern));
    Set<String> upper = new TreeSet<>();
    for (String method : Objects.requireNonNull(methods, "methods")) {
      if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        throw ConfigValues.reject("methods", "HTTP method names such as GET or POST", method);
      }
      upper.add(method.toUpperCase(Locale.ROOT));
    }
    methods = Set.copyOf(upper);
  }

  /**
   * A selector that leaves out unmatched requests.
   *
   * @param routes route patterns; not empty
   * @param methods upper-case HTTP methods; empty for all
   * @param excludedRoutes route patterns to leave out
   */
  public EndpointSelector(List<String> routes, Set<String> methods, List<String> excludedRoutes) {
    this(routes, methods, excludedRoutes, false);
  }

  /**
   * Every endpoint.
   *
   * @return a selector matching every route and method
   */
  public static EndpointSelector all() {
    return ALL;
  }

  /**
   * Endpoints whose route matches one of {@code routePatterns}, any method.
   *
   * @param routePatterns route patterns, see the class documentation
   * @return the selector
   */
  public static EndpointSelector routes(String... routePatterns) {
    return new EndpointSelector(List.of(routePatterns), Set.of(), List.of());
  }

  /**
   * This selector, restricted to {@code httpMethods}.
   *
   * @param httpMethods HTTP methods, any case
   * @return a new selector
   */
  public EndpointSelector methods(String... httpMethods) {
    return new EndpointSelector(routes, Set.of(httpMethods), excludedRoutes, includeUnmatched);
  }

  /**
   * This selector, leaving out routes that match {@code routePatterns}.
   *
   * @param routePatterns route patterns to exclude
   * @return a new selector
   */
  public EndpointSelector excluding(String... routePatterns) {
    return new EndpointSelector(routes, methods, List.of(routePatterns), includeUnmatched);
  }

  /**
   * This selector, counting or leaving out requests that matched no route.
   *
   * @param include whether requests of the route {@value SloRegistry#NOT_FOUND_ROUTE} count
   * @return a new selector
   */
  public EndpointSelector unmatched(boolean include) {
    return new EndpointSelector(routes, methods, excludedRoutes, include);
  }

  /**
   * Whether this selector covers an endpoint.
   *
   * @param method the endpoint's HTTP method, upper case
   * @param route the endpoint's route template
   * @return true when covered
   */
  public boolean matches(String method, String route) {
    if (!methods.isEmpty() && !methods.contains(method)) {
      return false;
    }
    if (!includeUnmatched && route.equals(SloRegistry.NOT_FOUND_ROUTE)) {
      return false;
    }
    return anyMatch(routes, route) && !anyMatch(excludedRoutes, route);
  }

  private static boolean anyMatch(List<String> patterns, String route) {
    for (String pattern : patterns) {
      if (RoutePattern.matches(pattern, route)) {
        return true;
      }
    }
    return false;
  }

  private static void requirePattern(String key, String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw ConfigValues.reject(key, "a route pattern such as /api/** or /orders/*", pattern == null ? "null" : pattern);
    }
  }

  /** Segment-wise glob matching of route templates. */
  static final class RoutePattern {
    private RoutePattern() {}

    static boolean matches(String pattern, String route) {
      return match(segments(pattern), 0, segments(route), 0);
    }

    private static String[] segments(String path) {
      String trimmed = path.startsWith("/") ? path.substring(1) : path;
      return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static boolean match(String[] pattern, int p, String[] route, int r) {
      while (p < pattern.length) {
        String segment = pattern[p];
        if (segment.equals("**")) {
          for (int skip = r; skip <= route.length; skip++) {
            if (match(pattern, p + 1, route, skip)) {
              return true;
            }
          }
          return false;
        }
        if (r >= route.length || !(segment.equals("*") || segment.equals(route[r]))) {
          return false;
        }
        p++;
        r++;
      }
      return r == route.length;
    }
  }
}
