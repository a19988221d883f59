package io.sre4j.micrometer;

import io.sre4j.core.AlertRule;
import io.sre4j.core.ConfigException;
import io.sre4j.core.ReleaseGate.FleetView;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fleet view of an instance's release gate when it is configured with {@code
 * gate.prometheus-url}: found by sre-core through {@link java.util.ServiceLoader}, it asks
 * Prometheus with {@link FleetGate} and answers with the same reasons as {@code sre4j gate
 * --prometheus}. Applications never call it; putting sre-micrometer on the class path is enough.
 *
 * <p>The fleet's answer is {@code unknown} (and the instance decides) when {@link FleetGate} cannot
 * decide: Prometheus unreachable, erroring or too slow, or a gating SLO without data while none
 * with data denies. When one with data denies, the fleet denies and the SLOs without data are
 * notes.
 *
 * <p><b>Thread safety:</b> immutable; the views it opens are safe. <b>Cost:</b> a view shares one
 * HTTP client; each question is three HTTP requests.
 *
 * @since 0.2
 */
public final class PrometheusFleetView implements FleetView.Provider {

  /** The key of the token file, named when it cannot be read: {@value}. */
  static final String TOKEN_FILE_KEY = "gate.prometheus-token-file";

  /** For {@link java.util.ServiceLoader}. */
  public PrometheusFleetView() {}

  /**
   * {@inheritDoc}
   *
   * @throws ConfigException if the token file cannot be read: {@code gate.prometheus-token-file
   *     must be a readable file of one line: a bearer token, or user:password but was "<file>"
   *     (empty)}
   */
  @Override
  public FleetView open(
      URI prometheusUrl,
      Optional<Path> tokenFile,
      List<AlertRule> alertRules,
      double atRiskThreshold) {
    Objects.requireNonNull(prometheusUrl, "prometheusUrl");
    Optional<String> authorization = Optional.empty();
    if (tokenFile.isPresent()) {
      try {
        authorization = Optional.of(PrometheusClient.authorization(tokenFile.get()));
      } catch (PrometheusClient.BadToken e) {
        throw ConfigException.describing(TOKEN_FILE_KEY,
            "a readable file of one line: a bearer token, or user:password",
            ConfigException.quote(tokenFile.get().toString()) + " (" + e.getMessage() + ")");
      }
    }
    PrometheusClient client = new PrometheusClient(prometheusUrl, authorization);
    List<AlertRule> rules = List.copyOf(alertRules);
    return (slos, timeout) -> answer(
        new FleetGate(client, slos, rules, atRiskThreshold)
            .decide(Instant.now(), System.nanoTime() + timeout.toNanos()));
  }

  /** The fleet's verdict as the instance's gate takes it. */
  static FleetView.Answer answer(FleetGate.Verdict verdict) {
    return switch (verdict.outcome()) {
      case ALLOW -> new FleetView.Answer(Optional.empty(), List.of(), verdict.notes());
      case DENY -> {
        List<String> notes = new ArrayList<>(verdict.notes());
        notes.addAll(verdict.unknowns());
        yield new FleetView.Answer(Optional.empty(), verdict.reasons(), notes);
      }
      case UNKNOWN -> FleetView.Answer.unknown(
          verdict.unknowns().isEmpty()
              ? "prometheus cannot decide"
              : verdict.unknowns().get(0)
                  + (verdict.unknowns().size() > 1
                      ? " (and " + (verdict.unknowns().size() - 1) + " more)"
                      : ""));
    };
  }

  @Override
  public String toString() {
    return "PrometheusFleetView";
  }
}
