package io.sre4j.spring.boot;

import io.sre4j.core.ReleaseGate;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.log.StatusDocument;
import io.sre4j.servlet.SloFilter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The Actuator endpoint {@code slo}: {@code GET /actuator/slo} answers the status document of
 * every SLO and endpoint (the {@code /sre/status} document of the servlet adapter, {@link
 * StatusDocument#status}), and {@code GET /actuator/slo/gate} the release gate's decision ({@link
 * StatusDocument#gate}): 200 when releases are allowed, 409 when the gate denies them. Exposed as
 * any Actuator endpoint ({@code management.endpoints.web.exposure.include=slo}), turned off with
 * {@code management.endpoint.slo.access=none} (or {@code management.endpoint.slo.enabled=false} on
 * Boot 3.5).
 *
 * <p><b>Thread safety:</b> any number of threads; the gate is synchronised. <b>Cost:</b> each read
 * evaluates the registry's alerts, ticks it and renders the document into a fresh string.
 *
 * @since 0.2
 */
@Endpoint(id = "slo")
public final class SloEndpoint {

  private static final String JSON = "application/json";

  private final SloRegistry registry;
  private final @Nullable SloFilter filter;
  private final ReleaseGate gate;

  /**
   * The endpoint over a registry.
   *
   * @param registry the registry
   * @param filter the filter whose in-flight gauge the status shows, if any
   * @param gateSlos the SLOs the gate judges; empty for every SLO
   */
  public SloEndpoint(SloRegistry registry, @Nullable SloFilter filter, List<String> gateSlos) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.filter = filter;
    this.gate = ReleaseGate.over(registry, gateSlos.toArray(String[]::new));
  }

  /**
   * {@code GET /actuator/slo}.
   *
   * @return the status document, one JSON object
   */
  @ReadOperation(produces = JSON)
  public String status() {
    Map<String, Long> inFlight = filter == null ? Map.of() : filter.inFlight();
    registry.evaluate(); // alerts and policy state as of now, as /sre/status answers
    return StatusDocument.status(registry, inFlight);
  }

  /**
   * {@code GET /actuator/slo/gate}; any other part answers 404.
   *
   * @param part {@code gate}
   * @return the gate decision, 200 when releases are allowed, 409 when denied
   */
  @ReadOperation(produces = JSON)
  public WebEndpointResponse<String> part(@Selector String part) {
    if (!part.equals("gate")) {
      return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }
    registry.evaluate();
    GateDecision decision = gate.decide();
    return new WebEndpointResponse<>(StatusDocument.gate(registry.service(), decision),
        decision.allowed() ? WebEndpointResponse.STATUS_OK : 409);
  }
}
