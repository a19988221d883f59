package io.sre4j.core;

import io.sre4j.core.ReleaseGate.FleetView;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The registry's fleet view and its answers, kept for the cache period on the registry's clock:
 * one answer per set of gating SLOs (gates over the same SLOs share it).
 *
 * <p>A caller waits at most the timeout in all: for the lock while another caller asks the fleet,
 * then for its own question with what is left. Unknown answers are kept too, so that an unreachable
 * Prometheus costs one wait per cache period, not one per decision.
 *
 * <p><b>Thread safety:</b> safe; its own lock, never the registry's. <b>Cost:</b> a map look-up when
 * the answer is fresh; else one {@link FleetView#ask}.
 */
final class FleetCache {

  /** The most sets of gating SLOs kept; past it the cache starts over. */
  private static final int MAX_ENTRIES = 16;

  private final FleetView view;
  private final Clock clock;
  private final long cacheNanos;
  private final Duration timeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<List<SloSpec>, Entry> answers = new HashMap<>(); // under lock

  private record Entry(long askedAt, FleetView.Answer answer) {}

  FleetCache(FleetView view, Clock clock, Duration cache, Duration timeout) {
    this.view = Objects.requireNonNull(view, "view");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cacheNanos = cache.toNanos();
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Opens the fleet view of the first provider on the class path.
   *
   * @throws ConfigException naming {@code gate.prometheus-url} when no provider is installed
   */
  static FleetView open(URI url, Optional<Path> tokenFile, List<AlertRule> rules, double atRisk) {
    Iterator<FleetView.Provider> providers = providers();
    if (!providers.hasNext()) {
      throw new ConfigException(CoreConfigSchema.GATE_PROMETHEUS_URL.name(),
          "unset unless sre-micrometer (io.sre4j:sre-micrometer, which asks Prometheus) is on the"
              + " class path", url);
    }
    return providers.next().open(url, tokenFile, rules, atRisk);
  }

  private static Iterator<FleetView.Provider> providers() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      Iterator<FleetView.Provider> found =
          ServiceLoader.load(FleetView.Provider.class, context).iterator();
      if (found.hasNext()) {
        return found;
      }
    }
    ClassLoader own = FleetCache.class.getClassLoader();
    return ServiceLoader.load(
            FleetView.Provider.class, own == null ? ClassLoader.getSystemClassLoader() : own)
        .iterator();
  }

  /**
   * The fleet's answer about some SLOs: the cached one while fresh, else a new one.
   *
   * @param slos the gating SLOs, at least one
   * @return the answer; unknown when the fleet cannot answer within the timeout
   */
  FleetView.Answer answer(List<SloSpec> slos) {
    long start = System.nanoTime();
    try {
      if (!lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return FleetView.Answer.unknown("another caller has been asking the fleet for longer than"
            + " gate.prometheus-timeout (" + ConfigValues.format(timeout) + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FleetView.Answer.unknown("interrupted while waiting for the fleet's answer");
    }
    try {
      long now = clock.monotonicTime();
      Entry cached = answers.get(slos);
      if (cached != null && now - cached.askedAt() < cacheNanos) {
        return cached.answer();
      }
      long left = timeout.toNanos() - (System.nanoTime() - start);
      FleetView.Answer answer;
      if (left <= 0) {
        return FleetView.Answer.unknown("no time left of gate.prometheus-timeout ("
            + ConfigValues.format(timeout) + ") to ask the fleet");
      }
      try {
        answer = view.ask(slos, Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return FleetView.Answer.unknown("interrupted while waiting for the fleet's answer");
      } catch (RuntimeException e) {
        answer = FleetView.Answer.unknown("the fleet view failed: " + e);
      }
      if (answers.size() >= MAX_ENTRIES) {
        answers.clear();
      }
      answers.put(List.copyOf(slos), new Entry(now, Objects.requireNonNull(answer, "answer")));
      return answer;
    } finally {
      lock.unlock();
    }
  }
}
