package io.sre4j.micrometer;

import static io.sre4j.micrometer.SloMeterNames.*;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;

/**
 * Publishes an {@link SloRegistry}'s SLOs and endpoints as Micrometer meters, so that Prometheus,
 * CloudWatch or any other registry sees the same numbers as sre4j's own reports.
 *
 * <pre>{@code
 * SloRegistry slos = SloRegistry.builder()
 *     .service("orders")
 *     .slo(SloSpec.builder("orders-availability").objective("99.9%").build())
 *     .build();
 * new SloMeterBinder(slos).bindTo(meterRegistry);
 *
 * // or with tags on every meter and another refresh interval
 * SloMeterBinder.builder(slos)
 *     .tags(Tags.of("application", "orders"))
 *     .refreshInterval(Duration.ofSeconds(5))
 *     .build()
 *     .bindTo(otherMeterRegistry);
 * }</pre>
 *
 * <p>(Compiled in {@code SnippetsTest}.)
 *
 * <p><b>Model.</b> Per SLO (tag {@code slo}): good and valid event counters, monotonic since the
 * SLO was registered and so summable over a fleet of instances (the Prometheus rules of {@link
 * PrometheusRules} do exactly that); the objective; the SLI over each alert window and the
 * compliance window; the error budget left; the burn rate over each alert window; one gauge per
 * alert severity (1 firing, 0 not) and one per policy state (1 for the current one). Per endpoint
 * (tags {@code method}, {@code route}): request counters per latency band and percentile gauges of
 * the latest completed interval, and a cumulative latency histogram that sums over a fleet for
 * {@code histogram_quantile}: on Micrometer's {@code PrometheusMeterRegistry} one real Prometheus
 * histogram ({@code _bucket{le}}, {@code _count}, {@code _sum}; see {@link SloMeterNames}), on any
 * other registry a counter per bucket bound (tag {@code bound}) with a function timer, all read from the core (the histogram's counts are taken on the
 * request path by the endpoint's own {@code record}, with the SLI's {@code <=} at each bound):
 * nothing is timed twice.
 * {@link SloMeterNames} lists every meter with its Prometheus form.
 *
 * <p><b>Refresh.</b> Meters do not ask the SLO registry one by one: the first meter read after the
 * refresh interval (1 s by default, measured on the SLO registry's monotonic clock) reads every
 * SLO's status and every endpoint's snapshot once, and every meter then answers from that reading.
 * The same refresh registers meters for SLOs and endpoints that appeared since the last one and
 * removes the meters of SLOs that were removed, so the meters follow the registry; a Prometheus
 * scrape sees them from the next scrape on. The {@value SloMeterNames#DEFAULT_SLOS} gauge, always
 * present, drives the refresh when nothing else is read; {@link #refresh()} does it at once. An SLO
 * removed and registered again under the same name starts its counters at zero, which Prometheus'
 * {@code rate()} reads as a counter reset.
 *
 * <p><b>Histogram counters</b> are the endpoint's running totals as of its last completed interval:
 * they move once per interval (60 s by default), so a scrape sees them up to one interval late,
 * and {@code rate()} over a few intervals reads them right.
 *
 * <p><b>Band counters</b> add up the bands of each completed latency interval once (60 s by
 * default), so they move once per interval, together with the percentile gauges. The binder sees an
 * interval as long as it is read at least once while the interval is in the endpoint's trend (the
 * last 60 intervals, an hour, by default); intervals that left the trend unread are not counted.
 *
 * <p><b>Thread safety:</b> safe from any thread; one binder may be bound to several meter
 * registries. <b>Cost:</b> a meter read is a monotonic clock read and a field read; once per
 * refresh interval one read pays for {@link SloRegistry#statuses()} and {@link
 * SloRegistry#endpointSnapshots()} (each a tick of the SLO registry under its lock) and for
 * registering or removing meters, under this binder's lock. Nothing here touches the request path.
 *
 * @since 0.1
 */
public final class SloMeterBinder implements MeterBinder {

  /** The default time a reading is reused for: {@code 1s}. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);

  /** The longest refresh interval accepted: {@code 1m}. */
  public static final Duration MAX_REFRESH_INTERVAL = Duration.ofMinutes(1);

  private static final System.Logger LOG = System.getLogger(SloMeterBinder.class.getName());

  private final SloRegistry slos;
  private final Tags tags;
  private final long refreshNanos;

  private final ReentrantLock lock = new ReentrantLock();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  // under lock
  private final Map<String, SloMeters> sloMeters = new LinkedHashMap<>();
  private final Map<String, EndpointMeters> endpointMeters = new LinkedHashMap<>();
  // the Prometheus registries the endpoint histogram is collected on
  private final Set<MeterRegistry> histogramRegistries =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean warned;

  private volatile boolean everRead;
  private volatile long lastReadNanos;
  private volatile int sloCount;
  private volatile int endpointCount;

  /**
   * A binder with no extra tags and the default refresh interval.
   *
   * @param slos the registry to publish
   */
  public SloMeterBinder(SloRegistry slos) {
    this(builder(slos));
  }

  private SloMeterBinder(Builder builder) {
    this.slos = builder.slos;
    this.tags = builder.tags;
    this.refreshNanos = builder.refreshInterval.toNanos();
  }

  /**
   * A builder of a binder for {@code slos}.
   *
   * @param slos the registry to publish
   * @return a new builder
   */
  public static Builder builder(SloRegistry slos) {
    return new Builder(slos);
  }

  /**
   * Registers the meters of every SLO and endpoint known now on {@code registry}, and from then on
   * follows the SLO registry (see the class comment). Binding the same meter registry twice has no
   * further effect.
   *
   * @param registry the meter registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    lock.lock();
    try {
      if (registries.contains(registry)) {
        return;
      }
      registries.add(registry);
      bindHistogram(registry);
      Gauge.builder(DEFAULT_SLOS, this, binder -> binder.read(() -> binder.sloCount))
          .tags(tags)
          .description("SLOs registered")
          .strongReference(true)
          .register(registry);
      Gauge.builder(DEFAULT_ENDPOINTS, this, binder -> binder.read(() -> binder.endpointCount))
          .tags(tags)
          .description("Endpoints known")
          .strongReference(true)
          .register(registry);
      slos.stateStatus().ifPresent(state -> bindState(registry, state.restoreOutcome()));
      bindNotifications(registry);
      for (SloMeters meters : sloMeters.values()) {
        meters.group.bindTo(registry);
      }
      for (EndpointMeters meters : endpointMeters.values()) {
        meters.group.bindTo(registry);
      }
      refreshLocked();
    } finally {
      lock.unlock();
    }
  }

  /** The registry that gets the Prometheus histogram, named: its class may be absent. */
  static final String PROMETHEUS_REGISTRY_CLASS =
      "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

  /**
   * Whether {@code registry} is a Micrometer {@code PrometheusMeterRegistry} (or a subclass),
   * checked by class name so that no Prometheus class is loaded when it is not. It lives here, not
   * in {@link PrometheusHistogram}: loading that class needs the Prometheus client's classes.
   */
  static boolean isPrometheus(MeterRegistry registry) {
    for (Class<?> type = registry.getClass(); type != null; type = type.getSuperclass()) {
      if (type.getName().equals(PROMETHEUS_REGISTRY_CLASS)) {
        return true;
      }
    }
    return false;
  }

  /**
   * On a Micrometer {@code PrometheusMeterRegistry}, registers the endpoints' latency histogram as
   * one Prometheus histogram family (see {@link PrometheusHistogram}); the Prometheus classes are
   * loaded only then, and any failure to load them leaves the registry with the counters.
   */
  private void bindHistogram(MeterRegistry registry) {
    if (!isPrometheus(registry)) {
      return;
    }
    try {
      PrometheusHistogram.register(registry, this, tags);
      histogramRegistries.add(registry);
    } catch (LinkageError | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "sre4j: cannot register the endpoint histogram on the Prometheus registry; exporting"
              + " its buckets as counters instead",
          e);
    }
  }

  /** Whether {@code registry} gets the Prometheus histogram instead of the bucket counters. */
  boolean exportsHistogram(MeterRegistry registry) {
    return histogramRegistries.contains(registry);
  }

  /** The endpoints' meters, refreshed as any meter read is, for a Prometheus scrape. */
  List<EndpointMeters> endpointMetersForScrape() {
    read(() -> 0);
    lock.lock();
    try {
      return new ArrayList<>(endpointMeters.values());
    } finally {
      lock.unlock();
    }
  }

  /** The alert notifications' counts, one counter per configured target and outcome. */
  private void bindNotifications(MeterRegistry registry) {
    for (SloRegistry.NotificationCounts initial : slos.notificationCounts()) {
      String target = initial.target();
      for (String outcome : List.of("sent", "retried", "failed", "dropped")) {
        FunctionCounter.builder(SloMeterNames.DEFAULT_ALERT_NOTIFICATIONS, slos,
                s -> notifications(s, target, outcome))
            .tags(tags.and(SloMeterNames.TAG_TARGET, target, SloMeterNames.TAG_OUTCOME, outcome))
            .description("Alert notifications by target and outcome (a retry counts each failed"
                + " attempt)")
            .register(registry);
      }
    }
  }

  private static double notifications(SloRegistry slos, String target, String outcome) {
    for (SloRegistry.NotificationCounts counts : slos.notificationCounts()) {
      if (counts.target().equals(target)) {
        return switch (outcome) {
          case "sent" -> counts.sent();
          case "retried" -> counts.retried();
          case "failed" -> counts.failed();
          default -> counts.dropped();
        };
      }
    }
    return 0;
  }

  /** The state file's meters: write counts, and how the registry restored it (fixed at start). */
  private void bindState(MeterRegistry registry, String restoreOutcome) {
    FunctionCounter.builder(SloMeterNames.DEFAULT_STATE_WRITES, slos,
            s -> s.stateStatus().map(state -> (double) state.writes()).orElse(0.0))
        .tags(tags)
        .description("State file writes since start")
        .register(registry);
    FunctionCounter.builder(SloMeterNames.DEFAULT_STATE_WRITE_FAILURES, slos,
            s -> s.stateStatus().map(state -> (double) state.writeFailures()).orElse(0.0))
        .tags(tags)
        .description("Failed state file writes since start")
        .register(registry);
    Gauge.builder(SloMeterNames.DEFAULT_STATE_RESTORED, () -> 1)
        .tags(tags.and("outcome", restoreOutcome))
        .description("How the registry restored its state file at start (restored, partly restored,"
            + " fresh, corrupt, unreadable)")
        .register(registry);
  }

  /**
   * Reads the SLO registry now, whatever the refresh interval, and adds or removes meters to match
   * it. Meter reads do this on their own once per refresh interval; call it to see a change at
   * once.
   */
  public void refresh() {
    lock.lock();
    try {
      refreshLocked();
    } finally {
      lock.unlock();
    }
  }

  /** Refreshes if the last reading is older than the refresh interval, then reads a value. */
  double read(DoubleSupplier value) {
    if (!everRead || slos.clock().monotonicTime() - lastReadNanos >= refreshNanos) {
      lock.lock();
      try {
        if (!everRead || slos.clock().monotonicTime() - lastReadNanos >= refreshNanos) {
          refreshLocked();
        }
      } finally {
        lock.unlock();
      }
    }
    return value.getAsDouble();
  }

  private void refreshLocked() {
    List<SloStatus> statuses;
    List<EndpointSnapshot> endpoints;
    try {
      statuses = slos.statuses();
      endpoints = slos.endpointSnapshots();
    } catch (RuntimeException e) {
      if (!warned) {
        warned = true;
        LOG.log(
            System.Logger.Level.WARNING,
            "sre4j: reading the SLO registry for meters failed; " + "meters keep their last values",
            e);
      } else {
        LOG.log(System.Logger.Level.DEBUG, "sre4j: reading the SLO registry for meters failed", e);
      }
      return;
    } finally {
      lastReadNanos = slos.clock().monotonicTime();
      everRead = true;
    }
    Set<String> seen = new HashSet<>();
    for (SloStatus status : statuses) {
      seen.add(status.name());
      SloMeters meters =
          sloMeters.computeIfAbsent(
              status.name(), name -> new SloMeters(name, tags, this, registries));
      meters.update(status);
    }
    for (Iterator<Map.Entry<String, SloMeters>> it = sloMeters.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, SloMeters> entry = it.next();
      if (!seen.contains(entry.getKey())) {
        entry.getValue().group.removeAll();
        it.remove();
      }
    }
    seen.clear();
    for (EndpointSnapshot snapshot : endpoints) {
      String key = snapshot.method() + ' ' + snapshot.route();
      seen.add(key);
      endpointMeters
          .computeIfAbsent(key, k -> new EndpointMeters(snapshot, tags, this, registries))
          .update(snapshot);
    }
    for (Iterator<Map.Entry<String, EndpointMeters>> it = endpointMeters.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, EndpointMeters> entry = it.next();
      if (!seen.contains(entry.getKey())) {
        entry.getValue().group.removeAll();
        it.remove();
      }
    }
    sloCount = sloMeters.size();
    endpointCount = endpointMeters.size();
  }

  /**
   * A single-use builder of {@link SloMeterBinder}.
   *
   * <p><b>Thread safety:</b> not thread-safe; use from one thread.
   */
  public static final class Builder {
    private final SloRegistry slos;
    private Tags tags = Tags.empty();
    private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;

    private Builder(SloRegistry slos) {
      this.slos = Objects.requireNonNull(slos, "slos");
    }

    /**
     * @param tags tags added to every meter, such as {@code application=orders}; none by default
     * @return this builder
     */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * @param interval how long one reading of the SLO registry is reused, between {@code 0} (every
     *     meter read reads the registry) and {@code 1m}; {@code 1s} by default. Measured on the SLO
     *     registry's monotonic clock.
     * @return this builder
     * @throws IllegalArgumentException if {@code interval} is negative or longer than 1 minute
     */
    public Builder refreshInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.compareTo(MAX_REFRESH_INTERVAL) > 0) {
        throw new IllegalArgumentException(
            "refreshInterval must be between 0s and 1m but was " + interval);
      }
      this.refreshInterval = interval;
      return this;
    }

    /**
     * @return a new binder, not yet bound
     */
    public SloMeterBinder build() {
      return new SloMeterBinder(this);
    }
  }
}
