package io.sre4j.servlet;

import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.core.log.StructuredLog.AccessLog;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Measures every request at the service's boundary: from filter entry to response completion
 * (async requests included), its route template, its status, and whether it threw, recorded into
 * the {@link SloRegistry}'s {@link Endpoint} for that route.
 *
 * <pre>{@code
 * SloRegistry registry = Sre4jConfig.load().applyTo(SloRegistry.builder()).build();
 * FilterRegistration.Dynamic sre = servletContext.addFilter("sre4j",
 *     new SloFilter(registry, ServletSettings.builder().routes("/api/orders/{id}").build()));
 * sre.setAsyncSupported(true);
 * sre.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 * }</pre>
 *
 * <p>With the jar on a container's class path, {@link SloServletInitializer} installs it with no
 * code; see there.
 *
 * <p><b>What is recorded.</b> The duration is {@link System#nanoTime()} from filter entry to the
 * end of the filter chain, or for an async request to {@link AsyncListener#onComplete} (after a
 * timeout or an error, the container completes the request and that is when it is recorded:
 * exactly once). The status is the response's (200 when none was set). An exception that escapes
 * the chain is recorded with {@link Endpoint#recordThrown(long)} and rethrown unchanged; if the
 * response was committed before it, the committed status is recorded instead. Only {@link
 * DispatcherType#REQUEST} dispatches are measured, and a request is measured once even if the
 * filter is installed twice.
 *
 * <p><b>Client aborts.</b> A request that failed because its client went away (the container's
 * {@code ClientAbortException} of Tomcat or {@code EofException} of Jetty in the cause chain, found
 * by simple class name; or, once the response was committed, an {@link IOException} saying
 * "broken pipe" or "connection reset") is counted in {@link #clientAborts()} and, by default
 * ({@code servlet.client-abort=exclude}), is no valid event of any SLO: the server did not fail,
 * the client left. With {@code servlet.client-abort=error} it is bad, as a request that threw.
 * Either way its access line says status {@value #CLIENT_CLOSED_REQUEST}.
 *
 * <p><b>Errors.</b> The access line's {@code error} names the root cause, below {@link
 * ServletException} and wrappers without a message of their own (such as {@code new
 * RuntimeException(cause)}), at most {@value #MAX_CAUSE_DEPTH} levels down: the handler's
 * exception, not the framework's wrapper.
 *
 * <p><b>Routes,</b> never raw paths, in this order:
 *
 * <ol>
 *   <li>the framework's matched pattern, the request attribute {@value #SPRING_PATTERN_ATTRIBUTE}
 *       that Spring MVC sets, such as {@code /api/orders/{id}} (read by name; no Spring
 *       dependency);
 *   <li>the first of the configured route patterns ({@code servlet.routes}) that matches the
 *       servlet path plus path info: {@code {name}} and {@code *} match one segment, {@code **}
 *       any number;
 *   <li>the {@link HttpServletMapping}: its pattern for an exact ({@code /hello}), path ({@code
 *       /api/*}) or extension ({@code *.jsp}) mapping, {@code /} for the context root, and the
 *       catch-all {@value #CATCH_ALL_ROUTE} for the default servlet (never the raw path).
 * </ol>
 *
 * <p>A 404 or 405 whose route is only the catch-all or a path mapping's wildcard (such as {@code
 * /api/*}, with no configured or framework pattern naming it) is {@value #NOT_FOUND_ROUTE}, so
 * unmatched paths share one route, which SLOs leave out by default ({@code
 * slo.<name>.unmatched}): random paths cannot dilute them. Give {@code servlet.routes} for a
 * JAX-RS or other framework servlet whose own 404s (no such order) should stay under a route. At most {@code servlet.max-routes} distinct routes (100 by default) are kept; later
 * ones share {@link SloRegistry#OTHER_ROUTE}, with one warning. Methods other than the nine of
 * RFC 9110 and PATCH are counted as {@code OTHER}. The registry's own cap ({@code max-endpoints},
 * per method and route) applies too.
 *
 * <p><b>In flight.</b> Each route and method keeps a gauge of requests in progress ({@link
 * #inFlight()}): counted from entry under the route known then (a configured pattern or the
 * servlet mapping) and, for an async request, moved to its final route when the chain returns. A
 * request the default servlet serves (such as a front controller mapped at {@code /}, whose
 * framework names the route only when the chain returns) is counted under its method alone, {@code
 * "GET *"}, until its route is known: no always-zero catch-all keys.
 *
 * <p><b>Endpoints.</b> When {@code servlet.endpoints} is on, requests under {@code
 * servlet.prefix} ({@code /sre} by default) are answered by the filter itself and not measured:
 * {@code GET status}, {@code GET gate}, and with a bearer token {@code POST deployments}, {@code
 * POST maintenance} and {@code POST gate/override}. See {@link SloServletInitializer}.
 *
 * <p><b>Thread safety:</b> any number of request threads. <b>Cost:</b> per request, one {@code
 * nanoTime} pair, a request attribute set and read, one route lookup (a hash on the pattern string
 * the container or framework already holds, plus the configured patterns matched against the path
 * when there are any), two {@link LongAdder} updates for the in-flight gauge and the endpoint's
 * {@code record}. An async request also allocates one {@link AsyncListener}. Endpoint handles are
 * looked up in the registry once per route and method. Nothing the filter does itself throws into
 * the request: a failure in recording is counted ({@link #recordFailures()}) and warned about once.
 *
 * @since 0.1
 */
public final class SloFilter implements Filter {

  /** The servlet-context attribute holding the {@link SloRegistry}: {@value}. */
  public static final String REGISTRY_ATTRIBUTE = "io.sre4j.core.SloRegistry";

  /** The servlet-context attribute holding the {@link StructuredLog}, if any: {@value}. */
  public static final String LOG_ATTRIBUTE = "io.sre4j.core.log.StructuredLog";

  /** The servlet-context attribute holding the installed filter: {@value}. */
  public static final String FILTER_ATTRIBUTE = "io.sre4j.servlet.SloFilter";

  /** The request attribute in which Spring MVC puts the matched pattern: {@value}. */
  public static final String SPRING_PATTERN_ATTRIBUTE =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  /** The route shared by requests the default servlet serves: {@value}. */
  public static final String CATCH_ALL_ROUTE = "/**";

  /** The route shared by 404s that matched no route: {@value}. */
  public static final String NOT_FOUND_ROUTE = SloRegistry.NOT_FOUND_ROUTE;

  /** The request header whose trace id goes into access lines: {@value}. */
  public static final String TRACEPARENT_HEADER = "traceparent";

  /** The status access lines give a request its client abandoned: {@value}, as nginx does. */
  public static final int CLIENT_CLOSED_REQUEST = 499;

  /** How far down a cause chain the filter looks for a client abort or the root cause. */
  static final int MAX_CAUSE_DEPTH = 16;

  static final System.Logger LOGGER = System.getLogger("io.sre4j");

  /** Marks a request already measured, so a filter installed twice counts it once. */
  private static final String MEASURED_ATTRIBUTE = "io.sre4j.servlet.SloFilter.measured";
  private static final int MAX_FRAMEWORK_ROUTE = 1024;

  private SloRegistry registry;
  private ServletSettings settings;
  private @Nullable AccessLog accessLog;
  private RouteTable table;
  private RouteTemplate[] templates;
  private RouteTable.Route[] templateRoutes;
  private @Nullable SloEndpoints endpoints;
  private boolean clientAbortIsError;
  private final LongAdder recordFailures = new LongAdder();
  private final LongAdder clientAborts = new LongAdder();
  private final AtomicBoolean warnedFailure = new AtomicBoolean();

  /**
   * A filter that finds its registry, in {@link #init}, in the servlet-context attribute {@value
   * #REGISTRY_ATTRIBUTE} (and a {@link StructuredLog} in {@value #LOG_ATTRIBUTE}, if there is one),
   * and its settings in its init parameters (the keys of {@link ServletSettings#from(Map)}): for {@code
   * web.xml}.
   */
  // registry, settings, table, templates and templateRoutes are set by configure(), from init()
  @SuppressWarnings("NullAway.Init")
  public SloFilter() {}

  /**
   * A filter with the default settings and no access log.
   *
   * @param registry where requests are recorded
   */
  public SloFilter(SloRegistry registry) {
    this(registry, ServletSettings.defaults(), null);
  }

  /**
   * A filter.
   *
   * @param registry where requests are recorded
   * @param settings route patterns, the route cap and the endpoints
   * @param log where access lines go ({@code log.access}), or null for none
   */
  public SloFilter(SloRegistry registry, ServletSettings settings, @Nullable StructuredLog log) {
    configure(Objects.requireNonNull(registry, "registry"),
        Objects.requireNonNull(settings, "settings"), log == null ? null : log.accessLog());
  }

  private void configure(SloRegistry registry, ServletSettings settings,
      @Nullable AccessLog accessLog) {
    this.registry = registry;
    this.settings = settings;
    this.accessLog = accessLog == null || !accessLog.enabled() ? null : accessLog;
    this.table = new RouteTable(registry, settings.maxRoutes());
    this.templates = settings.routes().stream()
        .map(pattern -> RouteTemplate.parse("servlet.routes", pattern))
        .toArray(RouteTemplate[]::new);
    this.templateRoutes = new RouteTable.Route[templates.length];
    for (int i = 0; i < templates.length; i++) {
      templateRoutes[i] = table.route(templates[i].route());
    }
    this.endpoints =
        settings.endpoints() ? new SloEndpoints(registry, settings, table::inFlight) : null;
    this.clientAbortIsError = settings.clientAbort().equals(ServletSettings.CLIENT_ABORT_ERROR);
  }

  /**
   * Finds the registry when this filter was made by the container; fails when there is none.
   *
   * @throws ServletException if this filter has no registry and the servlet context holds none in
   *     {@value #REGISTRY_ATTRIBUTE}, or an init parameter is bad
   */
  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    ServletContext context = filterConfig.getServletContext();
    if (registry == null) {
      Object found = context.getAttribute(REGISTRY_ATTRIBUTE);
      if (!(found instanceof SloRegistry fromContext)) {
        throw new ServletException("sre4j: filter " + filterConfig.getFilterName() + " has no "
            + "SloRegistry: put one in the servlet context attribute " + REGISTRY_ATTRIBUTE
            + " before the filter starts, or construct the filter with one");
      }
      Map<String, String> parameters = new HashMap<>();
      for (String name : Collections.list(filterConfig.getInitParameterNames())) {
        parameters.put(name, filterConfig.getInitParameter(name));
      }
      Object log = context.getAttribute(LOG_ATTRIBUTE);
      try {
        configure(fromContext, ServletSettings.from(parameters),
            log instanceof StructuredLog structured ? structured.accessLog() : null);
      } catch (IllegalArgumentException e) {
        throw new ServletException("sre4j: filter " + filterConfig.getFilterName() + ": "
            + e.getMessage(), e);
      }
    }
    if (context.getAttribute(FILTER_ATTRIBUTE) == null) {
      context.setAttribute(FILTER_ATTRIBUTE, this);
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)
        || http.getDispatcherType() != DispatcherType.REQUEST
        || http.getAttribute(MEASURED_ATTRIBUTE) != null) {
      chain.doFilter(request, response);
      return;
    }
    if (registry == null) {
      throw new ServletException("sre4j: SloFilter used before init()");
    }
    if (endpoints != null && endpoints.serves(http)) {
      endpoints.serve(http, httpResponse); // the endpoints' own requests are not measured
      return;
    }
    long start = System.nanoTime();
    http.setAttribute(MEASURED_ATTRIBUTE, Boolean.TRUE);
    RouteTable.Slot counted = entryRoute(http).slot(http.getMethod());
    counted.inFlight.increment();
    Throwable thrown = null;
    boolean committedBeforeThrow = false;
    try {
      chain.doFilter(request, response);
    } catch (Throwable t) {
      thrown = t;
      committedBeforeThrow = isCommitted(httpResponse);
      throw t;
    } finally {
      afterChain(http, httpResponse, counted, start, thrown, committedBeforeThrow);
    }
  }

  /**
   * Records a request now, or for an async one registers the measurement that will. Never throws,
   * so that an exception from the chain reaches the container unchanged.
   *
   * @param counted the slot of the entry route and the method, whose in-flight gauge counts it
   * @param start {@link System#nanoTime()} at filter entry
   * @param thrown what escaped the chain, or null
   * @param committedBeforeThrow whether the response was committed when {@code thrown} escaped
   */
  private void afterChain(HttpServletRequest request, HttpServletResponse response,
      RouteTable.Slot counted, long start, @Nullable Throwable thrown,
      boolean committedBeforeThrow) {
    RouteTable.Route route = counted.owner;
    RouteTable.Slot slot = counted;
    try {
      route = finalRoute(request, counted.owner);
      if (isAsyncStarted(request)) {
        slot = moveInFlight(counted, route);
        RequestMeasurement measurement =
            new RequestMeasurement(this, request, response, slot, start);
        if (thrown != null) {
          measurement.threw(thrown, committedBeforeThrow);
        }
        request.getAsyncContext().addListener(measurement, request, response);
        return;
      }
    } catch (RuntimeException e) { // such as an async cycle that ended already: record it now
      failed(e);
    }
    long nanos = System.nanoTime() - start;
    slot.inFlight.decrement();
    record(request, response, route, slot.method, nanos, thrown, committedBeforeThrow);
  }

  /**
   * The route known before the chain runs: a configured pattern, else the servlet mapping; {@link
   * RouteTable#pending()} for the default servlet's requests, whose route the framework may name
   * only when the chain returns.
   */
  private RouteTable.Route entryRoute(HttpServletRequest request) {
    if (templates.length > 0) {
      String path = path(request);
      for (int i = 0; i < templates.length; i++) {
        if (templates[i].matches(path)) {
          return templateRoutes[i];
        }
      }
    }
    HttpServletMapping mapping = request.getHttpServletMapping();
    MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
    if (match == null) {
      return table.pending();
    }
    return switch (match) {
      case CONTEXT_ROOT -> table.route("/");
      case EXACT, PATH, EXTENSION -> {
        String pattern = mapping.getPattern();
        yield pattern == null || pattern.isEmpty() ? table.pending() : table.route(pattern);
      }
      case DEFAULT -> table.pending();
    };
  }

  /**
   * The framework's matched pattern when it set one, else the entry route ({@value
   * #CATCH_ALL_ROUTE} for a request whose route was not known at entry).
   */
  private RouteTable.Route finalRoute(HttpServletRequest request, RouteTable.Route entryRoute) {
    Object framework = request.getAttribute(SPRING_PATTERN_ATTRIBUTE);
    if (framework != null) {
      // a String from Spring MVC; a pattern object (whose toString() is the pattern) from others
      String pattern = framework instanceof String text ? text : framework.toString();
      if (pattern != null && !pattern.isBlank() && pattern.length() <= MAX_FRAMEWORK_ROUTE) {
        return entryRoute != table.pending() && pattern.equals(entryRoute.template)
            ? entryRoute : table.route(pattern);
      }
    }
    // the catch-all route is taken only by requests that end under it
    return entryRoute == table.pending() ? table.route(CATCH_ALL_ROUTE) : entryRoute;
  }

  /**
   * Whether a request matched no route of the application: a 404 or 405 whose route is only the
   * catch-all or a path mapping's wildcard ({@code /api/*}), with no configured pattern and no
   * framework pattern naming it. A 4xx is never bad for availability, so leaving these out of the
   * SLOs hides no failure; it stops random paths from diluting them.
   */
  private boolean matchedNoRoute(HttpServletRequest request, RouteTable.Route route, int status) {
    if (status != HttpServletResponse.SC_NOT_FOUND
        && status != HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
      return false;
    }
    if (route.template.equals(CATCH_ALL_ROUTE)) {
      return true;
    }
    if (!route.template.endsWith("/*") || request.getAttribute(SPRING_PATTERN_ATTRIBUTE) != null) {
      return false;
    }
    for (RouteTable.Route configured : templateRoutes) {
      if (configured == route) {
        return false;
      }
    }
    HttpServletMapping mapping = request.getHttpServletMapping();
    return mapping != null && mapping.getMappingMatch() == MappingMatch.PATH;
  }

  private static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = servletPath == null ? "" : servletPath;
    if (pathInfo != null) {
      path = path + pathInfo;
    }
    return path.isEmpty() ? "/" : path;
  }

  private static RouteTable.Slot moveInFlight(RouteTable.Slot counted, RouteTable.Route route) {
    RouteTable.Slot target = route.slot(counted.method);
    if (target != counted) {
      target.inFlight.increment();
      counted.inFlight.decrement();
    }
    return target;
  }

  /**
   * Records one completed request into its endpoint (the {@value #NOT_FOUND_ROUTE} one for a 404 on
   * the catch-all route) and the access log; a client abort is counted, and recorded only when
   * {@code servlet.client-abort=error}. Never throws.
   *
   * @param route the final route
   * @param method the method, as a slot names it
   * @param nanos the request's duration, from filter entry to completion
   * @param thrown what the request threw, or null
   * @param committedBeforeThrow whether the response was committed when it threw: the request is
   *     then recorded with the committed status
   */
  void record(HttpServletRequest request, HttpServletResponse response, RouteTable.Route route,
      String method, long nanos, @Nullable Throwable thrown, boolean committedBeforeThrow) {
    try {
      int status = response.getStatus();
      if (status == 0) {
        status = HttpServletResponse.SC_OK;
      }
      RouteTable.Route recorded = matchedNoRoute(request, route, status) ? table.notFound() : route;
      Endpoint endpoint = recorded.slot(method).endpoint();
      int logged;
      if (thrown != null && isClientAbort(thrown, committedBeforeThrow)) {
        clientAborts.increment();
        if (clientAbortIsError) {
          endpoint.recordThrown(nanos);
        }
        logged = CLIENT_CLOSED_REQUEST;
      } else if (thrown != null && !committedBeforeThrow) {
        endpoint.recordThrown(nanos);
        logged = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
      } else {
        endpoint.record(status, nanos);
        logged = status;
      }
      AccessLog access = accessLog;
      if (access != null) {
        access.log(endpoint, logged, nanos, request.getHeader(TRACEPARENT_HEADER),
            thrown == null ? null : rootCause(thrown));
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /**
   * Whether {@code thrown} says the client went away: Tomcat's {@code ClientAbortException} or
   * Jetty's {@code EofException} in the cause chain (by simple name: no container dependency), or,
   * once the response was committed, an {@link IOException} saying "broken pipe" or "connection
   * reset" (the write to the client failed).
   */
  static boolean isClientAbort(Throwable thrown, boolean committed) {
    Throwable t = thrown;
    for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (t instanceof IOException) {
        String name = t.getClass().getSimpleName();
        if (name.equals("ClientAbortException") || name.equals("EofException")) {
          return true;
        }
        String message = t.getMessage();
        if (committed && message != null && (containsIgnoreCase(message, "broken pipe")
            || containsIgnoreCase(message, "connection reset"))) {
          return true;
        }
      }
      Throwable cause = t.getCause();
      t = cause == t ? null : cause;
    }
    return false;
  }

  private static boolean containsIgnoreCase(String text, String lowerCase) {
    int length = lowerCase.length();
    for (int i = 0; i + length <= text.length(); i++) {
      if (text.regionMatches(true, i, lowerCase, 0, length)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The exception the access line names: below {@link ServletException}s (Spring's wrapper of a
   * handler's exception, {@code NestedServletException} and the like extend it) and below wrappers
   * without a message of their own (whose message is their cause's {@code toString()}, as {@code
   * new RuntimeException(cause)} makes), at most {@value #MAX_CAUSE_DEPTH} levels down.
   */
  static Throwable rootCause(Throwable thrown) {
    Throwable t = thrown;
    for (int depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
      Throwable cause = t instanceof ServletException servlet && servlet.getRootCause() != null
          ? servlet.getRootCause() : t.getCause();
      if (cause == null || cause == t) {
        return t;
      }
      if (!(t instanceof ServletException)) {
        String message = t.getMessage();
        if (message != null && !message.equals(cause.toString())) {
          return t; // a wrapper that says something of its own is what the access line names
        }
      }
      t = cause;
    }
    return t;
  }

  private void failed(RuntimeException e) {
    recordFailures.increment();
    if (warnedFailure.compareAndSet(false, true)) {
      LOGGER.log(System.Logger.Level.WARNING, "sre4j: recording a request failed", e);
    } else {
      LOGGER.log(System.Logger.Level.DEBUG, "sre4j: recording a request failed", e);
    }
  }

  private static boolean isAsyncStarted(HttpServletRequest request) {
    try {
      return request.isAsyncStarted();
    } catch (RuntimeException e) {
      return false;
    }
  }

  static boolean isCommitted(HttpServletResponse response) {
    try {
      return response.isCommitted();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void destroy() {}

  // ---- reading ----

  /** @return the registry requests are recorded into */
  public SloRegistry registry() {
    requireInitialised();
    return registry;
  }

  /** @return the settings in force */
  public ServletSettings settings() {
    requireInitialised();
    return settings;
  }

  /**
   * The in-flight gauge of every route and method seen: requests that entered the filter and have
   * not completed.
   *
   * @return counts keyed {@code "GET /api/orders/{id}"}, sorted by key; a snapshot
   */
  public Map<String, Long> inFlight() {
    requireInitialised();
    return table.inFlight();
  }

  /**
   * @param method an HTTP method, upper case; unknown methods are {@code OTHER}
   * @param route a route template, {@value #NOT_FOUND_ROUTE} or {@link SloRegistry#OTHER_ROUTE}
   * @return requests of that method and route in progress now; 0 if never seen
   */
  public long inFlight(String method, String route) {
    requireInitialised();
    return table.inFlight(method, route);
  }

  /** @return distinct routes kept ({@value #NOT_FOUND_ROUTE} and {@code OTHER} not counted) */
  public int routeCount() {
    requireInitialised();
    return table.size();
  }

  /** @return requests counted as {@code OTHER} because the route cap was reached, ever */
  public long overflowedRequests() {
    requireInitialised();
    return table.overflowed();
  }

  /** @return how many times recording a request failed (and was swallowed), ever */
  public long recordFailures() {
    return recordFailures.sum();
  }

  /**
   * Requests that failed because the client went away (see the class description), ever; whether
   * they are valid events depends on {@code servlet.client-abort}.
   *
   * @return the count, from 0
   */
  public long clientAborts() {
    return clientAborts.sum();
  }

  private void requireInitialised() {
    if (registry == null) {
      throw new IllegalStateException("sre4j: SloFilter has no registry yet (init() not called)");
    }
  }
}
