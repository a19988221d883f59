package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad setting fails at load or build time, naming the key and the value as written. */
final class BadConfigurationTest {

  /**
   * Settings that make a bad value reachable: SLO {@code lat} is a latency SLO, {@code ts} budgets
   * by time slices and {@code cal} has a calendar window. SLO {@code x} keeps every default.
   */
  private static final Map<String, Map<String, String>> CONTEXT =
      Map.of(
          "lat", Map.of("slo.lat.sli", "latency", "slo.lat.threshold", "800ms"),
          "ts", Map.of("slo.ts.budgeting", "timeslices"),
          "cal", Map.of("slo.cal.window", "month"));

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          service                 | ''          | service must be 1 to 128 characters, not blank but was an empty string
          interval                | 5           | interval must be a duration such as 800ms, 5m, 30d or PT5M but was "5"
          interval                | 0s          | interval must be between 1s and 1h but was "0s"
          interval                | 2h          | interval must be between 1s and 1h but was "2h"
          interval                | 7200s       | interval must be between 1s and 1h but was "7200s"
          interval                | 999999999999d | interval must be a duration up to 292 years but was "999999999999d"
          trend-intervals         | ten         | trend-intervals must be an integer but was "ten"
          trend-intervals         | 0           | trend-intervals must be between 1 and 10000 but was "0"
          trend-intervals         | 10001       | trend-intervals must be between 1 and 10000 but was "10001"
          latency-bands           | 800ms,400ms | latency-bands must be two increasing positive durations up to 1h but was "800ms,400ms"
          latency-bands           | 400ms,400ms | latency-bands must be two increasing positive durations up to 1h but was "400ms,400ms"
          latency-bands           | 0ms,400ms   | latency-bands must be two increasing positive durations up to 1h but was "0ms,400ms"
          latency-bands           | 1s,2h       | latency-bands must be two increasing positive durations up to 1h but was "1s,2h"
          latency-bands           | 400ms       | latency-bands must be two durations such as 400ms,800ms but was "400ms"
          latency-bands           | 400ms,fast  | latency-bands must be two durations such as 400ms,800ms but was "400ms,fast"
          latency-bands           | 1s,2s,3s    | latency-bands must be two durations such as 400ms,800ms but was "1s,2s,3s"
          metrics.latency-buckets | 100ms,50ms  | metrics.latency-buckets must be 1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms but was "100ms,50ms"
          metrics.latency-buckets | 50ms,50ms   | metrics.latency-buckets must be 1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms but was "50ms,50ms"
          metrics.latency-buckets | 500ns,1ms   | metrics.latency-buckets must be 1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms but was "500ns,1ms"
          metrics.latency-buckets | 1s,2h       | metrics.latency-buckets must be 1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms but was "1s,2h"
          metrics.latency-buckets | fast,1s     | metrics.latency-buckets must be 1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms but was "fast,1s"
          metrics.latency-buckets | 1s,,2s      | metrics.latency-buckets must be 1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms but was "1s,,2s"
          metrics.latency-buckets | 1ms,2ms,3ms,4ms,5ms,6ms,7ms,8ms,9ms,10ms,11ms,12ms,13ms,14ms,15ms,16ms,17ms,18ms,19ms,20ms,21ms | metrics.latency-buckets must be 1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms but was "1ms,2ms,3ms,4ms,5ms,6ms,7ms,8ms,9ms,10ms,11ms,12ms,13ms,14ms,15ms,16ms,17ms,18ms,19ms,20ms,21ms"
          max-endpoints           | 0           | max-endpoints must be between 1 and 2000 but was "0"
          max-endpoints           | 2001        | max-endpoints must be between 1 and 2000 but was "2001"
          max-endpoints           | 1e3         | max-endpoints must be an integer but was "1e3"
          tick                    | 1ms         | tick must be between 10ms and 1m but was "1ms"
          tick                    | 2m          | tick must be between 10ms and 1m but was "2m"
          tick                    | soon        | tick must be a duration such as 800ms, 5m, 30d or PT5M but was "soon"
          servce                  | orders      | servce must be a known sre4j setting but was "servce=orders"
          config                  | a.properties | config must be a known sre4j setting but was "config=a.properties"
          slo.x                   | 0.9         | slo.x must be a known sre4j setting but was "slo.x=0.9"
          slo.x.objectiv          | 0.9         | slo.x.objectiv must be a known sre4j setting but was "slo.x.objectiv=0.9"
          slo.bad name!.objective | 0.9         | slo.bad name!.objective must be under an SLO name of 1 to 64 characters of [A-Za-z0-9_-] but was "bad name!"
          slo..objective          | 0.9         | slo..objective must be under an SLO name of 1 to 64 characters of [A-Za-z0-9_-] but was an empty string
          slo.a.b.objective       | 0.9         | slo.a.b.objective must be under an SLO name of 1 to 64 characters of [A-Za-z0-9_-] but was "a.b"
          slo.x.objective         | 0           | slo.x.objective must be in (0,1) but was "0"
          slo.x.objective         | 1           | slo.x.objective must be in (0,1) but was "1"
          slo.x.objective         | 1.5         | slo.x.objective must be in (0,1) but was "1.5"
          slo.x.objective         | 100%        | slo.x.objective must be in (0,1) but was "100%"
          slo.x.objective         | -1          | slo.x.objective must be in (0,1) but was "-1"
          slo.x.objective         | NaN         | slo.x.objective must be in (0,1) but was "NaN"
          slo.x.objective         | abc         | slo.x.objective must be a ratio such as 99.9% or 0.999 but was "abc"
          slo.x.objective         | 99.9 percent | slo.x.objective must be a ratio such as 99.9% or 0.999 but was "99.9 percent"
          slo.x.objective         | ''          | slo.x.objective must be a ratio such as 99.9% or 0.999 but was an empty string
          slo.x.sli               | speed       | slo.x.sli must be availability or latency but was "speed"
          slo.x.sli               | latency     | slo.x.threshold must be set when slo.x.sli is latency but was unset
          slo.x.threshold         | 800ms       | slo.x.threshold must be unset unless slo.x.sli is latency but was "800ms"
          slo.x.judge-failures    | true        | slo.x.judge-failures must be unset unless slo.x.sli is latency but was "true"
          slo.lat.threshold       | 0ms         | slo.lat.threshold must be between 1us and 1h but was "0ms"
          slo.lat.threshold       | 2h          | slo.lat.threshold must be between 1us and 1h but was "2h"
          slo.lat.threshold       | 800         | slo.lat.threshold must be a duration such as 800ms, 5m, 30d or PT5M but was "800"
          slo.lat.judge-failures  | maybe       | slo.lat.judge-failures must be true or false but was "maybe"
          slo.x.window            | 30x         | slo.x.window must be a duration such as 30d, or month or week but was "30x"
          slo.x.window            | year        | slo.x.window must be a duration such as 30d, or month or week but was "year"
          slo.x.window            | 5m          | slo.x.window must be between 1h and 400d but was "5m"
          slo.x.window            | 401d        | slo.x.window must be between 1h and 400d but was "401d"
          slo.x.time-zone         | Europe/Paris | slo.x.time-zone must be unset unless slo.x.window is month or week but was "Europe/Paris"
          slo.cal.time-zone       | Mars/Olympus | slo.cal.time-zone must be a time zone such as UTC or Europe/Paris but was "Mars/Olympus"
          slo.cal.time-zone       | +25:00      | slo.cal.time-zone must be a time zone such as UTC or Europe/Paris but was "+25:00"
          slo.x.budgeting         | tokens      | slo.x.budgeting must be occurrences or timeslices but was "tokens"
          slo.x.slice             | 5m          | slo.x.slice must be unset unless slo.x.budgeting is timeslices but was "5m"
          slo.x.slice-target      | 99%         | slo.x.slice-target must be unset unless slo.x.budgeting is timeslices but was "99%"
          slo.ts.slice            | often       | slo.ts.slice must be a duration such as 800ms, 5m, 30d or PT5M but was "often"
          slo.ts.slice            | 500ms       | slo.ts.slice must be between 1s and 1h but was "500ms"
          slo.ts.slice            | 2h          | slo.ts.slice must be between 1s and 1h but was "2h"
          slo.ts.slice            | 7s          | slo.ts.slice must be a whole number of milliseconds dividing one day but was "7s"
          slo.ts.slice            | 1.0005s     | slo.ts.slice must be a whole number of milliseconds dividing one day but was "1.0005s"
          slo.ts.slice-target     | 0           | slo.ts.slice-target must be in (0,1] but was "0"
          slo.ts.slice-target     | 101%        | slo.ts.slice-target must be in (0,1] but was "101%"
          slo.ts.slice-target     | most        | slo.ts.slice-target must be a ratio such as 99.9% or 0.999 but was "most"
          slo.x.routes            | ''          | slo.x.routes must be at least one route pattern but was an empty list
          slo.x.routes            | ' , '       | slo.x.routes must be at least one route pattern but was an empty list
          slo.x.methods           | GET,G3T     | slo.x.methods must be HTTP method names such as GET or POST but was "G3T"
          slo.x.bad-statuses      | 5xx,6xx     | slo.x.bad-statuses must be an HTTP status 100..599 or a class 1xx..5xx but was "6xx"
          slo.x.bad-statuses      | abc         | slo.x.bad-statuses must be an HTTP status 100..599 or a class 1xx..5xx but was "abc"
          slo.x.excluded-statuses | 499,600     | slo.x.excluded-statuses must be an HTTP status 100..599 or a class 1xx..5xx but was "600"
          """)
  void badValueIsRejectedNamingTheKeyAndTheValue(String key, String value, String message) {
    Map<String, String> properties = new HashMap<>(context(key));
    properties.put(key, value);

    assertThatThrownBy(() -> Sre4jConfig.from(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  private static Map<String, String> context(String key) {
    String[] parts = key.split("\\.");
    return parts.length == 3 && parts[0].equals("slo")
        ? CONTEXT.getOrDefault(parts[1], Map.of())
        : Map.of();
  }

  @Test
  void badValueFromTheEnvironmentIsNamedByItsKey() {
    Map<String, String> environment = Map.of("SRE4J_SLO_CHECKOUT_OBJECTIVE", "1.5");

    assertThatThrownBy(() -> Sre4jConfig.load(emptyClassLoader(), Map.of(), environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slo.checkout.objective must be in (0,1) but was \"1.5\"");
  }

  @Test
  void badValueFromASystemPropertyIsNamedByItsUnprefixedKey() {
    Map<String, String> system = Map.of("sre4j.slo.checkout.window", "30x");

    assertThatThrownBy(() -> Sre4jConfig.load(emptyClassLoader(), system, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "slo.checkout.window must be a duration such as 30d, or month or week but was \"30x\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          SRE4J_COLOUR                   | SRE4J_COLOUR must be a known sre4j setting but was "SRE4J_COLOUR=blue"
          SRE4J_SLO_CHECKOUT_COLOUR      | SRE4J_SLO_CHECKOUT_COLOUR must be a known sre4j setting but was "SRE4J_SLO_CHECKOUT_COLOUR=blue"
          SRE4J_SLO_OBJECTIVE            | SRE4J_SLO_OBJECTIVE must be a known sre4j setting but was "SRE4J_SLO_OBJECTIVE=blue"
          SRE4J_                         | SRE4J_ must be a known sre4j setting but was "SRE4J_=blue"
          """)
  void environmentVariableNamingNoSettingIsRejected(String variable, String message) {
    Map<String, String> environment = Map.of(variable, "blue");

    assertThatThrownBy(() -> Sre4jConfig.load(emptyClassLoader(), Map.of(), environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void environmentVariableMatchingTwoSloNamesIsRejected() {
    Map<String, String> system =
        Map.of(
            "sre4j.slo.checkout-latency.objective", "99%",
            "sre4j.slo.checkout_latency.objective", "99%");
    Map<String, String> environment = Map.of("SRE4J_SLO_CHECKOUT_LATENCY_OBJECTIVE", "99.9%");

    assertThatThrownBy(() -> Sre4jConfig.load(emptyClassLoader(), system, environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SRE4J_SLO_CHECKOUT_LATENCY_OBJECTIVE must be the name of one SLO but was ambiguous"
                + " between checkout-latency and checkout_latency");
  }

  @Test
  void twoEnvironmentVariablesForOneKeyAreRejected() {
    Map<String, String> environment = Map.of("SRE4J_SERVICE", "a", "sre4j_service", "b");

    assertThatThrownBy(() -> Sre4jConfig.load(emptyClassLoader(), Map.of(), environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "service must be set once in the environment but was set by both SRE4J_SERVICE and"
                + " sre4j_service");
  }

  @Test
  void keyGivenWithAndWithoutPrefixIsRejected() {
    Map<String, String> properties = Map.of("service", "a", "sre4j.service", "b");

    assertThatThrownBy(() -> Sre4jConfig.from(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "service must be set once in the map but was set as both service and sre4j.service");
  }

  @Test
  void missingConfigFileIsRejected(@TempDir Path dir) {
    String missing = dir.resolve("missing.properties").toString();

    assertThatThrownBy(
            () -> Sre4jConfig.load(emptyClassLoader(), Map.of("sre4j.config", missing), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config must be a readable file but was \"" + missing + "\"");
  }

  @Test
  void directoryAsConfigFileIsRejected(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                Sre4jConfig.load(
                    emptyClassLoader(), Map.of("sre4j.config", dir.toString()), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config must be a readable file but was \"" + dir + "\"");
  }

  @Test
  void malformedConfigFileIsRejected(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.properties"), "service=\\u12\n");

    assertThatThrownBy(
            () ->
                Sre4jConfig.load(
                    emptyClassLoader(), Map.of("sre4j.config", file.toString()), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "config must be a properties file (Malformed \\uxxxx encoding.) but was \"" + file + "\"");
  }

  @Test
  void badValueInAFileIsRejectedWithItsUnprefixedKey(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(dir.resolve("sre4j.properties"), "sre4j.tick = 0s\n");

    assertThatThrownBy(
            () ->
                Sre4jConfig.load(
                    emptyClassLoader(), Map.of("sre4j.config", file.toString()), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tick must be between 10ms and 1m but was \"0s\"");
  }

  // ------------------------------------------------------------------------ programmatic builders

  static List<Arguments> badBuilderCalls() {
    return List.of(
        bad(
            () -> SloRegistry.builder().interval(Duration.ZERO),
            "interval must be between 1s and 1h but was \"0s\""),
        bad(
            () -> SloRegistry.builder().interval(Duration.ofHours(2)),
            "interval must be between 1s and 1h but was \"2h\""),
        bad(
            () -> SloRegistry.builder().trendIntervals(0),
            "trend-intervals must be between 1 and 10000 but was \"0\""),
        bad(
            () ->
                SloRegistry.builder().latencyBands(Duration.ofMillis(800), Duration.ofMillis(400)),
            "latency-bands must be two increasing positive durations up to 1h but was \"800ms,400ms\""),
        bad(
            () -> SloRegistry.builder().latencyBuckets(List.of(Duration.ofMillis(100), Duration.ofMillis(50))),
            "metrics.latency-buckets must be 1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms but was \"100ms,50ms\""),
        bad(
            () -> SloRegistry.builder().latencyBuckets(List.of()),
            "metrics.latency-buckets must be 1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms but was an empty string"),
        bad(
            () -> SloRegistry.builder().maxEndpoints(0),
            "max-endpoints must be between 1 and 2000 but was \"0\""),
        bad(
            () -> SloRegistry.builder().maxEndpoints(SloRegistry.MAX_ENDPOINTS + 1),
            "max-endpoints must be between 1 and 2000 but was \"2001\""),
        bad(
            () -> SloRegistry.builder().tick(Duration.ofMillis(1)),
            "tick must be between 10ms and 1m but was \"1ms\""),
        bad(
            () -> SloRegistry.builder().service(" "),
            "service must be 1 to 128 characters, not blank but was \" \""),
        bad(
            () -> SloSpec.builder("x").objective(1.5).build(),
            "slo.x.objective must be in (0,1) but was \"1.5\""),
        bad(
            () -> SloSpec.builder("x").objective(0).build(),
            "slo.x.objective must be in (0,1) but was \"0.0\""),
        bad(
            () -> SloSpec.builder("x").objective("abc"),
            "slo.x.objective must be a ratio such as 99.9% or 0.999 but was \"abc\""),
        bad(
            () -> SloSpec.builder("bad name!").build(),
            "slo name must be 1 to 64 characters of [A-Za-z0-9_-] but was \"bad name!\""),
        bad(
            () -> SloSpec.builder("x".repeat(65)).build(),
            "slo name must be 1 to 64 characters of [A-Za-z0-9_-] but was \"" + "x".repeat(65) + "\""),
        bad(
            () -> Sli.latency(Duration.ZERO),
            "threshold must be between 1us and 1h but was \"0s\""),
        bad(
            () -> Sli.latency(Duration.ofHours(2)),
            "threshold must be between 1us and 1h but was \"2h\""),
        bad(
            () -> SloWindow.rolling(Duration.ofMinutes(5)),
            "window must be between 1h and 400d but was \"5m\""),
        bad(
            () -> SloWindow.rolling(Duration.ofDays(401)),
            "window must be between 1h and 400d but was \"401d\""),
        bad(
            () -> Budgeting.timeslices(Duration.ofSeconds(7), 0.99),
            "slice must be a whole number of milliseconds dividing one day but was \"7s\""),
        bad(
            () -> Budgeting.timeslices(Duration.ofMillis(500), 0.99),
            "slice must be between 1s and 1h but was \"500ms\""),
        bad(
            () -> Budgeting.timeslices(Duration.ofMinutes(1), 0),
            "slice-target must be in (0,1] but was \"0.0\""),
        bad(
            () -> EndpointSelector.routes(new String[0]),
            "routes must be at least one route pattern but was an empty list"),
        bad(
            () -> EndpointSelector.routes(" "),
            "routes must be a route pattern such as /api/** or /orders/* but was \" \""),
        bad(
            () -> EndpointSelector.all().methods("G3T"),
            "methods must be HTTP method names such as GET or POST but was \"G3T\""),
        bad(
            () -> EndpointSelector.all().excluding(""),
            "exclude must be a route pattern such as /api/** or /orders/* but was an empty string"),
        bad(
            () -> StatusClassifier.of("6xx", ""),
            "bad-statuses must be an HTTP status 100..599 or a class 1xx..5xx but was \"6xx\""),
        bad(
            () -> StatusClassifier.of("5xx", "abc"),
            "excluded-statuses must be an HTTP status 100..599 or a class 1xx..5xx but was \"abc\""),
        bad(
            () -> new StatusClassifier(List.of("5xx"), List.of("600")),
            "excluded-statuses must be an HTTP status 100..599 or a class 1xx..5xx but was \"600\""),
        bad(
            () -> new EndpointSelector(List.of("/**"), Set.of("G3T"), List.of()),
            "methods must be HTTP method names such as GET or POST but was \"G3T\""));
  }

  private static Arguments bad(ThrowingCallable call, String message) {
    return Arguments.of(message, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBuilderCalls")
  void badBuilderArgumentIsRejectedWithTheSameMessageShape(String message, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void duplicateSloNameIsAConflict() {
    SloSpec spec = SloSpec.builder("x").build();
    SloRegistry.Builder builder = SloRegistry.builder().slo(spec);

    assertThatThrownBy(() -> builder.slo(spec))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slo x is already registered");
  }

  @Test
  void configuredSloAlreadyOnTheBuilderIsAConflict() {
    Sre4jConfig config = Sre4jConfig.from(Map.of("slo.x.objective", "99%"));
    SloRegistry.Builder builder = SloRegistry.builder().slo(SloSpec.builder("x").build());

    assertThatThrownBy(() -> config.applyTo(builder))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slo x is already registered");
  }

  private static ClassLoader emptyClassLoader() {
    return new ClassLoader(null) {};
  }
}
