package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class Sre4jConfigTest {

  @TempDir Path dir;

  // ----------------------------------------------------------------------------------- sources

  @Test
  void classpathFileIsRead() throws IOException {
    try (URLClassLoader classpath =
        classpathWith("service=orders\nslo.checkout.objective=99.9%\n")) {
      Sre4jConfig config = Sre4jConfig.load(classpath, Map.of(), Map.of());

      assertThat(config.properties())
          .containsExactly(entry("service", "orders"), entry("slo.checkout.objective", "99.9%"));
      assertThat(config.slos()).extracting(SloSpec::name).containsExactly("checkout");
    }
  }

  @Test
  void configFileNamedBySystemPropertyIsRead() throws IOException {
    Path file = file("custom.properties", "service=payments\n");

    Sre4jConfig config =
        Sre4jConfig.load(emptyClasspath(), Map.of("sre4j.config", file.toString()), Map.of());

    assertThat(config.properties()).containsExactly(entry("service", "payments"));
  }

  @Test
  void prefixedSystemPropertiesAreReadAndOthersIgnored() {
    Map<String, String> system =
        Map.of(
            "sre4j.service", "orders",
            "sre4j.max-endpoints", "50",
            "java.version", "17",
            "service", "x");

    Sre4jConfig config = Sre4jConfig.load(emptyClasspath(), system, Map.of());

    assertThat(config.properties())
        .containsExactly(entry("max-endpoints", "50"), entry("service", "orders"));
  }

  @Test
  void laterSourcesWinKeyByKey() throws IOException {
    Path file =
        file(
            "override.properties",
            "service=from-file\ninterval=30s\ntick=500ms\nslo.checkout.objective=99%\n");
    Map<String, String> system =
        Map.of(
            "sre4j.config", file.toString(),
            "sre4j.service", "from-system",
            "sre4j.tick", "250ms",
            "sre4j.slo.checkout.objective", "99.5%");
    Map<String, String> environment =
        Map.of("SRE4J_SERVICE", "from-env", "SRE4J_SLO_CHECKOUT_OBJECTIVE", "99.9%");

    try (URLClassLoader classpath =
        classpathWith(
            "service=from-classpath\ninterval=10s\ntrend-intervals=5\ntick=2s\n"
                + "slo.checkout.objective=90%\nslo.checkout.window=7d\n")) {
      Sre4jConfig config = Sre4jConfig.load(classpath, system, environment);

      assertThat(config.properties())
          .containsExactly(
              entry("interval", "30s"), // file over classpath
              entry("service", "from-env"), // environment over everything
              entry("slo.checkout.objective", "99.9%"),
              entry("slo.checkout.window", "7d"), // classpath only
              entry("tick", "250ms"), // system property over file
              entry("trend-intervals", "5"));
      assertThat(config.slos().get(0).objective()).isEqualTo(0.999);
      assertThat(config.slos().get(0).window()).isEqualTo(SloWindow.rolling(Duration.ofDays(7)));
    }
  }

  @Test
  void badValueOverriddenByALaterSourceIsNeverParsed() throws IOException {
    try (URLClassLoader classpath = classpathWith("tick=never\n")) {
      Sre4jConfig config =
          Sre4jConfig.load(classpath, Map.of(), Map.of("SRE4J_TICK", "100ms"));

      assertThat(config.properties()).containsExactly(entry("tick", "100ms"));
    }
  }

  @Test
  void prefixInFileKeysIsStripped() throws IOException {
    Path file = file("prefixed.properties", "sre4j.service=orders\nsre4j.slo.a.objective=0.99\n");

    Sre4jConfig config =
        Sre4jConfig.load(emptyClasspath(), Map.of("sre4j.config", file.toString()), Map.of());

    assertThat(config.properties())
        .containsExactly(entry("service", "orders"), entry("slo.a.objective", "0.99"));
  }

  @Test
  void configEnvironmentVariableIsNeitherASettingNorAFile() {
    Map<String, String> environment = Map.of("SRE4J_CONFIG", dir.resolve("missing").toString());

    Sre4jConfig config = Sre4jConfig.load(emptyClasspath(), Map.of(), environment);

    assertThat(config.properties()).isEmpty();
  }

  @Test
  void nothingConfiguredGivesAnEmptyConfiguration() {
    Sre4jConfig config = Sre4jConfig.load(emptyClasspath(), Map.of(), Map.of("PATH", "/bin"));

    assertThat(config.properties()).isEmpty();
    assertThat(config.slos()).isEmpty();
  }

  @Test
  void filesAreReadAsUtf8OrElseIso88591() throws IOException {
    Path utf8 = dir.resolve("utf8.properties");
    Files.writeString(utf8, "service=bestellüngen\n", StandardCharsets.UTF_8);
    Path latin1 = dir.resolve("latin1.properties");
    Files.writeString(latin1, "service=bestellüngen\n", StandardCharsets.ISO_8859_1);

    assertThat(Sre4jConfig.load(emptyClasspath(), Map.of("sre4j.config", utf8.toString()), Map.of())
            .properties())
        .containsEntry("service", "bestellüngen");
    assertThat(
            Sre4jConfig.load(emptyClasspath(), Map.of("sre4j.config", latin1.toString()), Map.of())
                .properties())
        .containsEntry("service", "bestellüngen");
  }

  @Test
  void keysAndValuesAreTrimmed() {
    Sre4jConfig config = Sre4jConfig.from(Map.of(" service ", " orders ", "tick", "\t2s "));

    assertThat(config.properties())
        .containsExactly(entry("service", "orders"), entry("tick", "2s"));
  }

  // ------------------------------------------------------------------------------ environment

  @Test
  void environmentVariablesMapToGlobalKeys() {
    Map<String, String> environment =
        Map.of(
            "SRE4J_SERVICE", "orders",
            "SRE4J_MAX_ENDPOINTS", "250",
            "SRE4J_TREND_INTERVALS", "10",
            "SRE4J_LATENCY_BANDS", "100ms,300ms",
            "SRE4J_INTERVAL", "30s",
            "SRE4J_TICK", "100ms",
            "HOME", "/root");

    Sre4jConfig config = Sre4jConfig.load(emptyClasspath(), Map.of(), environment);

    assertThat(config.properties())
        .containsExactly(
            entry("interval", "30s"),
            entry("latency-bands", "100ms,300ms"),
            entry("max-endpoints", "250"),
            entry("service", "orders"),
            entry("tick", "100ms"),
            entry("trend-intervals", "10"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          SRE4J_SLO_CHECKOUT_OBJECTIVE                  | slo.checkout.objective
          SRE4J_SLO_CHECKOUT_LATENCY_OBJECTIVE          | slo.checkout-latency.objective
          SRE4J_SLO_API_V2_READS_EXCLUDED_STATUSES      | slo.api-v2-reads.excluded-statuses
          SRE4J_SLO_API_V2_READS_BAD_STATUSES           | slo.api-v2-reads.bad-statuses
          SRE4J_SLO_API_SLICE_TARGET                    | slo.api.slice-target
          SRE4J_SLO_API_SLICE                           | slo.api.slice
          SRE4J_SLO_WINDOW_SLI                          | slo.window.sli
          SRE4J_SLO_CHECKOUT_TIME_ZONE                  | slo.checkout.time-zone
          SRE4J_SLO_CHECKOUT_JUDGE_FAILURES             | slo.checkout.judge-failures
          """)
  void sloEnvironmentVariableTakesTheLongestFieldSuffixAndADashedName(String variable, String key) {
    // the value is bad on purpose: the message shows the key the variable was mapped to
    Map<String, String> environment = Map.of(variable, "???");

    assertThatThrownBy(() -> Sre4jConfig.load(emptyClasspath(), Map.of(), environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(key + " must be ");
  }

  @Test
  void sloEnvironmentVariableJoinsAnSloDefinedElsewhere() throws IOException {
    try (URLClassLoader classpath =
        classpathWith(
            "slo.checkout-latency.sli=latency\nslo.checkout-latency.threshold=800ms\n"
                + "slo.api_v2.objective=99%\nslo.Payments.objective=99%\n")) {
      Map<String, String> environment =
          Map.of(
              "SRE4J_SLO_CHECKOUT_LATENCY_THRESHOLD", "300ms",
              "SRE4J_SLO_API_V2_WINDOW", "week",
              "SRE4J_SLO_PAYMENTS_OBJECTIVE", "99.9%",
              "SRE4J_SLO_NEW_ONE_OBJECTIVE", "95%");

      Sre4jConfig config = Sre4jConfig.load(classpath, Map.of(), environment);

      assertThat(config.properties())
          .containsExactly(
              entry("slo.Payments.objective", "99.9%"),
              entry("slo.api_v2.objective", "99%"),
              entry("slo.api_v2.window", "week"),
              entry("slo.checkout-latency.sli", "latency"),
              entry("slo.checkout-latency.threshold", "300ms"),
              entry("slo.new-one.objective", "95%"));
      assertThat(config.slos())
          .extracting(SloSpec::name)
          .containsExactly("Payments", "api_v2", "checkout-latency", "new-one");
      assertThat(config.slos().get(2).sli()).isEqualTo(Sli.latency(Duration.ofMillis(300)));
    }
  }

  @Test
  void environmentVariableNamesAreMatchedIgnoringCase() {
    Sre4jConfig config =
        Sre4jConfig.load(emptyClasspath(), Map.of(), Map.of("sre4j_slo_checkout_objective", "99%"));

    assertThat(config.properties()).containsExactly(entry("slo.checkout.objective", "99%"));
  }

  // ---------------------------------------------------------------------------------- values

  @ParameterizedTest
  @CsvSource({"99.98%, 0.9998", "0.9998, 0.9998", "99.9%, 0.999", "99.9 %, 0.999", "99%, 0.99",
      "99.999%, 0.99999", "50%, 0.5"})
  void objectiveIsAPercentageOrARatio(String objective, double ratio) {
    Sre4jConfig config = Sre4jConfig.from(Map.of("slo.checkout.objective", objective));

    assertThat(config.slos().get(0).objective()).isEqualTo(ratio);
  }

  @Test
  void thresholdIn800msAndWindowIn30dParse() {
    Sre4jConfig config =
        Sre4jConfig.from(
            Map.of(
                "slo.lat.sli", "latency",
                "slo.lat.threshold", "800ms",
                "slo.lat.window", "30d"));

    assertThat(config.slos().get(0).sli()).isEqualTo(Sli.latency(Duration.ofMillis(800)));
    assertThat(config.slos().get(0).window()).isEqualTo(SloWindow.rolling(Duration.ofDays(30)));
  }

  @ParameterizedTest
  @CsvSource({"800ms, PT0.8S", "30d, PT720H", "1.5s, PT1.5S", "5m, PT5M", "5min, PT5M",
      "1w, PT168H", "2H, PT2H", "PT45M, PT45M", "250us, PT0.00025S", "1000ns, PT0.000001S"})
  void durationsAcceptUnitsAndIso8601(String text, Duration expected) {
    assertThat(ConfigSchema.parseDuration("interval", text)).isEqualTo(expected);
  }

  @Test
  void sloKeepsTheBuilderDefaultsForUnsetFields() {
    Sre4jConfig config = Sre4jConfig.from(Map.of("slo.checkout.objective", "99.9%"));

    assertThat(config.slos()).containsExactly(SloSpec.builder("checkout").build());
  }

  @Test
  void everySloFieldIsRead() {
    Sre4jConfig config =
        Sre4jConfig.from(
            Map.ofEntries(
                Map.entry("slo.checkout-latency.sli", "latency"),
                Map.entry("slo.checkout-latency.objective", "99.98%"),
                Map.entry("slo.checkout-latency.threshold", "800ms"),
                Map.entry("slo.checkout-latency.judge-failures", "true"),
                Map.entry("slo.checkout-latency.window", "month"),
                Map.entry("slo.checkout-latency.time-zone", "Europe/Paris"),
                Map.entry("slo.checkout-latency.budgeting", "timeslices"),
                Map.entry("slo.checkout-latency.slice", "5m"),
                Map.entry("slo.checkout-latency.slice-target", "95%"),
                Map.entry("slo.checkout-latency.routes", "/api/checkout/**, /api/cart/*"),
                Map.entry("slo.checkout-latency.methods", "post,PUT"),
                Map.entry("slo.checkout-latency.exclude", "/api/checkout/health"),
                Map.entry("slo.checkout-latency.bad-statuses", "5xx,429"),
                Map.entry("slo.checkout-latency.excluded-statuses", "499")));

    assertThat(config.slos())
        .containsExactly(
            new SloSpec(
                "checkout-latency",
                new Sli.Latency(Duration.ofMillis(800), true),
                0.9998,
                SloWindow.calendarMonth(ZoneId.of("Europe/Paris")),
                Budgeting.timeslices(Duration.ofMinutes(5), 0.95),
                new EndpointSelector(
                    List.of("/api/checkout/**", "/api/cart/*"),
                    Set.of("POST", "PUT"),
                    List.of("/api/checkout/health")),
                StatusClassifier.of("5xx,429", "499")));
  }

  @Test
  void calendarWindowsDefaultToUtcAndTimeslicesToOneMinuteAt99Percent() {
    Sre4jConfig config =
        Sre4jConfig.from(
            Map.of(
                "slo.weekly.window", "WEEK",
                "slo.weekly.budgeting", "timeslices",
                "slo.monthly.window", "month",
                "slo.monthly.sli", "Availability"));

    assertThat(config.slos()).extracting(SloSpec::name).containsExactly("monthly", "weekly");
    assertThat(config.slos().get(0).window()).isEqualTo(SloWindow.calendarMonth(ZoneOffset.UTC));
    assertThat(config.slos().get(1).window()).isEqualTo(SloWindow.calendarWeek(ZoneOffset.UTC));
    assertThat(config.slos().get(1).budgeting())
        .isEqualTo(Budgeting.timeslices(Duration.ofMinutes(1), 0.99));
  }

  @Test
  void emptyListsMeanEveryMethodAndNoExcludedStatus() {
    Sre4jConfig config =
        Sre4jConfig.from(
            Map.of("slo.x.methods", "", "slo.x.excluded-statuses", "", "slo.x.bad-statuses", ""));

    SloSpec spec = config.slos().get(0);
    assertThat(spec.endpoints()).isEqualTo(EndpointSelector.all());
    assertThat(spec.classifier()).isEqualTo(new StatusClassifier(List.of(), List.of()));
  }

  @Test
  void propertiesAreSortedAndUnmodifiable() {
    Sre4jConfig config = Sre4jConfig.from(Map.of("tick", "1s", "service", "a", "interval", "1m"));

    assertThat(config.properties().keySet()).containsExactly("interval", "service", "tick");
    assertThatThrownBy(() -> config.properties().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> config.slos().add(SloSpec.builder("y").build()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // -------------------------------------------------------------------------------- registry

  @Test
  void registryBuiltFromConfigurationHasTheSlosAndGlobals() throws IOException {
    try (URLClassLoader classpath =
        classpathWith(
            """
            service=orders
            interval=30s
            trend-intervals=10
            latency-bands=100ms,300ms
            max-endpoints=2
            tick=500ms
            slo.orders-availability.objective=99.98%
            slo.orders-availability.routes=/api/orders/**
            slo.orders-latency.sli=latency
            slo.orders-latency.threshold=800ms
            slo.orders-latency.objective=0.99
            slo.orders-latency.window=30d
            """)) {
      Sre4jConfig config = Sre4jConfig.load(classpath, Map.of(), Map.of());

      try (SloRegistry registry = config.applyTo(SloRegistry.builder()).manualTick().build()) {
        assertThat(registry.service()).isEqualTo("orders");
        assertThat(registry.slos())
            .containsExactly(
                SloSpec.builder("orders-availability")
                    .objective(0.9998)
                    .endpoints(EndpointSelector.routes("/api/orders/**"))
                    .build(),
                SloSpec.builder("orders-latency")
                    .sli(Sli.latency(Duration.ofMillis(800)))
                    .objective(0.99)
                    .window(SloWindow.rolling(Duration.ofDays(30)))
                    .build());

        // max-endpoints=2: a third route shares the overflow endpoint
        registry.endpoint("GET", "/api/orders/{id}");
        registry.endpoint("GET", "/api/orders");
        Endpoint third = registry.endpoint("GET", "/api/other");
        assertThat(third.route()).isEqualTo(SloRegistry.OTHER_ROUTE);
      }
    }
  }

  @Test
  void unsetGlobalsKeepTheBuildersValues() {
    Sre4jConfig config = Sre4jConfig.from(Map.of("slo.x.objective", "99%"));

    try (SloRegistry registry =
        config.applyTo(SloRegistry.builder().service("kept")).manualTick().build()) {
      assertThat(registry.service()).isEqualTo("kept");
      assertThat(registry.slos()).extracting(SloSpec::name).containsExactly("x");
    }
  }

  // -------------------------------------------------------------------------------- helpers

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  /** A class loader whose only resource is {@code sre4j.properties} with {@code content}. */
  private URLClassLoader classpathWith(String content) throws IOException {
    Path root = Files.createDirectories(dir.resolve("classpath"));
    Files.writeString(root.resolve("sre4j.properties"), content);
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
  }

  /** A class loader with no resources at all, not even the test classpath's. */
  private static ClassLoader emptyClasspath() {
    return new ClassLoader(null) {};
  }
}
