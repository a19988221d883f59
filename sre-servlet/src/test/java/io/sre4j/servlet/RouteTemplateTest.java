package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class RouteTemplateTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "/api/orders/{id}, /api/orders/123, true",
    "/api/orders/{id}, /api/orders/, false",
    "/api/orders/{id}, /api/orders, false",
    "/api/orders/{id}, /api/orders/1/items, false",
    "/api/orders/{id}/items/{item}, /api/orders/1/items/2, true",
    "/api/*/items, /api/7/items, true",
    "/api/*/items, /api//items, false",
    "/static/**, /static, true",
    "/static/**, /static/, true",
    "/static/**, /static/css/site.css, true",
    "/static/**, /statics/x, false",
    "/**, /, true",
    "/**, /anything/at/all, true",
    "/**/edit, /a/b/edit, true",
    "/**/edit, /edit, true",
    "/**/edit, /a/b/view, false",
    "/a/**/z, /a/z, true",
    "/a/**/z, /a/b/c/z, true",
    "/a/**/z, /a/b/c/y, false",
    "/, /, true",
    "/, /a, false",
    "/health, /health, true",
    "/health, /Health, false",
    "/health, /health/, false",
    "/health, health, false",
  })
  void matches(String pattern, String path, boolean expected) {
    assertThat(RouteTemplate.parse("servlet.routes", pattern).matches(path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "api/orders", "/api/orders/", "/api//orders", "/api/{}",
      "/api/{id", "/api/{1id}", "/api/a*", "/api/***", "/api/x{id}", "/a b"})
  void rejectsMalformedPatterns(String pattern) {
    assertThatThrownBy(() -> RouteTemplate.parse("servlet.routes", pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("servlet.routes must be route patterns such as /api/orders/{id}")
        .hasMessageEndingWith(" but was " + (pattern.isEmpty() ? "an empty string" : "\"" + pattern + "\""));
  }
}
