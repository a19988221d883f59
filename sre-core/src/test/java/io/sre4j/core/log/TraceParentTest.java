package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

final class TraceParentTest {

  private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @ParameterizedTest
  @ValueSource(strings = {VALID, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds"})
  void readsTheTraceIdOfValidHeaders(String header) {
    assertThat(TraceParent.valid(header)).isTrue();
    StringBuilder hex = new StringBuilder();
    TraceParent.appendHex(TraceParent.traceHigh(header), TraceParent.traceLow(header), hex);
    assertThat(hex).hasToString("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
    "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
    "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
    "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x", // version 00 is 55 chars
    "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", // later version: '-' after
    "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01", // dash misplaced
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
    "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
    " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
  })
  void rejectsAnythingElse(String header) {
    assertThat(TraceParent.valid(header)).isFalse();
  }
}
