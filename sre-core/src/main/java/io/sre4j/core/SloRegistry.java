package io.sre4j.core;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.ReleaseGate.FleetView;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloEvent.BudgetAdjustmentEvent;
import io.sre4j.core.event.SloEvent.DeploymentDowntimeEvent;
import io.sre4j.core.event.SloEvent.DeploymentEvent;
import io.sre4j.core.event.SloEvent.MaintenanceEvent;
import io.sre4j.core.event.SloEvent.ReviewEvent;
import io.sre4j.core.event.SloEvent.SliReport;
import io.sre4j.core.event.SloListener;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The service's endpoints and SLOs, and the tick that turns what requests recorded into windows,
 * budgets and latency trends.
 *
 * <pre>{@code
 * SloRegistry registry = SloRegistry.builder()
 *     .service("orders")
 *     .slo(SloSpec.builder("orders-availability").objective("99.9%").build())
 *     .slo(SloSpec.builder("orders-latency")
 *         .sli(Sli.latency(Duration.ofMillis(800))).objective("99%").build())
 *     .build();
 * Endpoint getOrder = registry.endpoint("GET", "/api/orders/{id}");
 * getOrder.record(200, 12_000_000);
 * SloSnapshot availability = registry.snapshot("orders-availability").orElseThrow();
 * }</pre>
 *
 * <p><b>Model.</b> Requests only add to counters (see {@link Endpoint}). The <em>tick</em>, run by a
 * daemon thread every second (or by {@link #tick()} when the registry was built with
 * {@link Builder#manualTick()}), drains those counters into each SLO's fixed-memory time buckets,
 * stamped with the tick's wall time, and closes latency intervals that are due. Snapshots tick
 * first, so they are never older than the call.
 *
 * <p><b>Wall-clock jumps.</b> Buckets are stamped with {@code max(wall time, last stamp)}: when the
 * wall clock jumps back, counts go on into the newest bucket until the clock catches up; when it
 * jumps forward, the buckets in between are empty. No count is lost or doubled either way.
 * Latency intervals are timed on the monotonic clock.
 *
 * <p><b>Thread safety:</b> every method is safe from any thread. {@link #endpoint} is lock-free
 * for known endpoints; creating one, registering an SLO, ticking and snapshotting are serialised by
 * one lock that request threads never take.
 *
 * <p><b>Cost:</b> look endpoints up once and keep them: {@link #endpoint} is a hash lookup on a
 * string key, which allocates. Memory: see {@link Endpoint} and {@link TieredCounts} (at most
 * 58 KiB of buckets for a 30-day SLO, 64 KiB for any).
 *
 * @since 0.1
 */
/*
 * Layout. This class keeps the lock, the tick thread, the tick itself and the reads; its other jobs
 * live in package-private classes: the endpoint table with its aliases and overflow endpoint (the
 * only state request threads touch) in EndpointTable, the guarded listener fan-out in
 * GuardedListeners, maintenance windows and their over-budget check in MaintenancePlan, alerting
 * and policy in AlertEngine over each SloState's AlertState, the state file's format in StateFile
 * and its restore rules and writes in StateStore, the release gate's fleet view and its cache in
 * FleetCache. The file is longer than 500 lines because it is
 * the library's main entry point: most of it is the Javadoc of public methods; the public nested
 * Builder (about 250 lines, nearly all Javadoc of its settings) and StateStatus cannot move out
 * without renaming public types; and the encoding of the registry's own part of the state file
 * (deployment, maintenance, override, last evaluation, about 90 lines) reads and restores this
 * class's private fields under its lock, so it stays beside them.
 */
public final class SloRegistry implements AutoCloseable {

  /** The route of the endpoint shared by every route past {@link Builder#maxEndpoints(int)}. */
  public static final String OTHER_ROUTE = "OTHER";

  /**
   * The route of requests that matched no route of the application (404s of a catch-all), shared
   * by all of them: {@value}. Not a valid event of any SLO unless its selector says {@link
   * EndpointSelector#unmatched(boolean) unmatched(true)}.
   */
  public static final String NOT_FOUND_ROUTE = "NOT_FOUND";

  /**
   * The most {@code max-endpoints} accepts: 2,000. An endpoint holds about 30 KiB with one SLO
   * and the default 60-interval trend while its writers do not contend (18 KiB of latency
   * recorder, about 200 bytes per trend interval; see {@link Endpoint}), so 2,000 endpoints and
   * {@code * OTHER} hold about 60 MiB; each stripe a contended endpoint adds costs 18 KiB more.
   */
  static final int MAX_ENDPOINTS = 2_000;

  /** The method of the shared overflow endpoint. */
  public static final String OTHER_METHOD = "*";

  private final String service;
  private final Clock clock;
  private final long intervalNanos;
  private final int trendLength;
  private final Diagnostics diagnostics = new Diagnostics();
  private final EndpointTable endpoints;
  private final GuardedListeners listeners;
  private final AlertEngine alerts;
  private final long evaluationMillis;
  private final boolean strictMaintenance;
  private final boolean reviewRequired;
  private final boolean reportOnClose;
  private final @Nullable ScheduledExecutorService ticker;
  private final LongAdder tickFailures = new LongAdder();

  // touched only under the lock
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, SloState> slos = new LinkedHashMap<>();
  private final MaintenancePlan maintenance = new MaintenancePlan();
  private long lastStampMillis = Long.MIN_VALUE;
  private long intervalStartStamp;
  /** The report interval in progress that the state file restored, or -1; read once, at build. */
  private long restoredIntervalStart = -1;
  private long intervalStartMonotonic;
  private final MergedLatency mergeScratch = new MergedLatency();
  /** Whether close() has reported the interval in progress; guarded by the lock. */
  private boolean closed;
  private long lastEvaluation = Long.MIN_VALUE;
  private @Nullable Deployment lastDeployment;
  private final Duration rollbackPeriod;
  private final @Nullable StateStore state;
  private @Nullable GateOverride gateOverride;
  private final @Nullable FleetCache fleet;
  private final @Nullable AlertNotifier notifier;
  /** The alert events of the SLO being evaluated, for the notifier; under the lock. */
  private final List<AlertEvent> alertScratch = new ArrayList<>();

  private SloRegistry(Builder builder) {
    this.service = builder.service;
    this.clock = builder.clock;
    this.intervalNanos = builder.interval.toNanos();
    this.trendLength = builder.trendIntervals;
    this.endpoints = new EndpointTable(builder.maxEndpoints, builder.fast.toNanos(), builder.tolerable.toNanos(),
        bucketBounds(builder), diagnostics, builder.singleThreaded);
    for (SloSpec spec : builder.slos.values()) {
      slos.put(spec.name(), new SloState(spec));
    }
    this.listeners = new GuardedListeners(builder.listeners, diagnostics);
    this.alerts = new AlertEngine(builder.alertRules, builder.minAlertEvents, builder.atRiskThreshold,
        builder.rollbackPeriod, builder.keepFiringFor);
    this.evaluationMillis = builder.alertEvaluation.toMillis();
    this.strictMaintenance = builder.strictMaintenance;
    this.reviewRequired = builder.reviewRequired;
    this.reportOnClose = builder.reportOnClose;
    this.rollbackPeriod = builder.rollbackPeriod;
    FleetView view = builder.fleetView;
    if (view == null && builder.prometheusGate != null) {
      view = FleetCache.open(builder.prometheusGate, Optional.ofNullable(builder.prometheusGateTokenFile),
          builder.alertRules, builder.atRiskThreshold);
    }
    this.fleet = view == null ? null
        : new FleetCache(view, clock, builder.prometheusGateCache, builder.prometheusGateTimeout);
    if (builder.stateFile != null) {
      state = new StateStore(builder.stateFile, builder.stateFlush, service, diagnostics);
      state.restore(slos, this::readRegistryState, this::readPolicyState, clock.wallTime());
    } else {
      state = null;
    }
    AlertNotifier.Settings notify = builder.notifierSettings();
    this.notifier = notify.any() ? new AlertNotifier(service, notify, diagnostics) : null;
    if (notifier != null) {
      for (SloState slo : slos.values()) {
        for (String severity : slo.alerts().firing()) {
          Instant since = slo.alerts().firingSince(severity);
          AlertRule first = builder.alertRules.stream()
              .filter(rule -> rule.severity().equals(severity)).findFirst().orElse(null);
          if (since != null) {
            notifier.restored(slo.spec.name(), severity, since, first);
          }
        }
      }
    }
    long now = stamp();
    long intervalStart = restoredIntervalStart >= 0 ? restoredIntervalStart : now;
    this.intervalStartStamp = intervalStart;
    this.intervalStartMonotonic = clock.monotonicTime() - (now - intervalStart) * 1_000_000L;
    if (builder.autoTick) {
      ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sre4j-tick-" + service);
        thread.setDaemon(true);
        return thread;
      });
      long period = builder.tick.toNanos();
      ticker.scheduleAtFixedRate(this::tickQuietly, period, period, TimeUnit.NANOSECONDS);
    } else {
      ticker = null;
    }
  }

  /**
   * The latency bucket bounds every endpoint counts at: the configured ones, both band edges and
   * every latency SLO's threshold known at build time, increasing, without duplicates.
   */
  private static long[] bucketBounds(Builder builder) {
    java.util.TreeSet<Long> bounds = new java.util.TreeSet<>();
    for (Duration bound : builder.latencyBuckets) {
      bounds.add(bound.toNanos());
    }
    bounds.add(builder.fast.toNanos());
    bounds.add(builder.tolerable.toNanos());
    for (SloSpec spec : builder.slos.values()) {
      if (spec.sli() instanceof Sli.Latency latency) {
        bounds.add(latency.threshold().toNanos());
      }
    }
    return bounds.stream().mapToLong(Long::longValue).toArray();
  }

  /** @return a new builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the service name written with every report */
  public String service() {
    return service;
  }

  /** @return the clock this registry reads */
  public Clock clock() {
    return clock;
  }

  /**
   * The endpoint for a method and route template, created on first use. Past
   * {@link Builder#maxEndpoints(int)} endpoints, every new one is the shared
   * {@code * OTHER} endpoint and a warning is logged once. That endpoint counts for the SLOs that
   * have no method filter and whose route patterns match {@code OTHER} (such as the default
   * {@code /**}); so {@code maxEndpoints(n)} means at most {@code n + 1} endpoints.
   *
   * @param method the HTTP method, any case
   * @param routeTemplate the route template, such as {@code /api/orders/{id}}; never a raw path
   * @return the endpoint; keep it rather than looking it up per request
   * @throws IllegalArgumentException if {@code method} is not letters or {@code routeTemplate} is
   *     blank
   */
  public Endpoint endpoint(String method, String routeTemplate) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(routeTemplate, "routeTemplate");
    Endpoint known = endpoints.known(method, routeTemplate);
    if (known != null) {
      return known;
    }
    String upper = EndpointTable.upperCaseMethod(method, routeTemplate);
    return underLock(() -> endpoints.getOrCreate(method, upper, routeTemplate, slos.values()));
  }

  /**
   * Adds an SLO; endpoints it covers start counting for it now.
   *
   * @param spec the SLO
   * @throws IllegalStateException if an SLO with that name exists, or one whose name differs only
   *     in case, {@code -} or {@code _} (such as {@code Checkout} beside {@code checkout})
   */
  public void register(SloSpec spec) {
    Objects.requireNonNull(spec, "spec");
    lock.lock();
    try {
      if (slos.containsKey(spec.name())) {
        throw new IllegalStateException("slo " + spec.name() + " is already registered");
      }
      rejectSimilarName(spec.name(), slos.keySet());
      SloState slo = new SloState(spec);
      slos.put(spec.name(), slo);
      endpoints.attach(slo);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Rejects a name that differs from a registered one only in case, {@code -} and {@code _}:
   * {@code Checkout} beside {@code checkout} would be two SLOs that {@code SRE4J_SLO_CHECKOUT_*}
   * variables, dashboards and people cannot tell apart.
   */
  static void rejectSimilarName(String name, Iterable<String> registered) {
    String normalised = similarityKey(name);
    for (String other : registered) {
      if (similarityKey(other).equals(normalised)) {
        throw new IllegalStateException("slo " + name + " differs from the registered slo " + other
            + " only in case, - or _; SLO names must differ in more");
      }
    }
  }

  private static String similarityKey(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
  }

  /**
   * Removes an SLO and forgets its data.
   *
   * @param sloName the SLO's name
   * @return whether it was registered
   */
  public boolean remove(String sloName) {
    return underLock(() -> {
      SloState removed = slos.remove(sloName);
      if (removed != null) {
        endpoints.detach(removed);
      }
      return removed != null;
    });
  }

  /** @return the registered SLOs, in registration order */
  public List<SloSpec> slos() {
    return underLock(() -> slos.values().stream().map(slo -> slo.spec).toList());
  }

  /**
   * Adds a listener for events from now on.
   *
   * @param listener the listener; called from the tick thread
   */
  public void addListener(SloListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(SloListener listener) {
    return listeners.remove(listener);
  }

  /** @return how many times a listener threw, ever */
  public long listenerFailures() {
    return listeners.failures();
  }

  /** Publishes an event made by {@code event} if anyone listens; from any thread. */
  void publishIfListened(Supplier<SloEvent> event) {
    if (listeners.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      listeners.publish(event.get());
    } finally {
      lock.unlock();
    }
  }

  // ---- the tick

  /**
   * Drains recorded counts into the SLOs' buckets at the current wall time and closes latency
   * intervals that are due. Called every second by the registry's own thread unless built with
   * {@link Builder#manualTick()}.
   */
  public void tick() {
    lock.lock();
    try {
      tickLocked();
    } finally {
      lock.unlock();
    }
    persist(false);
  }

  /**
   * Writes the state file when one is configured and a write is due (or now, when {@code force}):
   * encodes under the lock, writes outside it. Never throws for the file's sake.
   */
  private void persist(boolean force) {
    if (state == null) {
      return;
    }
    byte[] bytes;
    long now;
    lock.lock();
    try {
      now = lastStampMillis;
      if (!(force || state.due(now)) || !state.startWrite(force)) {
        return;
      }
      try {
        bytes = state.encode(slos, registryState(now), policyState(), now);
      } catch (RuntimeException e) {
        state.abandonWrite();
        throw e;
      }
    } finally {
      lock.unlock();
    }
    state.write(bytes, now);
  }

  /**
   * The registry's own part of the state file: the deployment, maintenance, the time of the last
   * alert evaluation, the override and the start of the report interval in progress.
   */
  private byte[] registryState(long nowMillis) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      Deployment last = lastDeployment;
      boolean deployment = last != null
          && nowMillis - last.time().toEpochMilli() < rollbackPeriod.toMillis();
      out.writeBoolean(deployment);
      if (last != null && deployment) {
        out.writeUTF(last.version());
        out.writeLong(last.time().toEpochMilli());
      }
      List<MaintenanceWindow> windows = maintenance.windows();
      out.writeInt(windows.size());
      for (MaintenanceWindow window : windows) {
        out.writeLong(window.start().toEpochMilli());
        out.writeLong(window.end().toEpochMilli());
        out.writeUTF(window.reason());
        out.writeInt(window.slos().size());
        for (String slo : window.slos()) {
          out.writeUTF(slo);
        }
      }
      out.writeLong(lastEvaluation);
      GateOverride override = overrideInForce(Instant.ofEpochMilli(nowMillis));
      out.writeBoolean(override != null);
      if (override != null) {
        out.writeUTF(override.reason());
        out.writeLong(override.until().toEpochMilli());
      }
      out.writeLong(intervalStartStamp); // last, so that files written before it still read
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /** Restores what {@link #registryState} wrote; values the model rejects fail the section. */
  private void readRegistryState(java.io.DataInputStream in, long nowMillis) throws java.io.IOException {
    Deployment deployment = null;
    if (in.readBoolean()) {
      deployment = new Deployment(in.readUTF(), Instant.ofEpochMilli(Math.min(in.readLong(), nowMillis)));
    }
    int count = in.readInt();
    if (count < 0 || count > 100_000) {
      throw new java.io.IOException(count + " maintenance windows");
    }
    List<MaintenanceWindow> windows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant start = Instant.ofEpochMilli(in.readLong());
      Instant end = Instant.ofEpochMilli(in.readLong());
      String reason = in.readUTF();
      int slosCount = in.readInt();
      if (slosCount < 0 || slosCount > 10_000) {
        throw new java.io.IOException(slosCount + " SLOs in a maintenance window");
      }
      java.util.Set<String> names = new java.util.LinkedHashSet<>();
      for (int j = 0; j < slosCount; j++) {
        names.add(in.readUTF());
      }
      windows.add(new MaintenanceWindow(start, end, reason, names));
    }
    long evaluated = in.readLong();
    GateOverride override = null;
    if (in.readBoolean()) {
      override = new GateOverride(in.readUTF(), Instant.ofEpochMilli(in.readLong()));
    }
    lastDeployment = deployment;
    // windows a version without the accepted range kept: none ends more than a year ahead, at most
    // the cap are kept (those ending last); those that no longer matter go at the next tick
    Instant latest = Instant.ofEpochMilli(nowMillis).plus(MaintenancePlan.MAX_AHEAD);
    windows.stream().filter(window -> !window.end().isAfter(latest)).forEach(maintenance::add);
    maintenance.trimToCap();
    gateOverride = override;
    // the evaluation schedule goes on: no second evaluation within the period of the last one
    lastEvaluation = Math.min(evaluated, nowMillis);
    // the report interval in progress goes on too, when it has not ended while the process was down
    if (in.available() >= Long.BYTES) {
      long intervalStart = in.readLong();
      if (intervalStart <= nowMillis && nowMillis - intervalStart < intervalNanos / 1_000_000L) {
        restoredIntervalStart = intervalStart;
      }
    }
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException | Error e) {
      tickFailures.increment();
      diagnostics.warnOnce("tick-failed", "sre4j: the periodic tick failed", e);
    }
  }

  private void tickLocked() {
    long stamp = stamp();
    long monotonic = clock.monotonicTime();
    for (SloState slo : slos.values()) {
      slo.drain(stamp);
    }
    advanceMaintenance(stamp);
    closeDeployments(stamp);
    if (Math.floorDiv(stamp, evaluationMillis) != Math.floorDiv(lastEvaluation, evaluationMillis)) {
      evaluateLocked(stamp);
    }
    if (notifier != null) {
      try {
        notifier.tick(stamp);
      } catch (RuntimeException e) {
        diagnostics.warnOnce("notifier-failed", "sre4j: the alert notifier failed", e);
      }
    }
    Collection<Endpoint> all = endpoints.distinct();
    if (monotonic - intervalStartMonotonic >= intervalNanos) {
      closeInterval(stamp, all, false);
      intervalStartStamp = stamp;
      intervalStartMonotonic = monotonic;
    }
    endpoints.warnAboutBadInput(all);
  }

  /** The bucketing time: the wall time, never before the previous stamp. */
  private long stamp() {
    long wall = clock.wallTime();
    lastStampMillis = Math.max(lastStampMillis, wall);
    return lastStampMillis;
  }

  private void evaluateLocked(long stamp) {
    lastEvaluation = stamp;
    Consumer<SloEvent> publish = listeners.isEmpty() ? null : listeners::publish;
    AlertNotifier notify = notifier;
    Consumer<SloEvent> events = notify == null ? publish : event -> {
      if (publish != null) {
        publish.accept(event);
      }
      if (event instanceof AlertEvent alert) {
        alertScratch.add(alert);
      }
    };
    for (SloState slo : slos.values()) {
      BudgetState before = slo.alerts().budgetState();
      alerts.evaluate(slo, stamp, service, events);
      if (reviewRequired && before != BudgetState.EXHAUSTED
          && slo.alerts().budgetState() == BudgetState.EXHAUSTED) {
        slo.policy().requireReview(Instant.ofEpochMilli(stamp));
      }
      if (notify != null && !alertScratch.isEmpty()) {
        SloSnapshot window = slo.snapshot(stamp);
        for (AlertEvent alert : alertScratch) {
          try {
            notify.alert(alert, window);
          } catch (RuntimeException e) {
            diagnostics.warnOnce("notifier-failed", "sre4j: the alert notifier failed", e);
          }
        }
        alertScratch.clear();
      }
    }
  }

  /** Sets each SLO's maintenance flag for {@code stamp}; reports windows that start or end. */
  private void advanceMaintenance(long stamp) {
    if (maintenance.isEmpty()) { // the common case: no window, nothing starts, ends or is pruned
      maintenance.flag(slos.values(), stamp);
      return;
    }
    List<MaintenanceWindow> started = new ArrayList<>();
    List<MaintenanceWindow> ended = new ArrayList<>();
    maintenance.advance(stamp, started, ended);
    maintenance.flag(slos.values(), stamp);
    if (!listeners.isEmpty()) {
      Instant now = Instant.ofEpochMilli(stamp);
      for (MaintenanceWindow window : ended) {
        listeners.publish(new MaintenanceEvent(now, service, MaintenanceEvent.Kind.ENDED, window, List.of()));
      }
      for (MaintenanceWindow window : started) {
        listeners.publish(new MaintenanceEvent(now, service, MaintenanceEvent.Kind.STARTED, window, List.of()));
      }
    }
    maintenance.prune(stamp, MaintenancePlan.lookback(slos.values()));
  }

  /**
   * Closes every endpoint's interval and, if anyone listens, reports every SLO; {@code partial} for
   * the interval in progress at close.
   */
  private void closeInterval(long stamp, Collection<Endpoint> all, boolean partial) {
    Instant start = Instant.ofEpochMilli(intervalStartStamp);
    Instant end = Instant.ofEpochMilli(stamp);
    for (Endpoint endpoint : all) {
      endpoint.closeInterval(start, end, trendLength);
    }
    for (SloState slo : slos.values()) {
      long[] interval = slo.takeInterval();
      if (!listeners.isEmpty()) {
        listeners.publish(new SliReport(end, service, start, interval[0], interval[1],
            slo.mergedLatency(mergeScratch, start, end), alerts.status(slo, stamp, lastDeployment),
            stateStatus(), partial, notificationCounts()));
      }
    }
  }

  // ---- reads: each ticks first, so it is never older than the call

  /** Runs {@code read} under the lock. */
  private <T> T underLock(Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code read} under the lock, after a tick. */
  private <T> T afterTick(Supplier<T> read) {
    lock.lock();
    try {
      tickLocked();
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code read} on the SLO named {@code sloName} under the lock; empty if there is none. */
  private <T> Optional<T> onSlo(String sloName, Function<SloState, T> read) {
    SloState slo = slos.get(sloName);
    return slo == null ? Optional.empty() : Optional.of(read.apply(slo));
  }

  /**
   * One SLO's figures over its window, after a tick.
   *
   * @param sloName the SLO's name
   * @return its snapshot, or empty if no such SLO is registered
   */
  public Optional<SloSnapshot> snapshot(String sloName) {
    return afterTick(() -> onSlo(sloName, slo -> slo.snapshot(lastStampMillis)));
  }

  /** @return every SLO's figures, after one tick, in registration order */
  public List<SloSnapshot> sloSnapshots() {
    return afterTick(() -> {
      List<SloSnapshot> out = new ArrayList<>(slos.size());
      for (SloState slo : slos.values()) {
        out.add(slo.snapshot(lastStampMillis));
      }
      return out;
    });
  }

  /** @return every endpoint's latency trend, after one tick, sorted by route then method */
  public List<EndpointSnapshot> endpointSnapshots() {
    return afterTick(() -> endpoints.distinct().stream()
        .map(Endpoint::snapshot)
        .sorted(Comparator.comparing(EndpointSnapshot::route).thenComparing(EndpointSnapshot::method))
        .toList());
  }

  /**
   * One SLO's full status after a tick: window figures, burn rates, alerts as of the last
   * evaluation, the policy state of the window's budget as published in the same status,
   * maintenance, and the burn since the last deployment.
   *
   * @param sloName the SLO's name
   * @return its status, or empty if no such SLO is registered
   */
  public Optional<SloStatus> status(String sloName) {
    return afterTick(() -> onSlo(sloName, slo -> alerts.status(slo, lastStampMillis, lastDeployment)));
  }

  /** @return every SLO's status after one tick, in registration order */
  public List<SloStatus> statuses() {
    return afterTick(() -> {
      List<SloStatus> out = new ArrayList<>(slos.size());
      for (SloState slo : slos.values()) {
        out.add(alerts.status(slo, lastStampMillis, lastDeployment));
      }
      return out;
    });
  }

  /**
   * Ticks and evaluates alerts and the budget policy now, on demand, besides the schedule
   * ({@link Builder#alertEvaluation(Duration)}). Changes are published to the listeners.
   */
  public void evaluate() {
    lock.lock();
    try {
      tickLocked();
      evaluateLocked(lastStampMillis);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Good and bad events of one SLO over a lookback ending now, from the finest bucket tier that
   * spans it (edge error at most one bucket of that tier; see {@link #lookbackResolution}).
   *
   * @param sloName the SLO's name
   * @param lookback how far back, at most the SLO's window (or 3 days for calendar windows)
   * @return {valid, bad} events, or empty if no such SLO is registered
   */
  Optional<long[]> lookback(String sloName, Duration lookback) {
    return afterTick(() -> onSlo(sloName, slo -> slo.lookback(lastStampMillis, lookback)));
  }

  /** The bucket width, and so the edge error, of a lookback on an SLO. */
  Optional<Duration> lookbackResolution(String sloName, Duration lookback) {
    return underLock(() -> onSlo(sloName, slo -> Duration.ofMillis(slo.resolutionMillis(lookback))));
  }

  /** Bytes of bucket arrays one SLO holds; fixed at registration. */
  long retainedBytes(String sloName) {
    return underLock(() -> onSlo(sloName, SloState::retainedBytes).orElse(0L));
  }

  // ---- maintenance and deployments

  /**
   * Declares a planned maintenance window, ahead of time or starting now. Requests inside it are
   * left out of SLIs, budgets and burn rates from the tick at or after its start until the tick at
   * or after its end, and counted separately.
   *
   * <p>If the planned downtime inside one compliance window of an SLO it applies to, this window
   * included, exceeds what the SLO's budget allows ({@code (1 − objective) × window}), the
   * declaration is reported: a warning and a {@code DECLARED} event naming the SLOs over budget;
   * with {@link Builder#strictMaintenance(boolean)} it is rejected instead.
   *
   * <p><b>Accepted range:</b> a window must start no earlier than the longest registered SLO
   * window before now (30 days when no SLO is registered: it could not count for any SLO) and end
   * no later than 365 days after now. <b>Bounded:</b> a window is forgotten once it ended before
   * the compliance window of every SLO started, and at most 1,000 windows are kept; a declaration
   * beyond that is rejected until older windows end.
   *
   * @param window the window
   * @return the SLOs whose budget the planned downtime exceeds, with the figures; empty when within
   *     budget
   * @throws ConfigException if the window starts or ends outside the accepted range: {@code
   *     maintenance start must be from <earliest> (the longest SLO window, 30d, before now) to
   *     <latest> (365d after now) but was <start>} (or {@code maintenance end})
   * @throws IllegalStateException in strict mode, when over budget (the message lists the SLOs);
   *     or when 1,000 windows are kept already: {@code at most 1000 maintenance windows are kept
   *     and 1000 still matter (the first ends at <end>); declare fewer, longer windows or wait
   *     until older ones end}
   */
  public List<String> declareMaintenance(MaintenanceWindow window) {
    Objects.requireNonNull(window, "window");
    lock.lock();
    try {
      tickLocked();
      MaintenancePlan.accepted(window, Instant.ofEpochMilli(lastStampMillis),
          MaintenancePlan.lookback(slos.values()));
      if (maintenance.size() >= MaintenancePlan.MAX_WINDOWS) {
        throw new IllegalStateException("at most " + MaintenancePlan.MAX_WINDOWS
            + " maintenance windows are kept and " + maintenance.size() + " still matter (the first"
            + " ends at " + maintenance.windows().stream().map(MaintenanceWindow::end)
                .min(Comparator.naturalOrder()).orElseThrow()
            + "); declare fewer, longer windows or wait until older ones end");
      }
      List<String> over = maintenance.overBudget(slos.values(), window);
      Instant now = Instant.ofEpochMilli(lastStampMillis);
      if (!over.isEmpty() && strictMaintenance) {
        if (!listeners.isEmpty()) {
          listeners.publish(new MaintenanceEvent(now, service, MaintenanceEvent.Kind.REJECTED, window, over));
        }
        throw new IllegalStateException(MaintenancePlan.overBudgetMessage(window, over));
      }
      if (!over.isEmpty()) {
        diagnostics.warnOnce("maintenance-over-budget", "sre4j: " + MaintenancePlan.overBudgetMessage(window, over));
      }
      maintenance.add(window);
      if (!listeners.isEmpty()) {
        listeners.publish(new MaintenanceEvent(now, service, MaintenanceEvent.Kind.DECLARED, window, over));
      }
      advanceMaintenance(lastStampMillis);
      return List.copyOf(over);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Declares a maintenance window for every SLO starting now.
   *
   * @param length how long, positive
   * @param reason why
   * @return the window declared
   * @throws IllegalStateException in strict mode, when over budget
   */
  public MaintenanceWindow startMaintenance(Duration length, String reason) {
    Instant now = Instant.ofEpochMilli(Math.max(underLock(() -> lastStampMillis), clock.wallTime()));
    MaintenanceWindow window = MaintenanceWindow.of(now, now.plus(length), reason);
    declareMaintenance(window);
    return window;
  }

  /** @return the declared maintenance windows that have not long ended, by start */
  public List<MaintenanceWindow> maintenanceWindows() {
    return underLock(maintenance::windows);
  }

  /**
   * Sets a deployment marker now: reports show the burn since it and advise a rollback when that
   * burn reaches the page factor within the rollback period.
   *
   * @param version the version that went live
   * @return the marker
   */
  public Deployment deployment(String version) {
    return afterTick(() -> {
      Deployment deployment = new Deployment(version, Instant.ofEpochMilli(lastStampMillis));
      lastDeployment = deployment;
      if (!listeners.isEmpty()) {
        listeners.publish(new DeploymentEvent(deployment.time(), service, deployment));
      }
      return deployment;
    });
  }

  /**
   * Sets a deployment marker now that declares the downtime the deployment is expected to cause.
   * The span from now for {@code expectedDowntime} is planned downtime, exactly like a maintenance
   * window for every SLO ({@link #declareMaintenance}, reason {@code deployment <version>}):
   * requests inside it are left out and counted apart, and it is checked against each SLO's
   * budget the same way (over budget: reported, or with {@link Builder#strictMaintenance} rejected
   * before any marker is set). What happens inside it is measured per SLO (requests, those that
   * failed, the equivalent full downtime) and, when it ends, published as a {@link
   * DeploymentDowntimeEvent} (a {@code deployment} line with {@code event} {@code
   * downtime_ended}: expected against actual downtime, burn since the deployment). The last 10
   * such deployments are listed per SLO by {@link #policy(String)}, in the state file too.
   *
   * <p><b>Thread safety:</b> safe. <b>Cost:</b> a tick and a maintenance declaration.
   *
   * @param version the version that goes live, 1 to 128 characters
   * @param expectedDowntime the downtime expected from now, positive, at most 31 days
   * @return the SLOs whose budget the planned downtime exceeds, with the figures; empty when
   *     within budget
   * @throws ConfigException if {@code expectedDowntime} is out of range: {@code deployment
   *     downtime must be between 1ms and 31d but was "0s"}
   * @throws IllegalStateException in strict mode, when over budget (the message lists the SLOs);
   *     or when 1,000 maintenance windows are kept already
   */
  public List<String> declareDeployment(String version, Duration expectedDowntime) {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(expectedDowntime, "expectedDowntime");
    if (expectedDowntime.isNegative() || expectedDowntime.isZero()
        || expectedDowntime.compareTo(Duration.ofDays(Deployment.MAX_DOWNTIME_DAYS)) > 0) {
      throw ConfigValues.reject("deployment downtime",
          "between 1ms and " + Deployment.MAX_DOWNTIME_DAYS + "d",
          ConfigValues.format(expectedDowntime));
    }
    return afterTick(() -> {
      Instant now = Instant.ofEpochMilli(lastStampMillis);
      Deployment deployment = new Deployment(version, now, expectedDowntime);
      List<String> over = declareMaintenance(new MaintenanceWindow(now, now.plus(expectedDowntime),
          "deployment " + version, java.util.Set.of()));
      lastDeployment = deployment;
      for (SloState slo : slos.values()) {
        slo.policy().deployed(deployment, slo);
      }
      if (!listeners.isEmpty()) {
        listeners.publish(new DeploymentEvent(now, service, deployment));
      }
      return over;
    });
  }

  /** Measures the declared downtimes that ended by {@code stamp}; publishes each once. */
  private void closeDeployments(long stamp) {
    for (SloState slo : slos.values()) {
      if (!slo.policy().tracking()) {
        continue;
      }
      for (PolicyState.Tracked tracked : slo.policy().tracked()) {
        if (tracked.done == null && tracked.end().toEpochMilli() <= stamp) {
          tracked.done = measure(slo, tracked, stamp, true);
          if (!listeners.isEmpty()) {
            listeners.publish(new DeploymentDowntimeEvent(Instant.ofEpochMilli(stamp), service,
                slo.spec.name(), tracked.done));
          }
        }
      }
    }
  }

  /** A tracked deployment's figures at {@code stamp}: final when {@code ended}. */
  private DeploymentDowntime measure(SloState slo, PolicyState.Tracked tracked, long stamp,
      boolean ended) {
    if (tracked.startRequests < 0) { // restored while open: measured from the restart
      tracked.startRequests = slo.totalMaintenance();
      tracked.startBad = slo.totalMaintenanceBad();
      tracked.startBadMillis = slo.maintenanceBadMillis();
    }
    long requests = slo.totalMaintenance() - tracked.startRequests;
    long bad = slo.totalMaintenanceBad() - tracked.startBad;
    Duration actual =
        Duration.ofMillis(Math.round(slo.maintenanceBadMillis() - tracked.startBadMillis));
    SloSnapshot window = slo.snapshot(stamp);
    double cost;
    if (window.timeslices()) {
      long allowed = window.allowedBadTime().toMillis();
      cost = allowed == 0 ? 0.0 : (double) actual.toMillis() / allowed;
    } else {
      // the budget the window would have had with the requests left out counted
      double allowed = (window.validEvents() + requests) * (1.0 - window.budgetObjective())
          + window.extraAllowance();
      cost = allowed == 0 ? 0.0 : bad / allowed;
    }
    long age = Math.max(1, stamp - tracked.time.toEpochMilli());
    double burn = slo.burnRate(stamp, Duration.ofMillis(Math.min(age, slo.maxLookbackMillis())))
        .rate();
    return new DeploymentDowntime(tracked.version, tracked.time, tracked.expected,
        ended ? Optional.of(tracked.end()) : Optional.empty(), requests, bad, actual, cost, burn);
  }

  /** @return the last deployment marker, if any */
  public Optional<Deployment> lastDeployment() {
    return underLock(() -> Optional.ofNullable(lastDeployment));
  }

  // ---- the error-budget policy's lifecycle

  /**
   * Records a review of an SLO after its budget was exhausted. A review held at or after the
   * exhaustion closes the SLO's review requirement ({@link BudgetState#REVIEW_REQUIRED}): the
   * release gate lets releases out again once the budget has recovered too (a review while the
   * budget is still exhausted closes the requirement, but the exhausted budget still denies). A
   * review when none is required is kept all the same. The last 20 reviews per SLO are kept (in
   * the state file too), listed by {@link #policy(String)} and the status document, and each is
   * published as a {@link ReviewEvent} (a {@code review} log line).
   *
   * <p><b>Thread safety:</b> safe. <b>Cost:</b> a tick and one evaluation of the SLO.
   *
   * @param sloName the SLO reviewed
   * @param review who, when, what and the actions agreed
   * @return the SLO's policy after the review
   * @throws ConfigException if no such SLO is registered: {@code review slo must be a registered
   *     SLO [names] but was "x"}
   */
  public SloPolicy recordReview(String sloName, Review review) {
    Objects.requireNonNull(sloName, "sloName");
    Objects.requireNonNull(review, "review");
    return afterTick(() -> {
      SloState slo = registered("review slo", sloName);
      Instant closed = slo.policy().record(review);
      Instant now = Instant.ofEpochMilli(lastStampMillis);
      if (!listeners.isEmpty()) {
        listeners.publish(new ReviewEvent(now, service, sloName, review, Optional.ofNullable(closed)));
      }
      alerts.evaluate(slo, lastStampMillis, service, listeners.isEmpty() ? null : listeners::publish);
      return policyOf(slo);
    });
  }

  /**
   * One SLO's place in the error-budget policy's lifecycle: whether a review is required and the
   * recent reviews.
   *
   * @param sloName the SLO's name
   * @return its policy, or empty if no such SLO is registered
   */
  public Optional<SloPolicy> policy(String sloName) {
    return afterTick(() -> onSlo(sloName, this::policyOf));
  }

  private SloPolicy policyOf(SloState slo) {
    PolicyState policy = slo.policy();
    Instant now = Instant.ofEpochMilli(lastStampMillis);
    BudgetAdjustment inForce = policy.inForce(lastStampMillis);
    List<String> notes = new ArrayList<>();
    if (inForce != null && inForce.longTerm()
        && Duration.between(inForce.start(), now).compareTo(BudgetAdjustment.LONG_TERM_NUDGE) > 0) {
      notes.add("long-term budget adjustment (" + inForce.describe() + ") in force since "
          + inForce.start() + ", over " + ConfigValues.format(BudgetAdjustment.LONG_TERM_NUDGE)
          + ": change the SLO itself");
    }
    List<DeploymentDowntime> deployments = new ArrayList<>();
    for (PolicyState.Tracked tracked : policy.tracked()) {
      DeploymentDowntime done = tracked.done;
      deployments.add(done != null ? done : measure(slo, tracked, lastStampMillis, false));
    }
    return new SloPolicy(slo.spec.name(), Optional.ofNullable(policy.reviewRequiredSince()),
        policy.reviews(), policy.adjustments(), Optional.ofNullable(inForce), notes, deployments);
  }

  /**
   * Records an approved change to an SLO's error budget: an adjusted objective or an extra
   * allowance, temporary (with an end) or long-term. While it is in force, the SLO's budget
   * figures ({@link SloSnapshot#adjusted()}, {@link SloSnapshot#budgetObjective()}, {@link
   * SloSnapshot#extraAllowance()}), its policy state and the release gate use the adjusted
   * budget; {@link SloSnapshot#originalBudgetRemaining()} keeps the SLO's own figure. It is
   * published as a {@link BudgetAdjustmentEvent} (a {@code budget_adjustment} log line), kept in
   * the state file, and listed by {@link #policy(String)}; a long-term one in force for more than
   * 30 days is noted there ({@code change the SLO itself}). At most 50 are kept per SLO.
   *
   * <p><b>Thread safety:</b> safe. <b>Cost:</b> a tick and one evaluation of the SLO.
   *
   * @param sloName the SLO whose budget changes
   * @param adjustment the change, who approved it and when it is in force
   * @return the SLO's policy after the change
   * @throws ConfigException if no such SLO is registered ({@code budget adjustment slo must be a
   *     registered SLO [names] but was "x"}) or the adjustment has ended already ({@code budget
   *     adjustment end must be after now <now> but was <end>})
   * @throws IllegalStateException if 50 adjustments are kept and none has ended
   */
  public SloPolicy adjustBudget(String sloName, BudgetAdjustment adjustment) {
    Objects.requireNonNull(sloName, "sloName");
    Objects.requireNonNull(adjustment, "adjustment");
    return afterTick(() -> {
      SloState slo = registered("budget adjustment slo", sloName);
      Instant now = Instant.ofEpochMilli(lastStampMillis);
      if (adjustment.end().isPresent() && !adjustment.end().get().isAfter(now)) {
        throw ConfigValues.reject("budget adjustment end", "after now " + now,
            adjustment.end().get());
      }
      slo.policy().adjust(adjustment, now);
      if (!listeners.isEmpty()) {
        listeners.publish(new BudgetAdjustmentEvent(now, service, sloName, slo.spec.objective(),
            adjustment));
      }
      alerts.evaluate(slo, lastStampMillis, service, listeners.isEmpty() ? null : listeners::publish);
      return policyOf(slo);
    });
  }

  /** The SLO named {@code sloName}; under the lock. */
  private SloState registered(String key, String sloName) {
    SloState slo = slos.get(sloName);
    if (slo == null) {
      throw ConfigValues.reject(key, "a registered SLO " + List.copyOf(slos.keySet()), sloName);
    }
    return slo;
  }

  /** The state file's policy section: a version byte, then each SLO's policy state by name. */
  private byte[] policyState() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeShort(slos.size());
      for (SloState slo : slos.values()) {
        out.writeUTF(slo.spec.name());
        slo.policy().writeState(out);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /** Restores what {@link #policyState()} wrote; an SLO no longer registered is dropped. */
  private void readPolicyState(java.io.DataInputStream in, long nowMillis) throws java.io.IOException {
    int version = in.readUnsignedByte();
    if (version != 1) {
      throw new java.io.IOException("policy section version " + version + ", this sre4j reads 1");
    }
    int count = in.readUnsignedShort();
    Map<SloState, PolicyState> restored = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      PolicyState policy = PolicyState.readState(in);
      SloState slo = slos.get(name);
      if (slo != null) {
        restored.put(slo, policy);
      }
    }
    restored.forEach((slo, policy) -> slo.policy().copyFrom(policy));
  }

  /**
   * Stops the tick thread after a last tick, reports the interval in progress, and writes the
   * state file once more when one is configured. Recording afterwards still counts, until read.
   *
   * <p>Unless built with {@link Builder#reportOnClose(boolean) reportOnClose(false)}, the first close
   * publishes to the listeners one {@link SliReport} per SLO for the interval in progress, marked
   * {@link SliReport#partial() partial}: it ends at close, before its full length, so that an
   * application that stops (or lives less than one {@code interval}) still reports what it counted.
   * None is published when the last tick has just closed a full interval at the same instant, nor
   * by a later close.
   */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    try {
      lock.lock();
      try {
        tickLocked();
        if (!closed && reportOnClose) {
          closed = true;
          long stamp = stamp();
          if (stamp > intervalStartStamp) {
            closeInterval(stamp, endpoints.distinct(), true);
            intervalStartStamp = stamp;
            intervalStartMonotonic = clock.monotonicTime();
          }
        }
      } finally {
        lock.unlock();
      }
    } catch (RuntimeException | Error e) {
      tickFailures.increment();
      diagnostics.warnOnce("tick-failed", "sre4j: the periodic tick failed", e);
    }
    if (notifier != null) {
      notifier.close();
    }
    persist(true);
  }

  /**
   * The counts of the alert notifications sent to Alertmanager and to the webhook ({@link
   * Builder#alertmanagers}, {@link Builder#alertWebhook}).
   *
   * <p><b>Cost:</b> a few counter sums and one small list.
   *
   * @return one entry per kind of target configured, {@code alertmanager} first; empty when none
   *     is
   * @since 0.3
   */
  public List<NotificationCounts> notificationCounts() {
    AlertNotifier notify = notifier;
    if (notify == null) {
      return List.of();
    }
    List<NotificationCounts> out = new ArrayList<>(2);
    for (String target : notify.targets()) {
      out.add(new NotificationCounts(target, notify.count(target, "sent"),
          notify.count(target, "retried"), notify.count(target, "failed"),
          notify.count(target, "dropped")));
    }
    return List.copyOf(out);
  }

  /**
   * The alert notifications to one kind of target since the registry was built.
   *
   * @param target {@code alertmanager} (every configured Alertmanager together) or {@code webhook}
   * @param sent notifications the target accepted (a 2xx answer)
   * @param retried attempts that failed with a 5xx, a time-out or a connection error and were
   *     tried again (one notification may count several times)
   * @param failed notifications the target refused (an answer below 500 other than 2xx, such as a
   *     400 or a 401), or whose token file could not be read; never retried
   * @param dropped notifications given up: still failing after {@code alert.retry-for}, not queued
   *     because 1,000 were waiting already, or still queued when the registry closed
   * @since 0.3
   */
  public record NotificationCounts(String target, long sent, long retried, long failed,
      long dropped) {

    /** Checks the target. */
    public NotificationCounts {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * The state file's figures, when the registry keeps one ({@link Builder#stateFile}).
   *
   * @return the file, how the last start restored it, when it was last written, and the write
   *     counts; empty without a state file
   */
  public Optional<StateStatus> stateStatus() {
    return state == null ? Optional.empty() : Optional.of(state.status());
  }

  /**
   * The state file's figures.
   *
   * @param file the state file
   * @param restoreOutcome how the registry started: {@code restored}, {@code partly restored}
   *     (some SLOs started fresh; warned), {@code fresh} (no file: a first start), {@code corrupt}
   *     (moved aside; warned) or {@code unreadable} (warned)
   * @param restoredFrom when the restored file had been written
   * @param lastWritten when this registry last wrote it
   * @param writes successful writes since start
   * @param writeFailures failed writes since start (warned at most once an hour)
   * @since 0.2
   */
  public record StateStatus(
      Path file,
      String restoreOutcome,
      Optional<Instant> restoredFrom,
      Optional<Instant> lastWritten,
      long writes,
      long writeFailures) {

    /** Checks for nulls. */
    public StateStatus {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(restoreOutcome, "restoreOutcome");
      Objects.requireNonNull(restoredFrom, "restoredFrom");
      Objects.requireNonNull(lastWritten, "lastWritten");
    }
  }

  /** @return the fleet view's cache, when the gate answers from the fleet; else null */
  @Nullable FleetCache fleet() {
    return fleet;
  }

  /** A gate override in force: every gate of this registry allows until {@code until}. */
  record GateOverride(String reason, Instant until) {}

  /** Records an override; under the lock. */
  void override(GateOverride override) {
    underLock(() -> {
      gateOverride = override;
      return null;
    });
  }

  /** @return the override in force at {@code now}, or null */
  @Nullable GateOverride overrideInForce(Instant now) {
    return underLock(() -> {
      if (gateOverride != null && !now.isBefore(gateOverride.until())) {
        gateOverride = null;
      }
      return gateOverride;
    });
  }

  /**
   * A single-use builder of {@link SloRegistry}.
   *
   * <p><b>Thread safety:</b> not thread-safe; use from one thread.
   */
  public static final class Builder {
    private static final String SINGLE_THREADED_NEEDS_MANUAL_TICK = "singleThreaded() requires"
        + " manualTick(): the registry's own tick thread would tick while another thread records";
    private String service = "service";
    private Clock clock = Clock.system();
    private Duration interval = Duration.ofSeconds(60);
    private int trendIntervals = 60;
    private Duration fast = Duration.ofMillis(400);
    private Duration tolerable = Duration.ofMillis(800);
    private List<Duration> latencyBuckets = CoreConfigSchema.DEFAULT_LATENCY_BUCKETS;
    private int maxEndpoints = 100;
    private Duration tick = Duration.ofSeconds(1);
    private boolean autoTick = true;
    private boolean singleThreaded;
    private final List<SloListener> listeners = new ArrayList<>();
    private List<AlertRule> alertRules = AlertRule.defaults();
    private long minAlertEvents = 100;
    private Duration alertEvaluation = Duration.ofSeconds(10);
    private Duration keepFiringFor = Duration.ZERO;
    private double atRiskThreshold = 0.25;
    private Duration rollbackPeriod = Duration.ofHours(1);
    private boolean strictMaintenance;
    private boolean reportOnClose = true;
    private boolean reviewRequired = true;
    private @Nullable Path stateFile;
    private Duration stateFlush = Duration.ofMinutes(1);
    private @Nullable URI prometheusGate;
    private Duration prometheusGateCache = Duration.ofSeconds(15);
    private Duration prometheusGateTimeout = Duration.ofSeconds(2);
    private @Nullable Path prometheusGateTokenFile;
    private @Nullable FleetView fleetView;
    private List<URI> alertmanagers = List.of();
    private @Nullable URI alertWebhook;
    private @Nullable Path alertWebhookTokenFile;
    private Map<String, String> alertLabels = Map.of();
    private @Nullable String alertRunbook;
    private Duration alertResend = Duration.ofMinutes(1);
    private Duration alertRetryFor = Duration.ofMinutes(10);
    private Duration alertBackoff = Duration.ofSeconds(1);
    private Duration alertMaxBackoff = Duration.ofMinutes(1);
    private final Map<String, SloSpec> slos = new LinkedHashMap<>();

    private Builder() {}

    /**
     * @param service the service's name, written on every report line; 1 to 128 characters
     * @return this builder
     */
    public Builder service(String service) {
      Objects.requireNonNull(service, "service");
      if (service.isBlank() || service.length() > 128) {
        throw ConfigValues.reject("service", "1 to 128 characters, not blank", service);
      }
      this.service = service;
      return this;
    }

    /** @param clock the clock to read; {@link Clock#system()} by default @return this builder */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param interval how long each latency interval lasts, between 1 s and 1 h; 60 s by default
     * @return this builder
     */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      this.interval = ConfigValues.requireBetween("interval", interval, Duration.ofSeconds(1), Duration.ofHours(1));
      return this;
    }

    /**
     * @param count how many completed intervals each endpoint keeps, 1 to 10,000; 60 by default
     * @return this builder
     */
    public Builder trendIntervals(int count) {
      this.trendIntervals = ConfigValues.requireBetween("trend-intervals", count, 1, 10_000);
      return this;
    }

    /**
     * @param fastEdge the slowest fast request, 400 ms by default
     * @param tolerableEdge the slowest tolerable request, above {@code fastEdge} and at most 1 h;
     *     800 ms by default
     * @return this builder
     */
    public Builder latencyBands(Duration fastEdge, Duration tolerableEdge) {
      Objects.requireNonNull(fastEdge, "fastEdge");
      Objects.requireNonNull(tolerableEdge, "tolerableEdge");
      String value = ConfigValues.format(fastEdge) + "," + ConfigValues.format(tolerableEdge);
      if (fastEdge.isNegative() || fastEdge.isZero() || tolerableEdge.compareTo(fastEdge) <= 0
          || tolerableEdge.compareTo(Duration.ofHours(1)) > 0) {
        throw ConfigValues.reject("latency-bands", "two increasing positive durations up to 1h", value);
      }
      this.fast = fastEdge;
      this.tolerable = tolerableEdge;
      return this;
    }

    /**
     * Sets the latency bucket bounds every endpoint counts requests at (cumulative, in the
     * Prometheus histogram convention, for fleet percentiles with {@code histogram_quantile}). Both
     * latency band edges and the threshold of every latency SLO given to this builder are always
     * added, so that each is a bound exactly; an SLO registered after {@link #build()} does not add
     * its threshold.
     *
     * @param bounds 1 to 20 increasing durations from 1 µs to 1 h; by
     *     default {@code 5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2.5s,5s,10s}
     * @return this builder
     * @throws ConfigException if {@code bounds} breaks that rule: {@code metrics.latency-buckets
     *     must be 1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms but was
     *     "100ms,50ms"}
     */
    public Builder latencyBuckets(List<Duration> bounds) {
      Objects.requireNonNull(bounds, "bounds");
      this.latencyBuckets = CoreConfigSchema.checkLatencyBuckets(
          CoreConfigSchema.LATENCY_BUCKETS.name(), List.copyOf(bounds), null);
      return this;
    }

    /**
     * @param max distinct endpoints before new routes share {@code * OTHER}, 1 to 2,000 (each costs
     *     about 30 KiB with one SLO and a 60-interval trend: 60 MiB at 2,000); 100 by default
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is out of range: {@code max-endpoints must be
     *     between 1 and 2000 but was "0"}
     */
    public Builder maxEndpoints(int max) {
      this.maxEndpoints = ConfigValues.requireBetween("max-endpoints", max, 1, MAX_ENDPOINTS);
      return this;
    }

    /**
     * @param period how often the registry's thread ticks, between 10 ms and 1 min; 1 s by default.
     *     It bounds how late a request may be stamped into its bucket.
     * @return this builder
     */
    public Builder tick(Duration period) {
      Objects.requireNonNull(period, "period");
      this.tick = ConfigValues.requireBetween("tick", period, Duration.ofMillis(10), Duration.ofMinutes(1));
      return this;
    }

    /**
     * Starts no thread: the caller ticks with {@link SloRegistry#tick()}. For tests on a
     * {@link ManualClock} and for replaying recorded traffic.
     *
     * @return this builder
     */
    public Builder manualTick() {
      this.autoTick = false;
      return this;
    }

    /**
     * Promises that one thread makes every {@link Endpoint#record} and {@link
     * Endpoint#recordThrown} call and every {@link SloRegistry#tick()}, as a replay or a backtest
     * does, so that recording needs no atomic instruction. Requires {@link #manualTick()}.
     *
     * <p><b>Thread safety:</b> the promise is the caller's to keep; it is not checked per call.
     * The registry's reads ({@link SloRegistry#statuses()}, {@link
     * SloRegistry#endpointSnapshots()} and the like) tick first, so they belong on that thread
     * too. A record, tick or read from another thread may lose or misplace the counts of the
     * moment, but never sees a torn value, throws or hangs.
     *
     * <p><b>Cost and benefit:</b> a request's counts (its latency bucket and band, the cumulative
     * bucket, each covering SLO's valid and bad events, the clamped and dropped counters) become
     * plain additions stored opaquely instead of about eight lock-prefixed atomic operations, in
     * a recorder that never stripes. Counts, percentiles and every report are the same as those of
     * a default registry fed the same calls. Nothing is allocated or locked; the default registry's
     * record path is unchanged but for one branch on a final field.
     *
     * @return this builder
     */
    public Builder singleThreaded() {
      this.singleThreaded = true;
      return this;
    }

    /**
     * @param spec an SLO to register
     * @return this builder
     * @throws IllegalStateException if an SLO of that name was already added, or one whose name
     *     differs only in case, {@code -} or {@code _}
     */
    public Builder slo(SloSpec spec) {
      Objects.requireNonNull(spec, "spec");
      if (slos.containsKey(spec.name())) {
        throw new IllegalStateException("slo " + spec.name() + " is already registered");
      }
      rejectSimilarName(spec.name(), slos.keySet());
      slos.put(spec.name(), spec);
      return this;
    }

    /**
     * @param rules the multi-window burn-rate rules, at least one; {@link AlertRule#defaults()} by
     *     default
     * @return this builder
     */
    public Builder alertRules(List<AlertRule> rules) {
      Objects.requireNonNull(rules, "rules");
      if (rules.isEmpty()) {
        throw ConfigValues.rejectDescribed("alert.rules", "at least one rule such as page:1h/5m:14.4", "an empty list");
      }
      this.alertRules = List.copyOf(rules);
      return this;
    }

    /**
     * The low-traffic guard: a rule may fire only when its long window holds at least this many
     * valid events, so that one failed request at 3 a.m. never pages.
     *
     * @param minValidEvents 0 to 1,000,000,000; 100 by default
     * @return this builder
     */
    public Builder minAlertEvents(long minValidEvents) {
      if (minValidEvents < 0 || minValidEvents > 1_000_000_000L) {
        throw ConfigValues.reject("alert.min-events", "between 0 and 1000000000", minValidEvents);
      }
      this.minAlertEvents = minValidEvents;
      return this;
    }

    /**
     * @param period how often alerts and the budget policy are evaluated, between 1 s and 5 min;
     *     10 s by default (the finest bucket width). Evaluations run on the first tick of each
     *     period, aligned to the epoch.
     * @return this builder
     */
    public Builder alertEvaluation(Duration period) {
      Objects.requireNonNull(period, "period");
      this.alertEvaluation = ConfigValues.requireBetween("alert.evaluation", period, Duration.ofSeconds(1), Duration.ofMinutes(5));
      return this;
    }

    /**
     * How long an alert keeps firing once its condition stopped holding, as Prometheus' {@code
     * keep_firing_for}: a firing alert resolves at the first evaluation at least this long after
     * the first evaluation its condition failed at, unless it held again meanwhile (which starts
     * the count afresh). A burn rate hovering at a rule's factor then fires once instead of firing
     * and resolving at every crossing. 0 (the default) resolves at the first evaluation the
     * condition fails. The stretch in progress is not kept in the state file: after a restart it
     * starts again.
     *
     * @param span 0 to 1 day; 0 by default
     * @return this builder
     * @throws ConfigException if {@code span} is negative or over a day
     */
    public Builder keepFiringFor(Duration span) {
      Objects.requireNonNull(span, "span");
      this.keepFiringFor = ConfigValues.requireBetween("alert.keep-firing-for", span, Duration.ZERO, Duration.ofDays(1));
      return this;
    }

    /**
     * @param remainingFraction the budget left under which an SLO is {@link BudgetState#AT_RISK},
     *     in (0,1); 0.25 by default
     * @return this builder
     */
    public Builder atRiskThreshold(double remainingFraction) {
      this.atRiskThreshold = ConfigValues.requireOpenUnitInterval("policy.at-risk", remainingFraction);
      return this;
    }

    /**
     * @param period how long after a deployment its burn may advise a rollback, between 1 min and
     *     3 d; 1 h by default
     * @return this builder
     */
    public Builder rollbackPeriod(Duration period) {
      Objects.requireNonNull(period, "period");
      this.rollbackPeriod = ConfigValues.requireBetween("deployment.rollback-period", period, Duration.ofMinutes(1), AlertRule.MAX_WINDOW);
      return this;
    }

    /**
     * @param strict whether a maintenance window over budget is rejected rather than reported;
     *     false by default
     * @return this builder
     */
    public Builder strictMaintenance(boolean strict) {
      this.strictMaintenance = strict;
      return this;
    }

    /**
     * @param required whether an SLO that becomes {@link BudgetState#EXHAUSTED exhausted} then
     *     requires a review ({@link SloRegistry#recordReview}) before the release gate lets
     *     releases out again, even once its budget has recovered ({@link
     *     BudgetState#REVIEW_REQUIRED}); true by default
     * @return this builder
     * @since 0.3
     */
    public Builder reviewRequired(boolean required) {
      this.reviewRequired = required;
      return this;
    }

    /**
     * @param report whether {@link SloRegistry#close()} reports the interval in progress to the
     *     listeners, one {@link SliReport} per SLO marked {@link SliReport#partial() partial}, so
     *     that a service that stops, or lives less than one interval, still reports what it
     *     counted; true by default. A replay, which closes at the end of its input and may be
     *     continued from a state file, turns it off.
     * @return this builder
     * @since 0.2
     */
    public Builder reportOnClose(boolean report) {
      this.reportOnClose = report;
      return this;
    }

    /**
     * @param listener receives events (such as an {@link SliReport} per SLO at the end of each
     *     interval) from the tick thread
     * @return this builder
     */
    public Builder listener(SloListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Keeps the registry's state in a file, so that the error budget survives restarts: restored
     * when the registry is built, written every {@link #stateFlush flush period} from the tick and
     * once more on {@link SloRegistry#close()}. Kept per SLO: the counts of every bucket tier, the
     * alerts firing and the policy state; for the registry: the last deployment within its rollback
     * period, the maintenance windows that still matter and a gate override in force. A bad file
     * never stops the registry: it is moved aside and the registry starts fresh, with one warning.
     * Off by default.
     *
     * @param file the state file; its directory must exist (a temporary file is written beside
     *     it and renamed over it)
     * @return this builder
     */
    public Builder stateFile(Path file) {
      this.stateFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * @param period how often the state file is written, between 1 s and 1 h; 1 min by default
     * @return this builder
     */
    public Builder stateFlush(Duration period) {
      Objects.requireNonNull(period, "period");
      this.stateFlush =
          ConfigValues.requireBetween("state.flush", period, StateStore.MIN_FLUSH, StateStore.MAX_FLUSH);
      return this;
    }

    /**
     * Makes the {@link ReleaseGate gates} of this registry answer from the whole fleet: from the
     * figures Prometheus computes over every instance with the rules of sre-micrometer's {@code
     * PrometheusRules} ({@code sre4j rules}), as {@code sre4j gate --prometheus} does. The answer
     * is kept for {@link #prometheusGateCache}; when Prometheus cannot answer within {@link
     * #prometheusGateTimeout}, this instance's own state decides, and the decision says so. Needs
     * sre-micrometer on the class path. Off by default.
     *
     * @param baseUrl Prometheus' base URL, such as {@code http://prometheus:9090} (with its route
     *     prefix, if any); no credentials in it: see {@link #prometheusGateTokenFile}
     * @return this builder
     * @throws ConfigException if it is not an absolute http(s) URL with a host, or it has user
     *     info, a query or a fragment: {@code gate.prometheus-url must be an absolute http(s) URL
     *     such as http://prometheus:9090, without user info, query or fragment but was ...}
     */
    public Builder prometheusGate(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      this.prometheusGate =
          CoreConfigSchema.httpUrl(CoreConfigSchema.GATE_PROMETHEUS_URL.name(), baseUrl.toString());
      return this;
    }

    /**
     * @param period how long the fleet's answer is kept, on this registry's clock, between 0 s
     *     (asked at every decision) and 1 h; 15 s by default
     * @return this builder
     */
    public Builder prometheusGateCache(Duration period) {
      Objects.requireNonNull(period, "period");
      this.prometheusGateCache = ConfigValues.requireBetween(
          "gate.prometheus-cache", period, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * @param timeout the longest a decision waits for Prometheus (connecting and every query)
     *     before this instance decides, between 100 ms and 1 min; 2 s by default
     * @return this builder
     */
    public Builder prometheusGateTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      this.prometheusGateTimeout = ConfigValues.requireBetween(
          "gate.prometheus-timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(1));
      return this;
    }

    /**
     * @param file a file of one line: a bearer token (sent as {@code Authorization: Bearer}), or
     *     {@code user:password} (sent as basic auth); read when the registry is built, never logged
     * @return this builder
     */
    public Builder prometheusGateTokenFile(Path file) {
      this.prometheusGateTokenFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Sends every in-process alert to these Alertmanagers ({@code POST <url>/api/v2/alerts}), each
     * getting every alert, with the labels of the alerts the generated Prometheus rules raise
     * ({@code alertname=SloErrorBudgetBurn}, {@code slo}, {@code severity}) and {@code service},
     * {@code long_window}, {@code short_window}, {@code instance} and {@link #alertLabels}; a
     * firing alert is sent again every {@link #alertResend}. Delivery runs on one daemon thread
     * and never blocks a request or the tick; see docs/alerting.md. None by default.
     *
     * @param baseUrls Alertmanagers' base URLs, such as {@code http://alertmanager:9093} (with a
     *     route prefix, if any); an empty list sends to none
     * @return this builder
     * @throws ConfigException if one is not an absolute http(s) URL with a host, or has user info,
     *     a query or a fragment: {@code alert.alertmanager must be an absolute http(s) URL such as
     *     http://alertmanager:9093, without user info, query or fragment but was ...}
     * @since 0.3
     */
    public Builder alertmanagers(List<URI> baseUrls) {
      Objects.requireNonNull(baseUrls, "baseUrls");
      List<URI> urls = new ArrayList<>(baseUrls.size());
      for (URI url : baseUrls) {
        urls.add(CoreConfigSchema.httpUrl(CoreConfigSchema.ALERT_ALERTMANAGER.name(),
            Objects.requireNonNull(url, "baseUrls element").toString(), "http://alertmanager:9093"));
      }
      this.alertmanagers = List.copyOf(urls);
      return this;
    }

    /**
     * Posts one JSON object per alert transition (fired or resolved) to this URL, the format
     * docs/alerting.md documents, for tools without Alertmanager. None by default.
     *
     * @param url an absolute http(s) URL; no credentials in it: see {@link #alertWebhookTokenFile}
     * @return this builder
     * @throws ConfigException if it is not an absolute http(s) URL with a host, or it has user
     *     info, a query or a fragment: {@code alert.webhook must be an absolute http(s) URL such as
     *     https://hooks.example.com/sre4j, without user info, query or fragment but was ...}
     * @since 0.3
     */
    public Builder alertWebhook(URI url) {
      Objects.requireNonNull(url, "url");
      this.alertWebhook = CoreConfigSchema.httpUrl(CoreConfigSchema.ALERT_WEBHOOK.name(),
          url.toString(), "https://hooks.example.com/sre4j");
      return this;
    }

    /**
     * @param file a file of one line, a bearer token sent to the webhook as {@code Authorization:
     *     Bearer}; read at each send (so it may be rotated), never logged. A file that cannot be
     *     read fails that notification (counted {@code failed}, warned), never the start-up
     * @return this builder
     * @since 0.3
     */
    public Builder alertWebhookTokenFile(Path file) {
      this.alertWebhookTokenFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * @param labels labels added to every notification, such as {@code team=payments}; names
     *     match {@code [a-zA-Z_][a-zA-Z0-9_]*}, do not start with {@code __} and are none of
     *     {@code alertname}, {@code service}, {@code slo}, {@code severity}, {@code long_window} and
     *     {@code short_window}; an {@code instance} label replaces the host name. None by default
     * @return this builder
     * @throws ConfigException if a name is not allowed: {@code alert.labels must be name=value
     *     pairs ... but was "slo=x"}
     * @since 0.3
     */
    public Builder alertLabels(Map<String, String> labels) {
      Objects.requireNonNull(labels, "labels");
      this.alertLabels = CoreConfigSchema.checkLabels(CoreConfigSchema.ALERT_LABELS.name(), labels);
      return this;
    }

    /**
     * @param url the {@code runbook_url} of every notification, an absolute http(s) URL in which
     *     {@code {slo}} is replaced by the SLO's name; none by default
     * @return this builder
     * @throws ConfigException if it is not such a URL
     * @since 0.3
     */
    public Builder alertRunbook(String url) {
      Objects.requireNonNull(url, "url");
      this.alertRunbook = CoreConfigSchema.runbook(CoreConfigSchema.ALERT_RUNBOOK.name(), url);
      return this;
    }

    /**
     * @param period how often a firing alert is sent to Alertmanager again, on this registry's
     *     clock (at the first tick after it is due), between 10 s and 1 h; 1 min by default, like
     *     Prometheus' resend delay. Each send says the alert is valid for four periods
     * @return this builder
     * @since 0.3
     */
    public Builder alertResend(Duration period) {
      Objects.requireNonNull(period, "period");
      this.alertResend = ConfigValues.requireBetween(
          "alert.resend", period, Duration.ofSeconds(10), Duration.ofHours(1));
      return this;
    }

    /**
     * @param period how long a notification that fails with a 5xx, a time-out or a connection
     *     error is retried (exponential backoff from 1 s to 1 min, with jitter) before it is
     *     dropped and counted, between 1 s and 1 d; 10 min by default
     * @return this builder
     * @since 0.3
     */
    public Builder alertRetryFor(Duration period) {
      Objects.requireNonNull(period, "period");
      this.alertRetryFor = ConfigValues.requireBetween(
          "alert.retry-for", period, Duration.ofSeconds(1), Duration.ofDays(1));
      return this;
    }

    /** The first and the longest retry delay of the notifier (1 s and 1 min); for tests. */
    Builder alertBackoff(Duration initial, Duration max) {
      this.alertBackoff = initial;
      this.alertMaxBackoff = max;
      return this;
    }

    AlertNotifier.Settings notifierSettings() {
      return new AlertNotifier.Settings(alertmanagers, alertWebhook, alertWebhookTokenFile,
          alertLabels, alertRunbook, alertResend, alertRetryFor, alertBackoff, alertMaxBackoff);
    }

    /** A fleet view of the caller's, instead of the provider's for {@link #prometheusGate}. */
    Builder fleetView(FleetView view) {
      this.fleetView = Objects.requireNonNull(view, "view");
      return this;
    }

    /**
     * Builds the registry and, unless {@link #manualTick()}, starts its tick thread.
     *
     * @return the registry
     * @throws ConfigException if {@link #prometheusGate} is set but sre-micrometer is not on the
     *     class path ({@code gate.prometheus-url must be unset unless sre-micrometer ...}), or its
     *     token file cannot be read
     * @throws IllegalStateException if {@link #singleThreaded()} without {@link #manualTick()}
     *     ({@value #SINGLE_THREADED_NEEDS_MANUAL_TICK})
     */
    public SloRegistry build() {
      if (singleThreaded && autoTick) {
        throw new IllegalStateException(SINGLE_THREADED_NEEDS_MANUAL_TICK);
      }
      return new SloRegistry(this);
    }
  }
}
