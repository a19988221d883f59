package io.sre4j.servlet;

import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The filter's bounded set of routes, each with one {@link Slot} per HTTP method: the endpoint
 * handle, resolved from the registry once, and the in-flight gauge.
 *
 * <p>At most {@code maxRoutes} distinct routes are kept; any further route is {@link
 * SloRegistry#OTHER_ROUTE}, warned about once. {@link SloFilter#NOT_FOUND_ROUTE} and {@code OTHER}
 * are always there and not counted. Methods are the nine of RFC 9110 and PATCH; any other method
 * (a client may send any token) is counted as {@code OTHER}.
 *
 * <p>A request whose route is not known when it enters (the default servlet's, such as a front
 * controller mapped at {@code /} whose framework names the route only when it returns) is counted
 * in flight under the method alone, the {@link #pending()} route {@value #PENDING_ROUTE}, shown only
 * while it counts requests; it never records an endpoint.
 *
 * <p><b>Thread safety:</b> any number of request threads. <b>Cost:</b> a known route is one hash
 * lookup on the route string and one array read; a slot is created once per route and method, and
 * its endpoint looked up in the registry once. New routes take a lock.
 */
final class RouteTable {

  private static final String[] METHODS = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "OTHER"
  };
  private static final int OTHER_METHOD = METHODS.length - 1;

  /** The in-flight key of requests whose route is not known yet: {@code "GET *"}. */
  static final String PENDING_ROUTE = "*";

  private final SloRegistry registry;
  private final int maxRoutes;
  private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
  private final ReentrantLock inserts = new ReentrantLock();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Route other;
  private final Route notFound;
  private final Route pending;
  private final LongAdder overflowed = new LongAdder();

  RouteTable(SloRegistry registry, int maxRoutes) {
    this.registry = registry;
    this.maxRoutes = maxRoutes;
    this.other = new Route(SloRegistry.OTHER_ROUTE);
    this.notFound = new Route(SloFilter.NOT_FOUND_ROUTE);
    this.pending = new Route(PENDING_ROUTE);
  }

  /** @return the route for a template, or {@code OTHER} past the cap */
  Route route(String template) {
    Route known = routes.get(template);
    if (known != null) {
      return known;
    }
    if (template.equals(SloRegistry.OTHER_ROUTE)) {
      return other;
    }
    if (template.equals(SloFilter.NOT_FOUND_ROUTE)) {
      return notFound;
    }
    return insert(template);
  }

  private Route insert(String template) {
    inserts.lock();
    try {
      Route known = routes.get(template);
      if (known != null) {
        return known;
      }
      if (routes.size() >= maxRoutes) {
        overflowed.increment();
        if (warned.compareAndSet(false, true)) {
          SloFilter.LOGGER.log(System.Logger.Level.WARNING, "sre4j: more than " + maxRoutes
              + " distinct routes; new routes such as '" + abbreviate(template)
              + "' are counted as "
              + SloRegistry.OTHER_ROUTE + ". Use route templates (servlet.routes) or raise "
              + "servlet.max-routes.");
        } else {
          SloFilter.LOGGER.log(System.Logger.Level.DEBUG, "sre4j: route counted as OTHER");
        }
        return other;
      }
      Route created = new Route(template);
      routes.put(template, created);
      return created;
    } finally {
      inserts.unlock();
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "\u2026";
  }

  Route notFound() {
    return notFound;
  }

  Route other() {
    return other;
  }

  /** @return the in-flight gauges of requests whose route is not known yet, one per method */
  Route pending() {
    return pending;
  }

  /** @return distinct routes kept, {@code NOT_FOUND} and {@code OTHER} left out */
  int size() {
    return routes.size();
  }

  /** @return requests whose route was counted as {@code OTHER} because of the cap */
  long overflowed() {
    return overflowed.sum();
  }

  /**
   * @return every slot's in-flight count, keyed {@code "GET /api/orders/{id}"}, sorted; requests
   *     whose route is not known yet under {@code "GET *"}, while there are any
   */
  Map<String, Long> inFlight() {
    Map<String, Long> out = new TreeMap<>();
    routes.values().forEach(route -> route.collect(out, true));
    notFound.collect(out, true);
    other.collect(out, true);
    pending.collect(out, false);
    return out;
  }

  /** @return one slot's in-flight count, 0 if unknown */
  long inFlight(String method, String template) {
    Route route = template.equals(SloRegistry.OTHER_ROUTE) ? other
        : template.equals(SloFilter.NOT_FOUND_ROUTE) ? notFound
        : template.equals(PENDING_ROUTE) ? pending : routes.get(template);
    if (route == null) {
      return 0;
    }
    Slot slot = route.slots.get(methodIndex(method));
    return slot == null ? 0 : slot.inFlight.sum();
  }

  static int methodIndex(String method) {
    return switch (method) {
      case "GET" -> 0;
      case "HEAD" -> 1;
      case "POST" -> 2;
      case "PUT" -> 3;
      case "DELETE" -> 4;
      case "PATCH" -> 5;
      case "OPTIONS" -> 6;
      case "TRACE" -> 7;
      case "CONNECT" -> 8;
      default -> OTHER_METHOD;
    };
  }

  /** One route: a slot per method, created on first use. */
  final class Route {
    final String template;
    private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(METHODS.length);

    Route(String template) {
      this.template = template;
    }

    Slot slot(String method) {
      int index = methodIndex(method);
      Slot slot = slots.get(index);
      if (slot == null) {
        slots.compareAndSet(index, null, new Slot(this, METHODS[index]));
        slot = slots.get(index);
      }
      return slot;
    }

    private void collect(Map<String, Long> out, boolean zeros) {
      for (int i = 0; i < METHODS.length; i++) {
        Slot slot = slots.get(i);
        long count = slot == null ? 0 : slot.inFlight.sum();
        if (slot != null && (zeros || count != 0)) {
          out.put(slot.method + " " + slot.route, count);
        }
      }
    }
  }

  /** One method on one route: its endpoint, looked up once, and its in-flight gauge. */
  final class Slot {
    /** The route this slot belongs to. */
    final Route owner;
    /** The method, one of the nine of RFC 9110, PATCH or {@code OTHER}. */
    final String method;
    final String route;
    final LongAdder inFlight = new LongAdder();
    private volatile @Nullable Endpoint endpoint;

    Slot(Route owner, String method) {
      this.owner = owner;
      this.method = method;
      this.route = owner.template;
    }

    Endpoint endpoint() {
      Endpoint resolved = endpoint;
      if (resolved == null) {
        resolved = registry.endpoint(method, route);
        endpoint = resolved;
      }
      return resolved;
    }
  }
}
