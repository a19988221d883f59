package io.sre4j.core.event;

import io.sre4j.core.Deployment;
import java.time.Instant;
import java.util.Objects;

/**
 * A deployment marker was set.
 *
 * @param time when it was set
 * @param service the service's name
 * @param deployment the version and its time
 * @since 0.1
 */
public record DeploymentEvent(Instant time, String service, Deployment deployment)
    implements SloEvent {

  /** Checks the fields. */
  public DeploymentEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(deployment, "deployment");
  }
}
