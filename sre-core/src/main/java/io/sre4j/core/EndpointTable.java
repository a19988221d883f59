package io.sre4j.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The registry's endpoints by method and route, with the aliases callers used (such as
 * {@code get /a} for {@code GET /a}) and the shared {@code * OTHER} endpoint past the limit: the
 * only registry state that request threads touch.
 *
 * <p><b>Thread safety:</b> {@link #known} is lock-free from any thread; every other method is
 * called under the registry's lock. <b>Cost:</b> {@code known} is one hash lookup on a string key
 * built per call (it allocates); creating an endpoint attaches it to each SLO that covers it.
 */
final class EndpointTable {

  private final ConcurrentHashMap<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final int maxEndpoints;
  private final byte[] failureTable = StatusClassifier.defaults().table();
  private final long fastNanos;
  private final long tolerableNanos;
  private final long[] bucketBounds;
  private final Diagnostics diagnostics;
  /** Whether endpoints are made for one thread that records and ticks. */
  private final boolean singleWriter;
  private volatile @Nullable Endpoint overflow;
  /** Every endpoint once, in creation order, the overflow one left out; under the registry lock. */
  private final List<Endpoint> created = new ArrayList<>();
  /** {@link #distinct()}'s answer until an endpoint is created; under the registry lock. */
  private @Nullable List<Endpoint> distinct;

  /**
   * @param bucketBounds every endpoint's latency bucket bounds in nanoseconds, increasing
   * @param singleWriter whether every endpoint is recorded into by the ticking thread only
   */
  EndpointTable(int maxEndpoints, long fastNanos, long tolerableNanos, long[] bucketBounds,
      Diagnostics diagnostics, boolean singleWriter) {
    this.maxEndpoints = maxEndpoints;
    this.fastNanos = fastNanos;
    this.tolerableNanos = tolerableNanos;
    this.bucketBounds = bucketBounds.clone();
    this.diagnostics = diagnostics;
    this.singleWriter = singleWriter;
  }

  /** The endpoint already known for exactly this method spelling and route, or null; lock-free. */
  @Nullable Endpoint known(String method, String routeTemplate) {
    Endpoint known = endpoints.get(key(method, routeTemplate));
    // same route means the key's method part matched too: ("GET /a", "b") must not find GET "/a b"
    return known != null && known.route().equals(routeTemplate) ? known : null;
  }

  /**
   * Checks a new endpoint's method and route, before the registry takes its lock.
   *
   * @return the method in upper case
   * @throws IllegalArgumentException if {@code method} is not letters or {@code routeTemplate} is
   *     blank
   */
  static String upperCaseMethod(String method, String routeTemplate) {
    String upper = method.toUpperCase(Locale.ROOT);
    if (upper.isEmpty() || !upper.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw ConfigValues.reject("method", "an HTTP method such as GET", method);
    }
    if (routeTemplate.isBlank()) {
      throw ConfigValues.reject("routeTemplate", "a route template such as /api/orders/{id}", routeTemplate);
    }
    return upper;
  }

  /**
   * Finds or creates the endpoint, past the limit the shared overflow one; under the registry lock.
   *
   * @param method the method as the caller spelled it, recorded as an alias
   * @param upper the method in upper case, from {@link #upperCaseMethod}
   * @param slos every registered SLO, to attach a new endpoint to those that cover it
   */
  Endpoint getOrCreate(String method, String upper, String routeTemplate, Collection<SloState> slos) {
    Endpoint existing = endpoints.get(key(upper, routeTemplate));
    if (existing != null) {
      endpoints.putIfAbsent(key(method, routeTemplate), existing);
      return existing;
    }
    if (countDistinct() >= maxEndpoints) {
      diagnostics.warnOnce("max-endpoints", "sre4j: more than " + maxEndpoints
          + " endpoints; new routes such as '" + routeTemplate + "' are counted as "
          + SloRegistry.OTHER_METHOD + " " + SloRegistry.OTHER_ROUTE
          + ". Use route templates, not raw paths, or raise max-endpoints.");
      return overflowEndpoint(slos);
    }
    Endpoint endpoint = newEndpoint(upper, routeTemplate, slos);
    endpoints.put(key(upper, routeTemplate), endpoint);
    endpoints.putIfAbsent(key(method, routeTemplate), endpoint);
    created.add(endpoint);
    distinct = null;
    return endpoint;
  }

  private int countDistinct() {
    return created.size();
  }

  private Endpoint overflowEndpoint(Collection<SloState> slos) {
    Endpoint shared = overflow;
    if (shared == null) {
      shared = newEndpoint(SloRegistry.OTHER_METHOD, SloRegistry.OTHER_ROUTE, slos);
      overflow = shared;
      distinct = null;
    }
    return shared;
  }

  private Endpoint newEndpoint(String method, String route, Collection<SloState> slos) {
    Endpoint endpoint = new Endpoint(method, route, failureTable, fastNanos, tolerableNanos, bucketBounds,
        singleWriter);
    for (SloState slo : slos) {
      if (covers(slo, endpoint)) {
        attach(slo, endpoint);
      }
    }
    return endpoint;
  }

  /** Starts counting for a newly registered SLO on every endpoint it covers. */
  void attach(SloState slo) {
    for (Endpoint endpoint : distinct()) {
      if (covers(slo, endpoint)) {
        attach(slo, endpoint);
      }
    }
  }

  /** Stops counting for a removed SLO on every endpoint. */
  void detach(SloState slo) {
    for (Endpoint endpoint : distinct()) {
      endpoint.detach(slo);
    }
  }

  private static boolean covers(SloState slo, Endpoint endpoint) {
    return endpoint.method().equals(SloRegistry.OTHER_METHOD)
        ? slo.spec.endpoints().methods().isEmpty()
            && slo.spec.endpoints().matches("GET", SloRegistry.OTHER_ROUTE)
        : slo.spec.endpoints().matches(endpoint.method(), endpoint.route());
  }

  private static void attach(SloState slo, Endpoint endpoint) {
    SloCounter counter = new SloCounter(slo, endpoint);
    slo.attach(counter);
    endpoint.attach(counter);
  }

  private static String key(String method, String route) {
    return method + ' ' + route;
  }

  /**
   * Every endpoint once (aliases left out), the overflow endpoint last; an unmodifiable list, the
   * same one until an endpoint is created (the tick reads it every second).
   */
  Collection<Endpoint> distinct() {
    List<Endpoint> all = distinct;
    if (all == null) {
      List<Endpoint> list = new ArrayList<>(created);
      Endpoint shared = overflow;
      if (shared != null) {
        list.add(shared);
      }
      all = List.copyOf(list);
      distinct = all;
    }
    return all;
  }

  /** Warns once per kind about durations clamped and statuses dropped on {@code all}. */
  void warnAboutBadInput(Collection<Endpoint> all) {
    for (Endpoint endpoint : all) {
      if (endpoint.clampedDurations() > 0) {
        diagnostics.warnOnce("clamped-duration", "sre4j: durations out of 0..1h were clamped on "
            + endpoint + " (" + endpoint.clampedDurations() + " so far)");
      }
      if (endpoint.droppedStatuses() > 0) {
        diagnostics.warnOnce("dropped-status", "sre4j: records with a status outside 100..599 were "
            + "dropped on " + endpoint + " (" + endpoint.droppedStatuses() + " so far)");
      }
    }
  }
}
