package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class StructuredLogConfigTest {

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("log.sink", "kafka", "log.sink must be stdout, emf or slf4j but was \"kafka\""),
        Arguments.of("log.access", "maybe", "log.access must be true or false but was \"maybe\""),
        Arguments.of("log.access.sample", "1.5", "log.access.sample must be in [0,1] but was \"1.5\""),
        Arguments.of("log.access.sample", "-1%", "log.access.sample must be in [0,1] but was \"-1%\""),
        Arguments.of("log.access.sample", "NaN", "log.access.sample must be in [0,1] but was \"NaN\""),
        Arguments.of("log.access.sample", "some", "log.access.sample must be a ratio such as 99.9% or 0.999 but was \"some\""),
        Arguments.of("log.queue", "8", "log.queue must be between 16 and 1048576 but was \"8\""),
        Arguments.of("log.queue", "2000000", "log.queue must be between 16 and 1048576 but was \"2000000\""),
        Arguments.of("log.queue", "lots", "log.queue must be an integer but was \"lots\""),
        Arguments.of("log.string-limit", "1", "log.string-limit must be between 16 and 65536 but was \"1\""),
        Arguments.of("log.string-limit", "", "log.string-limit must be an integer but was an empty string"),
        Arguments.of("log.emf.namespace", "AWS/EC2", "log.emf.namespace must be 1 to 255 characters of "
            + "A-Z a-z 0-9 . - _ / # : and space, not starting with AWS/, but was \"AWS/EC2\""),
        Arguments.of("log.slf4j.logger", " ", "log.slf4j.logger must be a logger name but was an empty string"),
        Arguments.of("log.shutdown-hook", "2", "log.shutdown-hook must be true or false but was \"2\""),
        Arguments.of("log.close-timeout", "soon", "log.close-timeout must be a duration such as 800ms, 5m, 30d or PT5M but was \"soon\""),
        Arguments.of("log.close-timeout", "10h", "log.close-timeout must be between 0ms and 5m but was \"10h\""),
        Arguments.of("log.close-timeout", "PT-1S", "log.close-timeout must be between 0ms and 5m but was \"PT-1S\""),
        Arguments.of("service", " ", "service must be 1 to 128 characters, not blank but was an empty string"),
        Arguments.of("log.close-timeout", "6m", "log.close-timeout must be between 0ms and 5m but was \"6m\""),
        Arguments.of("log.qeue", "1", "log key must be one of " + LogConfigSchema.NAMES + " but was \"log.qeue\""));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void rejectsBadValuesNamingKeyAndValue(String key, String value, String message) {
    assertThatThrownBy(() -> StructuredLog.builder().config(Map.of(key, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsBadBuilderValuesTheSameWay() {
    assertThatThrownBy(() -> StructuredLog.builder().accessSample(Double.NaN))
        .hasMessage("log.access.sample must be in [0,1] but was \"NaN\"");
    assertThatThrownBy(() -> StructuredLog.builder().queueCapacity(0))
        .hasMessage("log.queue must be between 16 and 1048576 but was \"0\"");
    assertThatThrownBy(() -> StructuredLog.builder().stringLimit(70_000))
        .hasMessage("log.string-limit must be between 16 and 65536 but was \"70000\"");
    assertThatThrownBy(() -> StructuredLog.builder().closeTimeout(Duration.ofMillis(-1)))
        .hasMessage("log.close-timeout must be between 0ms and 5m but was \"-1ms\"");
    assertThatThrownBy(() -> StructuredLog.builder().service(" "))
        .hasMessage("service must be 1 to 128 characters, not blank but was \" \"");
    assertThatThrownBy(() -> StructuredLog.builder().sink(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void readsEveryKeyAndIgnoresOthers() {
    Map<String, String> config = new HashMap<>();
    config.put("log.sink", " EMF ");
    config.put("log.access", "on");
    config.put("log.access.sample", "10%");
    config.put("log.queue", "10000");
    config.put("log.string-limit", "256");
    config.put("log.emf.namespace", "shop/orders");
    config.put("log.slf4j.logger", "test.x");
    config.put("log.shutdown-hook", "no");
    config.put("log.close-timeout", "500ms");
    config.put("slo.checkout.objective", "99.9%");
    try (StructuredLog log = StructuredLog.builder().config(config).build()) {
      assertThat(log.queueCapacity()).isEqualTo(16_384);
      assertThat(log.accessLog().enabled()).isTrue();
      assertThat(log.accessLog().sampleRate()).isEqualTo(0.1);
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"0ms", "1.5s", "5m", "PT30S", " 250 ms "})
  void readsDurationsAsEverySre4jDuration(String timeout) {
    try (StructuredLog log = StructuredLog.builder().shutdownHook(false)
        .sink(LogSink.jsonLines(new java.io.ByteArrayOutputStream()))
        .config(Map.of("log.close-timeout", timeout)).build()) {
      assertThat(log.service()).isEqualTo("service");
    }
  }

  @Test
  void takesTheServiceFromTheRegistrysKey() {
    try (StructuredLog log = StructuredLog.builder().shutdownHook(false)
        .sink(LogSink.jsonLines(new java.io.ByteArrayOutputStream()))
        .config(Map.of("service", " orders ", "log.access", "true")).build()) {
      assertThat(log.service()).isEqualTo("orders");
    }
  }

  @Test
  void aConfigurationBuildsTheLogAndTheRegistryWithOneServiceName() {
    io.sre4j.core.Sre4jConfig config = io.sre4j.core.Sre4jConfig.from(Map.of(
        "service", "orders", "log.access", "on", "log.access.sample", "25%", "log.shutdown-hook", "false",
        "slo.checkout.objective", "99.9%"));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    io.sre4j.core.Clock.ManualClock clock = io.sre4j.core.Clock.ManualClock.at(TestLines.END);
    try (StructuredLog log = StructuredLog.builder().config(config).sink(LogSink.jsonLines(out)).clock(clock).build();
        io.sre4j.core.SloRegistry registry = config.applyTo(io.sre4j.core.SloRegistry.builder())
            .clock(clock).manualTick().listener(log).build()) {
      assertThat(log.service()).isEqualTo("orders").isEqualTo(registry.service());
      assertThat(log.accessLog().enabled()).isTrue();
      assertThat(log.accessLog().sampleRate()).isEqualTo(0.25);
      log.accessLog().log("GET", "/a", 500, 1, null, null);
      registry.deployment("v1");
    }
    assertThat(TestLines.parseAll(out)).extracting(line -> line.get("service").asText())
        .containsExactly("orders", "orders");
    assertThatThrownBy(() -> StructuredLog.builder().config(io.sre4j.core.Sre4jConfig.from(Map.of("log.sink", "kafka"))))
        .hasMessage("log.sink must be stdout, emf or slf4j but was \"kafka\"");
  }

  @Test
  void roundsTheQueueUpToAPowerOfTwo() {
    try (StructuredLog log = StructuredLog.builder().queueCapacity(16).shutdownHook(false).build();
        StructuredLog other = StructuredLog.builder().queueCapacity(17).shutdownHook(false).build();
        StructuredLog defaults = StructuredLog.builder().shutdownHook(false).build()) {
      assertThat(log.queueCapacity()).isEqualTo(16);
      assertThat(other.queueCapacity()).isEqualTo(32);
      assertThat(defaults.queueCapacity()).isEqualTo(LogFields.DEFAULT_QUEUE_CAPACITY);
      assertThat(defaults.accessLog().enabled()).isFalse();
      assertThat(defaults.service()).isEqualTo("service");
    }
  }

  @Test
  void closeIsIdempotentAndLinesAfterItAreCountedAsDropped() {
    StructuredLog log = StructuredLog.builder().accessLog(true).shutdownHook(false)
        .sink(LogSink.jsonLines(new java.io.ByteArrayOutputStream())).build();
    log.close();
    log.close();
    assertThat(log.accessLog().log("GET", "/a", 200, 1, null, null)).isFalse();
    log.onEvent(TestLines.report("orders", "a"));
    assertThat(log.droppedLines()).isEqualTo(2);
  }
}
