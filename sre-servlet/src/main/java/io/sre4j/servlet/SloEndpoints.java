package io.sre4j.servlet;

import io.sre4j.core.BudgetAdjustment;
import io.sre4j.core.ConfigException;
import io.sre4j.core.ConfigSchema;
import io.sre4j.core.Deployment;
import io.sre4j.core.MaintenanceWindow;
import io.sre4j.core.ReleaseGate;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.Review;
import io.sre4j.core.SloPolicy;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.log.StatusDocument;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The status and release-gate endpoints, under the prefix ({@code /sre} by default):
 *
 * <ul>
 *   <li>{@code GET status}: {@link StatusDocument#status}, 200.
 *   <li>{@code GET gate}: {@link StatusDocument#gate}, 200 when releases are allowed, 409 when
 *       denied: {@code curl -f} fails the pipeline step.
 *   <li>{@code POST deployments} ({@code version}; optional {@code downtime}, such as {@code 2m}:
 *       planned like a maintenance window, 409 when the registry is strict and it is over
 *       budget): sets a deployment marker, 201.
 *   <li>{@code GET gate?downtime=5m}: as {@code GET gate}, and denies when the declared downtime
 *       exceeds what is left of a gating SLO's budget.
 *   <li>{@code POST maintenance} ({@code reason} and {@code duration}, or {@code start} and
 *       {@code end}, or {@code end} alone; optional {@code slos}): declares a window, 201; 409 when
 *       the registry is strict and the window is over budget.
 *   <li>{@code POST gate/override} ({@code reason}, {@code duration}): overrides the gate, 200.
 *   <li>{@code POST reviews} ({@code slo}, {@code who}, {@code summary}; optional {@code
 *       actions} separated by {@code ;}, {@code link}, {@code when}): records a review after an
 *       exhaustion, 201 with the SLO's policy.
 *   <li>{@code POST budget-adjustments} ({@code slo}, one of {@code objective}, {@code
 *       extra_bad_events} or {@code extra_downtime}, {@code reason}, {@code approver}; optional
 *       {@code start}, {@code end}): records a budget adjustment, 201 with the SLO's policy.
 * </ul>
 *
 * <p>Parameters come as a flat JSON object ({@code Content-Type: application/json}) or as form or
 * query parameters. The {@code POST} endpoints need {@code Authorization: Bearer <token>} with the
 * configured token, compared in constant time (SHA-256 of both, then {@link
 * MessageDigest#isEqual}): without the header, 401 with {@code WWW-Authenticate: Bearer
 * realm="sre4j"}; with a wrong token, 401 with {@code error="invalid_token"} (RFC 6750). With no
 * token configured they answer 404 as if they did not exist. {@code GET status} and {@code GET
 * gate} are open to anyone who can reach the service, unless {@code servlet.token-protects-reads}
 * is set: then they need the same bearer token (401 without it). A bad request gets 400 (413 for a
 * body over 16 KiB) with {@code {"error":..,"message":..}}; an unexpected failure 500 with a
 * generic message, never a stack trace.
 *
 * <p>{@code status} and {@code gate} evaluate alerts and the budget policy first ({@link
 * SloRegistry#evaluate()}), so they answer as of now, not as of the last scheduled evaluation.
 * With {@code gate.prometheus-url}, {@code gate} answers from the fleet ({@link ReleaseGate}): it
 * may wait for Prometheus up to {@code gate.prometheus-timeout}, at most once per {@code
 * gate.prometheus-cache}, and its {@code source} says who judged.
 *
 * <p><b>Thread safety:</b> any number of request threads; the gate is synchronised. <b>Cost:</b>
 * every answer reads the registry, which ticks it; these endpoints are for people and pipelines,
 * not for a hot loop.
 */
final class SloEndpoints {

  private static final String JSON = "application/json;charset=UTF-8";
  private static final Duration MAX_MAINTENANCE = Duration.ofDays(31);

  private final SloRegistry registry;
  private final String prefix;
  private final ReleaseGate gate;
  private final byte @Nullable [] tokenDigest;
  private final boolean tokenProtectsReads;
  private final Supplier<Map<String, Long>> inFlight;

  SloEndpoints(SloRegistry registry, ServletSettings settings,
      Supplier<Map<String, Long>> inFlight) {
    this.registry = registry;
    this.prefix = settings.prefix();
    this.gate = ReleaseGate.over(registry, settings.gateSlos().toArray(String[]::new));
    this.tokenDigest = settings.token().map(SloEndpoints::sha256).orElse(null);
    this.tokenProtectsReads = settings.tokenProtectsReads();
    this.inFlight = inFlight;
  }

  /** @return whether the request's path is the prefix or under it */
  boolean serves(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    int at = context == null ? 0 : context.length();
    if (uri == null || !uri.startsWith(prefix, at) || (at > 0 && !uri.startsWith(context))) {
      return false;
    }
    int end = at + prefix.length();
    return uri.length() == end || uri.charAt(end) == '/';
  }

  void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    String path = uri.substring((context == null ? 0 : context.length()) + prefix.length());
    String method = request.getMethod();
    try {
      switch (path) {
        case "/status" -> {
          if (read(method, response) && readAuthorized(request, response)) {
            registry.evaluate(); // alerts and policy state as of now, not of the last schedule
            send(response, 200, StatusDocument.status(registry, inFlight.get()), method);
          }
        }
        case "/gate" -> {
          if (read(method, response) && readAuthorized(request, response)) {
            registry.evaluate();
            Duration downtime = Duration.ZERO;
            if (request.getQueryString() != null) {
              Map<String, String> params = RequestBody.read(request, "downtime");
              if (params.containsKey("downtime")) {
                downtime = duration("downtime", required(params, "downtime"),
                    Duration.ofDays(Deployment.MAX_DOWNTIME_DAYS));
              }
            }
            GateDecision decision = gate.decide(downtime);
            send(response, decision.allowed() ? 200 : 409,
                StatusDocument.gate(registry.service(), decision), method);
          }
        }
        case "/deployments" -> {
          if (mutating(request, response)) {
            deployment(request, response);
          }
        }
        case "/maintenance" -> {
          if (mutating(request, response)) {
            maintenance(request, response);
          }
        }
        case "/gate/override" -> {
          if (mutating(request, response)) {
            override(request, response);
          }
        }
        case "/reviews" -> {
          if (mutating(request, response)) {
            review(request, response);
          }
        }
        case "/budget-adjustments" -> {
          if (mutating(request, response)) {
            budgetAdjustment(request, response);
          }
        }
        default -> notFound(response);
      }
    } catch (RequestBody.BadRequest e) {
      error(response, e.status, e.status == 413 ? "too_large" : "bad_request", e.getMessage());
    } catch (IllegalArgumentException e) {
      error(response, 400, "bad_request", e.getMessage());
    } catch (IllegalStateException e) {
      error(response, 409, "conflict", e.getMessage());
    } catch (RuntimeException e) {
      SloFilter.LOGGER.log(System.Logger.Level.WARNING, "sre4j: endpoint " + path + " failed", e);
      error(response, 500, "internal_error", "the request failed; see the service's log");
    }
  }

  // ---- endpoints ----

  private void deployment(HttpServletRequest request, HttpServletResponse response)
      throws IOException, RequestBody.BadRequest {
    Map<String, String> params = RequestBody.read(request, "version", "downtime");
    String version = required(params, "version");
    if (params.containsKey("downtime")) {
      Duration downtime = duration("downtime", required(params, "downtime"),
          Duration.ofDays(Deployment.MAX_DOWNTIME_DAYS));
      List<String> overBudget = registry.declareDeployment(version.trim(), downtime);
      Deployment deployment = registry.lastDeployment().orElseThrow();
      send(response, 201, StatusDocument.deployment(registry.service(), deployment, overBudget),
          "POST");
      return;
    }
    Deployment deployment = registry.deployment(version.trim());
    send(response, 201, StatusDocument.deployment(registry.service(), deployment), "POST");
  }

  private void maintenance(HttpServletRequest request, HttpServletResponse response)
      throws IOException, RequestBody.BadRequest {
    Map<String, String> params =
        RequestBody.read(request, "reason", "duration", "start", "end", "slos");
    String reason = required(params, "reason");
    Instant now = Instant.ofEpochMilli(registry.clock().wallTime());
    Instant start;
    Instant end;
    if (params.containsKey("duration")) {
      if (params.containsKey("start") || params.containsKey("end")) {
        throw new RequestBody.BadRequest(400, "give duration, or start and end, not both");
      }
      start = now;
      end = now.plus(duration("duration", params.get("duration"), MAX_MAINTENANCE));
    } else if (params.containsKey("end")) {
      start = params.containsKey("start") ? instant("start", params.get("start")) : now;
      end = instant("end", params.get("end"));
      if (Duration.between(start, end).compareTo(MAX_MAINTENANCE) > 0) {
        throw new RequestBody.BadRequest(400, "a maintenance window must be at most 31d long");
      }
    } else {
      throw new RequestBody.BadRequest(400, "give duration (such as 30m), or end (and start)");
    }
    Set<String> slos = new LinkedHashSet<>();
    if (params.containsKey("slos")) {
      List<String> known = registry.slos().stream().map(SloSpec::name).toList();
      for (String name : params.get("slos").split(",")) {
        String trimmed = name.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (!known.contains(trimmed)) {
          throw new RequestBody.BadRequest(400, "slos must name registered SLOs " + known
              + " but named " + abbreviate(trimmed));
        }
        slos.add(trimmed);
      }
    }
    MaintenanceWindow window = new MaintenanceWindow(start, end, reason, slos);
    List<String> overBudget = registry.declareMaintenance(window);
    send(response, 201, StatusDocument.maintenance(registry.service(), window, overBudget), "POST");
  }

  private void override(HttpServletRequest request, HttpServletResponse response)
      throws IOException, RequestBody.BadRequest {
    Map<String, String> params = RequestBody.read(request, "reason", "duration");
    String reason = required(params, "reason");
    Duration validFor =
        duration("duration", required(params, "duration"), ReleaseGate.MAX_OVERRIDE);
    GateDecision decision = gate.override(reason, validFor);
    send(response, 200, StatusDocument.gate(registry.service(), decision), "POST");
  }

  /**
   * {@code POST reviews}: {@code slo}, {@code who}, {@code summary}, optional {@code actions}
   * (separated by {@code ;}), {@code link} and {@code when} (RFC 3339; the registry's clock by
   * default); 201 with the SLO's policy.
   */
  private void review(HttpServletRequest request, HttpServletResponse response)
      throws IOException, RequestBody.BadRequest {
    Map<String, String> params =
        RequestBody.read(request, "slo", "who", "summary", "actions", "link", "when");
    String slo = knownSlo(required(params, "slo"));
    String who = required(params, "who").trim();
    String summary = required(params, "summary").trim();
    List<String> actions = new ArrayList<>();
    if (params.containsKey("actions")) {
      for (String action : params.get("actions").split(";")) {
        if (!action.isBlank()) {
          actions.add(action.trim());
        }
      }
    }
    Optional<URI> link = Optional.empty();
    if (params.containsKey("link") && !params.get("link").isBlank()) {
      link = Optional.of(httpUrl("link", params.get("link")));
    }
    Instant when = params.containsKey("when") ? instant("when", params.get("when"))
        : Instant.ofEpochMilli(registry.clock().wallTime());
    Review review;
    try {
      review = new Review(who, when, summary, actions, link);
    } catch (ConfigException e) {
      String message = Objects.requireNonNullElse(e.getMessage(), "bad review");
      throw new RequestBody.BadRequest(400, message.replaceFirst("^review ", ""));
    }
    SloPolicy policy = registry.recordReview(slo, review);
    send(response, 201, StatusDocument.policy(registry.service(), policy), "POST");
  }

  /**
   * {@code POST budget-adjustments}: {@code slo}, exactly one of {@code objective} (such as
   * {@code 99.5%} or {@code 0.995}), {@code extra_bad_events} or {@code extra_downtime} (such as
   * {@code 2h}), {@code reason}, {@code approver}, optional {@code start} (now by default) and
   * {@code end} (none: long-term); 201 with the SLO's policy.
   */
  private void budgetAdjustment(HttpServletRequest request, HttpServletResponse response)
      throws IOException, RequestBody.BadRequest {
    Map<String, String> params = RequestBody.read(request, "slo", "objective", "extra_bad_events",
        "extra_downtime", "reason", "approver", "start", "end");
    String slo = knownSlo(required(params, "slo"));
    int kinds = (params.containsKey("objective") ? 1 : 0)
        + (params.containsKey("extra_bad_events") ? 1 : 0)
        + (params.containsKey("extra_downtime") ? 1 : 0);
    if (kinds != 1) {
      throw new RequestBody.BadRequest(400,
          "give exactly one of objective, extra_bad_events or extra_downtime");
    }
    String reason = required(params, "reason").trim();
    String approver = required(params, "approver").trim();
    Instant now = Instant.ofEpochMilli(registry.clock().wallTime());
    Instant start = params.containsKey("start") ? instant("start", params.get("start")) : now;
    Optional<Instant> end = params.containsKey("end")
        ? Optional.of(instant("end", params.get("end"))) : Optional.empty();
    BudgetAdjustment adjustment;
    try {
      if (params.containsKey("objective")) {
        adjustment = BudgetAdjustment.objective(objective(params.get("objective")), reason,
            approver, start, end);
      } else if (params.containsKey("extra_bad_events")) {
        adjustment = BudgetAdjustment.extraBadEvents(count("extra_bad_events",
            params.get("extra_bad_events")), reason, approver, start, end);
      } else {
        adjustment = BudgetAdjustment.extraDowntime(duration("extra_downtime",
            required(params, "extra_downtime"), BudgetAdjustment.MAX_EXTRA_DOWNTIME), reason, approver,
            start, end);
      }
    } catch (ConfigException e) {
      String message = Objects.requireNonNullElse(e.getMessage(), "bad budget adjustment");
      throw new RequestBody.BadRequest(400, message.replaceFirst("^budget adjustment ", ""));
    }
    SloPolicy policy;
    try {
      policy = registry.adjustBudget(slo, adjustment);
    } catch (ConfigException e) {
      String message = Objects.requireNonNullElse(e.getMessage(), "bad budget adjustment");
      throw new RequestBody.BadRequest(400, message.replaceFirst("^budget adjustment ", ""));
    }
    send(response, 201, StatusDocument.policy(registry.service(), policy), "POST");
  }

  /** An objective such as {@code 99.5%} or {@code 0.995}, in (0,1), or 400 naming it. */
  private static double objective(String text) throws RequestBody.BadRequest {
    String trimmed = text.trim();
    try {
      double value = trimmed.endsWith("%")
          ? Double.parseDouble(trimmed.substring(0, trimmed.length() - 1)) / 100
          : Double.parseDouble(trimmed);
      if (value > 0 && value < 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new RequestBody.BadRequest(400, "objective must be a ratio in (0,1) such as 99.5% or"
        + " 0.995 but was " + abbreviate(trimmed));
  }

  /** A positive whole number, or 400 naming it. */
  private static long count(String name, String text) throws RequestBody.BadRequest {
    try {
      long value = Long.parseLong(text.trim());
      if (value > 0 && value <= BudgetAdjustment.MAX_EXTRA_BAD_EVENTS) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new RequestBody.BadRequest(400, name + " must be a whole number from 1 to "
        + BudgetAdjustment.MAX_EXTRA_BAD_EVENTS + " but was " + abbreviate(text.trim()));
  }

  /** The name of a registered SLO, or 400 naming {@code slo}. */
  private String knownSlo(String name) throws RequestBody.BadRequest {
    String trimmed = name.trim();
    List<String> known = registry.slos().stream().map(SloSpec::name).toList();
    if (!known.contains(trimmed)) {
      throw new RequestBody.BadRequest(400, "slo must name a registered SLO " + known
          + " but named " + abbreviate(trimmed));
    }
    return trimmed;
  }

  /** An absolute http(s) URL, or 400 naming the parameter. */
  private static URI httpUrl(String name, String text) throws RequestBody.BadRequest {
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() != null && (scheme.equals("http") || scheme.equals("https"))) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // answered below
    }
    throw new RequestBody.BadRequest(400, name + " must be an absolute http(s) URL but was "
        + abbreviate(text.trim()));
  }

  // ---- checks ----

  private static boolean read(String method, HttpServletResponse response) throws IOException {
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    response.setHeader("Allow", "GET, HEAD");
    error(response, 405, "method_not_allowed", "use GET");
    return false;
  }

  /** Checks the bearer token of a GET when servlet.token-protects-reads is set. */
  private boolean readAuthorized(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    // ServletSettings has a token whenever tokenProtectsReads is set
    return !tokenProtectsReads || bearer(request, response, Objects.requireNonNull(tokenDigest));
  }

  /** Checks a mutating request: served at all, POST, and the bearer token. */
  private boolean mutating(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (tokenDigest == null) {
      notFound(response);
      return false;
    }
    if (!request.getMethod().equals("POST")) {
      response.setHeader("Allow", "POST");
      error(response, 405, "method_not_allowed", "use POST");
      return false;
    }
    return bearer(request, response, tokenDigest);
  }

  /** Checks {@code Authorization: Bearer <token>} in constant time; 401 (RFC 6750) otherwise. */
  private static boolean bearer(HttpServletRequest request, HttpServletResponse response,
      byte[] tokenDigest) throws IOException {
    String authorization = request.getHeader("Authorization");
    if (authorization == null || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"sre4j\"");
      error(response, 401, "unauthorized", "send Authorization: Bearer <token>");
      return false;
    }
    byte[] presented = sha256(authorization.substring(7).trim());
    if (!MessageDigest.isEqual(presented, tokenDigest)) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"sre4j\", error=\"invalid_token\"");
      error(response, 401, "invalid_token", "the bearer token is not the configured one");
      return false;
    }
    return true;
  }

  private static String required(Map<String, String> params, String name)
      throws RequestBody.BadRequest {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      throw new RequestBody.BadRequest(400, name + " is required");
    }
    return value;
  }

  /**
   * Parses a duration as every sre4j key does ({@link ConfigSchema#parseDuration}: {@code 30m},
   * {@code 1.5h}, {@code 1h30m}, ISO-8601 {@code PT30M}): positive, up to max.
   */
  static Duration duration(String name, String text, Duration max) throws RequestBody.BadRequest {
    Duration parsed;
    try {
      parsed = ConfigSchema.parseDuration(name, text);
    } catch (ConfigException e) {
      parsed = null;
    }
    if (parsed == null || parsed.isNegative() || parsed.isZero() || parsed.compareTo(max) > 0) {
      throw new RequestBody.BadRequest(400, name + " must be a positive duration such as 30m, 1h30m"
          + " or PT30M, at most " + ConfigSchema.formatDuration(max) + ", but was "
          + abbreviate(text.trim()));
    }
    return parsed;
  }

  private static Instant instant(String name, String text) throws RequestBody.BadRequest {
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new RequestBody.BadRequest(400, name + " must be an RFC 3339 time such as "
          + "2026-11-27T03:00:00Z but was " + abbreviate(text));
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "\u2026";
  }

  // ---- answers ----

  private static void notFound(HttpServletResponse response) throws IOException {
    error(response, 404, "not_found", "no such sre4j endpoint");
  }

  private static void error(HttpServletResponse response, int status, String code,
      @Nullable String message)
      throws IOException {
    // an exception without a message answers with its code rather than failing the answer
    send(response, status, StatusDocument.error(code, Objects.requireNonNullElse(message, code)),
        "GET");
  }

  private static void send(HttpServletResponse response, int status, String json, String method)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(JSON);
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    if (!method.equals("HEAD")) {
      response.getOutputStream().write(body);
    }
    response.flushBuffer();
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** @return the gate the endpoints decide with */
  ReleaseGate gate() {
    return gate;
  }

  @Override
  public String toString() {
    List<String> paths = new ArrayList<>(List.of(prefix + "/status", prefix + "/gate"));
    if (tokenDigest != null) {
      paths.addAll(List.of(prefix + "/deployments", prefix + "/maintenance",
          prefix + "/gate/override", prefix + "/reviews", prefix + "/budget-adjustments"));
    }
    return "SloEndpoints" + paths;
  }
}
