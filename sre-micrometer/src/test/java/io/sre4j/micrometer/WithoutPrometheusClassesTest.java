package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * micrometer-registry-prometheus is an optional dependency: an application with another registry
 * (and no Prometheus client on its class path) binds the binder and gets the bucket counters. The
 * test loads this module, sre-core and Micrometer in a class loader that cannot see any Prometheus
 * class, and binds there.
 */
final class WithoutPrometheusClassesTest {

  /** Runs inside the class loader without Prometheus; returns the meters bound. */
  public static int bindWithoutPrometheus() {
    ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    MeterRegistry simple = new SimpleMeterRegistry();
    try (SloRegistry slos = SloRegistry.builder().manualTick().clock(clock).build()) {
      Endpoint endpoint = slos.endpoint("GET", "/a");
      endpoint.record(200, Duration.ofMillis(20).toNanos());
      SloMeterBinder.builder(slos).refreshInterval(Duration.ZERO).build().bindTo(simple);
      clock.advance(Duration.ofMinutes(1));
      slos.tick();
      if (simple.find(SloMeterNames.DEFAULT_ENDPOINT_DURATION_BUCKETS).functionCounters().isEmpty()) {
        throw new AssertionError("no bucket counters");
      }
      return simple.getMeters().size();
    }
  }

  @Test
  void theBinderBindsWhenNoPrometheusClassIsOnTheClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("prometheus")) {
        urls.add(toUrl(entry));
      }
    }
    try (URLClassLoader hidden =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      assertThat(hidden.getResource("io/prometheus/metrics/model/registry/MultiCollector.class"))
          .as("the Prometheus client is hidden").isNull();
      Class<?> probe = hidden.loadClass(WithoutPrometheusClassesTest.class.getName());
      assertThat(probe.getClassLoader()).isSameAs(hidden);
      Method bind = probe.getMethod("bindWithoutPrometheus");
      bind.setAccessible(true); // a package-private class of another runtime package
      int meters = (int) bind.invoke(null);
      assertThat(meters).isPositive();
    }
  }

  private static URL toUrl(String entry) throws MalformedURLException {
    return new File(entry).toURI().toURL();
  }
}
