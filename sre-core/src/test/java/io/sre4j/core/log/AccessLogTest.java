package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

final class AccessLogTest {

  @Test
  void isOffByDefault() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).build()) {
      assertThat(log.accessLog().enabled()).isFalse();
      assertThat(log.accessLog().log("GET", "/a", 500, 1, null, "E")).isFalse();
    }
    assertThat(out.size()).isZero();
  }

  @Test
  void withSamplingZeroWritesOnlyBadRequests() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).accessLog(true).accessSample(0.0).build()) {
      for (int i = 0; i < 1000; i++) {
        log.accessLog().log("GET", "/a", 200, 1, null, null);
        log.accessLog().log("GET", "/a", 404, 1, null, null);
      }
      assertThat(log.accessLog().log("GET", "/a", 500, 1, null, null)).isTrue();
      assertThat(log.accessLog().log("GET", "/a", 599, 1, null, null)).isTrue();
      assertThat(log.accessLog().log("GET", "/a", 200, 1, null, "java.io.IOException")).isTrue();
    }
    assertThat(TestLines.parseAll(out)).extracting(node -> node.get("status").asInt())
        .containsExactly(500, 599, 200);
  }

  @Test
  void samplesGoodRequestsAtTheConfiguredRate() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int requests = 100_000;
    int kept = 0;
    try (StructuredLog log = TestLines.into(out).accessLog(true).accessSample(0.1)
        .queueCapacity(1 << 20).build()) {
      for (int i = 0; i < requests; i++) {
        if (log.accessLog().log("GET", "/a", 200, 1, null, null)) {
          kept++;
        }
      }
      assertThat(log.droppedLines()).isZero();
    }
    // binomial(100000, 0.1): mean 10000, sd 95; the bounds are over 10 sd wide
    assertThat(kept).isBetween(9_000, 11_000);
    assertThat(TestLines.lines(out)).hasSize(kept);
  }

  @Test
  void withSamplingOneWritesEveryRequest() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).accessLog(true).build()) {
      assertThat(log.accessLog().sampleRate()).isEqualTo(1.0);
      for (int i = 0; i < 500; i++) {
        assertThat(log.accessLog().log("GET", "/a", 200, i, null, null)).isTrue();
      }
    }
    assertThat(TestLines.lines(out)).hasSize(500);
  }

  @Test
  void nullMethodAndRouteAreWrittenEmpty() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).accessLog(true).build()) {
      log.accessLog().log(null, null, 200, 1, null, null);
    }
    var line = TestLines.parseAll(out).get(0);
    assertThat(line.get("method").asText()).isEmpty();
    assertThat(line.get("route").asText()).isEmpty();
  }
}
