package io.sre4j.micrometer;

import static io.sre4j.micrometer.SloMeterNames.*;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sre4j.core.AlertReading;
import io.sre4j.core.BudgetState;
import io.sre4j.core.BurnRate;
import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.IntervalStats;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

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
 * the latest completed interval, read from the core's own recorder: nothing is recorded twice.
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

  private static final String[] PERCENTILES = {"p50", "p90", "p95", "p99", "p999"};
  private static final String[] BANDS = {"fast", "tolerable", "slow"};

  private final SloRegistry slos;
  private final Tags tags;
  private final long refreshNanos;

  private final ReentrantLock lock = new ReentrantLock();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  // under lock
  private final Map<String, SloMeters> sloMeters = new LinkedHashMap<>();
  private final Map<String, EndpointMeters> endpointMeters = new LinkedHashMap<>();
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
  private double read(DoubleSupplier value) {
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
      SloMeters meters = sloMeters.computeIfAbsent(status.name(), SloMeters::new);
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
      endpointMeters.computeIfAbsent(key, k -> new EndpointMeters(snapshot)).update(snapshot);
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
   * The meters of one SLO or endpoint on every bound registry: their definitions, so that a
   * registry bound later gets them too, and the meters registered, so that they can be removed.
   * Touched under the binder's lock.
   */
  private final class MeterGroup {
    private final List<Function<MeterRegistry, Meter>> definitions = new ArrayList<>();
    private final List<MeterRegistry> owners = new ArrayList<>();
    private final List<Meter> meters = new ArrayList<>();

    void add(Function<MeterRegistry, Meter> definition) {
      definitions.add(definition);
      for (MeterRegistry registry : registries) {
        owners.add(registry);
        meters.add(definition.apply(registry));
      }
    }

    void bindTo(MeterRegistry registry) {
      for (Function<MeterRegistry, Meter> definition : definitions) {
        owners.add(registry);
        meters.add(definition.apply(registry));
      }
    }

    void removeAll() {
      for (int i = 0; i < meters.size(); i++) {
        owners.get(i).remove(meters.get(i));
      }
      owners.clear();
      meters.clear();
    }
  }

  /** One SLO's meters and the status they read; the status is replaced at each refresh. */
  private final class SloMeters {
    final MeterGroup group = new MeterGroup();
    final Tags sloTags;
    final Set<String> windows = new HashSet<>();
    final Set<String> severities = new HashSet<>();
    volatile @Nullable SloStatus status;

    SloMeters(String name) {
      this.sloTags = tags.and(TAG_SLO, name);
    }

    /** The status the meters read: set by the first {@code update}, before any meter exists. */
    private SloStatus current() {
      SloStatus current = status;
      if (current == null) {
        throw new IllegalStateException("no status before the first update");
      }
      return current;
    }

    void update(SloStatus next) {
      boolean first = status == null;
      status = next;
      if (first) {
        counter(
            DEFAULT_SLO_GOOD,
            "Good events since the SLO was registered",
            SloStatus::totalGoodEvents);
        counter(
            DEFAULT_SLO_VALID,
            "Valid events (good or bad) since the SLO was registered",
            SloStatus::totalValidEvents);
        gauge(
            DEFAULT_SLO_OBJECTIVE,
            Tags.empty(),
            UNIT_RATIO,
            "The SLO's objective",
            s -> s.window().objective());
        gauge(
            DEFAULT_SLO_BUDGET_REMAINING,
            Tags.empty(),
            UNIT_RATIO,
            "Error budget left in the compliance window; negative when overspent",
            s -> s.window().budgetRemaining());
        for (BudgetState state : BudgetState.values()) {
          gauge(
              DEFAULT_SLO_BUDGET_STATE,
              Tags.of(TAG_STATE, state.label()),
              null,
              "1 for the current error-budget policy state, 0 for the others",
              s -> s.budgetState() == state ? 1 : 0);
        }
      }
      for (BurnRate burn : next.burnRates()) {
        String window = burn.windowLabel();
        if (windows.add(window)) {
          Duration lookback = burn.window();
          gauge(
              DEFAULT_SLO_SLI,
              Tags.of(TAG_WINDOW, window),
              UNIT_RATIO,
              "Good / valid events over the window; 1 with no data",
              s -> windowSli(s, lookback));
          gauge(
              DEFAULT_SLO_BURN_RATE,
              Tags.of(TAG_WINDOW, window),
              null,
              "Error budget burn rate over the window; 1 spends the budget exactly over the SLO"
                  + " window",
              s -> windowBurn(s, lookback));
        }
      }
      String compliance = next.window().window();
      if (windows.add(compliance)) {
        gauge(
            DEFAULT_SLO_SLI,
            Tags.of(TAG_WINDOW, compliance),
            UNIT_RATIO,
            "Good / valid events over the window; 1 with no data",
            s -> s.window().sli());
      }
      for (AlertReading reading : next.alerts()) {
        addSeverity(reading.rule().severity());
      }
      for (String severity : next.firing()) {
        addSeverity(severity);
      }
    }

    private void addSeverity(String severity) {
      if (severities.add(severity)) {
        gauge(
            DEFAULT_SLO_ALERT,
            Tags.of(TAG_SEVERITY, severity),
            null,
            "1 while an alert of this severity fires, 0 otherwise",
            s -> s.firing().contains(severity) ? 1 : 0);
      }
    }

    private void counter(String name, String description, ToLongFunction<SloStatus> value) {
      group.add(
          registry ->
              FunctionCounter.builder(
                      name, this, meters -> read(() -> value.applyAsLong(meters.current())))
                  .tags(sloTags)
                  .baseUnit(UNIT_EVENTS)
                  .description(description)
                  .register(
                      registry)); // weakly held: this binder's map holds it, and its gauges the
                                  // binder
    }

    private void gauge(
        String name,
        Tags extra,
        @Nullable String unit,
        String description,
        ToDoubleFunction<SloStatus> value) {
      group.add(
          registry ->
              Gauge.builder(name, this, meters -> read(() -> value.applyAsDouble(meters.current())))
                  .tags(sloTags.and(extra))
                  .baseUnit(unit)
                  .description(description)
                  .strongReference(true)
                  .register(registry));
    }
  }

  private static double windowSli(SloStatus status, Duration window) {
    for (BurnRate burn : status.burnRates()) {
      if (burn.window().equals(window)) {
        return burn.validEvents() == 0
            ? 1.0
            : (double) (burn.validEvents() - burn.badEvents()) / burn.validEvents();
      }
    }
    return Double.NaN;
  }

  private static double windowBurn(SloStatus status, Duration window) {
    for (BurnRate burn : status.burnRates()) {
      if (burn.window().equals(window)) {
        return burn.rate();
      }
    }
    return Double.NaN;
  }

  /**
   * One endpoint's meters: band totals added up from the completed intervals seen, and the latest
   * snapshot for the percentiles.
   */
  private final class EndpointMeters {
    final MeterGroup group = new MeterGroup();
    volatile @Nullable EndpointSnapshot snapshot;
    // written under the binder's lock, read by meters from any thread
    volatile long fast;
    volatile long tolerable;
    volatile long slow;
    private @Nullable IntervalStats lastCounted;

    EndpointMeters(EndpointSnapshot first) {
      Tags endpointTags = tags.and(TAG_METHOD, first.method()).and(TAG_ROUTE, first.route());
      for (String band : BANDS) {
        group.add(
            registry ->
                FunctionCounter.builder(
                        DEFAULT_ENDPOINT_REQUESTS, this, meters -> read(() -> meters.band(band)))
                    .tags(endpointTags.and(TAG_BAND, band))
                    .baseUnit(UNIT_REQUESTS)
                    .description("Requests in each latency band, over the completed intervals")
                    .register(registry)); // weakly held, like the SLO counters
      }
      for (int i = 0; i < PERCENTILES.length; i++) {
        int percentile = i;
        group.add(
            registry ->
                Gauge.builder(
                        DEFAULT_ENDPOINT_LATENCY,
                        this,
                        meters -> read(() -> meters.percentileSeconds(percentile)))
                    .tags(endpointTags.and(TAG_PERCENTILE, PERCENTILES[percentile]))
                    .baseUnit(UNIT_SECONDS)
                    .description(
                        "Latency percentile of the latest completed interval; NaN when it had no"
                            + " request")
                    .strongReference(true)
                    .register(registry));
      }
    }

    void update(EndpointSnapshot next) {
      List<IntervalStats> intervals = next.intervals();
      int from = 0;
      if (lastCounted != null) {
        from = intervals.lastIndexOf(lastCounted) + 1; // 0 when it left the trend: count them all
      }
      long addFast = 0;
      long addTolerable = 0;
      long addSlow = 0;
      for (int i = from; i < intervals.size(); i++) {
        IntervalStats stats = intervals.get(i);
        addFast += stats.fast();
        addTolerable += stats.tolerable();
        addSlow += stats.slow();
      }
      fast += addFast;
      tolerable += addTolerable;
      slow += addSlow;
      if (!intervals.isEmpty()) {
        lastCounted = intervals.get(intervals.size() - 1);
      }
      snapshot = next;
    }

    double band(String band) {
      return switch (band) {
        case "fast" -> fast;
        case "tolerable" -> tolerable;
        default -> slow;
      };
    }

    double percentileSeconds(int percentile) {
      EndpointSnapshot current = snapshot;
      IntervalStats latest = current == null ? null : current.latest().orElse(null);
      if (latest == null || latest.noData()) {
        return Double.NaN;
      }
      long nanos =
          switch (percentile) {
            case 0 -> latest.p50Nanos();
            case 1 -> latest.p90Nanos();
            case 2 -> latest.p95Nanos();
            case 3 -> latest.p99Nanos();
            default -> latest.p999Nanos();
          };
      return nanos / 1e9;
    }
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
