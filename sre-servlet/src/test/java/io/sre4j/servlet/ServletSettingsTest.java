package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.Sre4jConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ServletSettingsTest {

  @Test
  void defaults() {
    ServletSettings defaults = ServletSettings.defaults();
    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.routes()).isEmpty();
    assertThat(defaults.maxRoutes()).isEqualTo(100);
    assertThat(defaults.endpoints()).isFalse();
    assertThat(defaults.prefix()).isEqualTo("/sre");
    assertThat(defaults.token()).isEmpty();
    assertThat(defaults.gateSlos()).isEmpty();
    assertThat(defaults.clientAbort()).isEqualTo("exclude");
  }

  @Test
  void readsItsKeysAndIgnoresOthers() {
    ServletSettings settings = ServletSettings.from(Map.of(
        "enabled", "off",
        "servlet.routes", "/api/orders/{id}, /static/**",
        "servlet.max-routes", "250",
        "servlet.endpoints", "true",
        "servlet.prefix", "/ops/sre",
        "servlet.token", "abcdefghijklmnop-0123",
        "servlet.gate-slos", "checkout,search",
        "servlet.client-abort", "error",
        "service", "orders",
        "log.access", "true"));
    assertThat(settings.enabled()).isFalse();
    assertThat(settings.routes()).containsExactly("/api/orders/{id}", "/static/**");
    assertThat(settings.maxRoutes()).isEqualTo(250);
    assertThat(settings.endpoints()).isTrue();
    assertThat(settings.prefix()).isEqualTo("/ops/sre");
    assertThat(settings.token()).hasValue("abcdefghijklmnop-0123");
    assertThat(settings.gateSlos()).containsExactly("checkout", "search");
    assertThat(settings.clientAbort()).isEqualTo("error");
  }

  @Test
  void theCoreConfigurationAcceptsTheServletKeys() {
    Sre4jConfig config = Sre4jConfig.from(Map.of(
        "sre4j.enabled", "true",
        "servlet.endpoints", "true",
        "servlet.token", "abcdefghijklmnop-0123",
        "slo.checkout.objective", "99.9%"));
    ServletSettings settings = ServletSettings.from(config.properties());
    assertThat(settings.endpoints()).isTrue();
    assertThat(config.slos()).hasSize(1);
  }

  @Test
  void theTokenIsNeverShown() {
    ServletSettings settings = ServletSettings.builder().token("abcdefghijklmnop-secret").build();
    assertThat(settings.toString()).doesNotContain("secret").contains("token=(set)");
    assertThatThrownBy(() -> ServletSettings.builder().token("short-secret").build())
        .hasMessage("servlet.token must be 16 to 512 characters of A-Z a-z 0-9 . _ ~ + / = - "
            + "but was a value of 12 characters");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
    "enabled | maybe | enabled must be true or false but was \"maybe\"",
    "servlet.endpoints | 1 | servlet.endpoints must be true or false but was \"1\"",
    "servlet.max-routes | 0 | servlet.max-routes must be between 1 and 100000 but was \"0\"",
    "servlet.max-routes | 100001 | servlet.max-routes must be between 1 and 100000 but was \"100001\"",
    "servlet.max-routes | many | servlet.max-routes must be an integer but was \"many\"",
    "servlet.prefix | sre | servlet.prefix must be a path such as /sre (segments of letters, digits, . _ ~ -, no trailing /) but was \"sre\"",
    "servlet.prefix | /sre/ | servlet.prefix must be a path such as /sre (segments of letters, digits, . _ ~ -, no trailing /) but was \"/sre/\"",
    "servlet.prefix | / | servlet.prefix must be a path such as /sre (segments of letters, digits, . _ ~ -, no trailing /) but was \"/\"",
    "servlet.routes | /api/{id | servlet.routes must be route patterns such as /api/orders/{id} or /static/** (segments of literal text, {name}, * or **; no empty segment, no trailing /) but was \"/api/{id\"",
    "servlet.colour | blue | servlet key must be one of [enabled, servlet.routes, servlet.max-routes, servlet.endpoints, servlet.prefix, servlet.token, servlet.gate-slos, servlet.token-protects-reads, servlet.client-abort] but was \"servlet.colour\"",
    "servlet.client-abort | ignore | servlet.client-abort must be exclude or error but was \"ignore\"",
  })
  void badValuesAreRejectedWithKeyAndValue(String key, String value, String message) {
    assertThatThrownBy(() -> ServletSettings.from(Map.of(key, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void toBuilderKeepsEverything() {
    ServletSettings settings = new ServletSettings(false, List.of("/a"), 7, true, "/x",
        Optional.of("abcdefghijklmnop"), List.of("s"), false, "error");
    assertThat(settings.toBuilder().build()).isEqualTo(settings);
    ServletSettings closed = new ServletSettings(false, List.of("/a"), 7, true, "/x",
        Optional.of("abcdefghijklmnop"), List.of("s"), true, "exclude");
    assertThat(closed.toBuilder().build()).isEqualTo(closed);
  }
}
