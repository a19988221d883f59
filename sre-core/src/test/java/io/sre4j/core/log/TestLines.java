package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sre4j.core.BudgetState;
import io.sre4j.core.IntervalStats;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloStatus;
import io.sre4j.core.event.SliReport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Shared helpers of the log tests: a strict JSON parser, UTF-8 checks, sample events, waiting. */
final class TestLines {

  /** Fails on duplicate keys, trailing tokens and anything lenient. */
  static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  static {
    assertThat(STRICT.getFactory().isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)).isTrue();
  }

  private TestLines() {}

  /** Decodes strictly: malformed or unmappable UTF-8 fails. */
  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("output is not valid UTF-8", e);
    }
  }

  /** Splits JSON Lines output: every line ends with '\n', none is empty. */
  static List<String> lines(ByteArrayOutputStream out) {
    String text = utf8(out.toByteArray());
    List<String> lines = new ArrayList<>();
    if (text.isEmpty()) {
      return lines;
    }
    assertThat(text).endsWith("\n");
    for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
      assertThat(line).isNotEmpty().doesNotContain("\r");
      lines.add(line);
    }
    return lines;
  }

  /** Parses one line strictly. */
  static JsonNode parse(String line) {
    try {
      JsonNode node = STRICT.readTree(line);
      assertThat(node.isObject()).as("an object: %s", line).isTrue();
      return node;
    } catch (Exception e) {
      throw new AssertionError("not valid strict JSON: " + line, e);
    }
  }

  static List<JsonNode> parseAll(ByteArrayOutputStream out) {
    return lines(out).stream().map(TestLines::parse).toList();
  }

  static final Instant END = Instant.parse("2026-11-27T03:18:32.123Z");

  /** A report on an occurrences SLO with figures that all differ. */
  static SliReport report(String service, String slo) {
    IntervalStats latency = new IntervalStats(END.minusSeconds(60), END, 1000,
        1_250_000, 2_400_000_000L, 35_500_000.5, 20_000_000, 90_000_000, 150_000_000,
        700_000_000, 1_900_000_000, 900, 80, 20, 7, 895, 78);
    SloSnapshot window = new SloSnapshot(slo, "availability", 0.999, "30d",
        Instant.parse("2026-10-28T03:18:00Z"), END, Duration.ofDays(30), 2_000_000, 1_500,
        Duration.ZERO, 0);
    return new SliReport(END, service, END.minusSeconds(60), 1000, 7, latency, status(window));
  }

  /** A report on a 1-minute time-slice SLO with no request in the interval. */
  static SliReport timesliceReport() {
    SloSnapshot window = new SloSnapshot("checkout-latency", "latency", 0.9999, "30d",
        Instant.parse("2026-10-28T03:18:00Z"), END, Duration.ofDays(30), 500, 3,
        Duration.ofMinutes(1), 2);
    return new SliReport(END, "orders", END.minusSeconds(60), 0, 0,
        IntervalStats.empty(END.minusSeconds(60), END), status(window));
  }

  /** The status of an SLO with no alert rule, healthy, never deployed. */
  static SloStatus status(SloSnapshot window) {
    return new SloStatus(window, List.of(), List.of(), Set.of(), BudgetState.HEALTHY, 0, false,
        Optional.empty(), Optional.empty(), false, window.validEvents(), window.badEvents());
  }

  /** Polls until true, failing after a generous bound; for waiting on the writer thread only. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /** A log writing JSON Lines into {@code out}, no shutdown hook. */
  static StructuredLog.Builder into(ByteArrayOutputStream out) {
    return StructuredLog.builder().service("orders").sink(LogSink.jsonLines(out)).shutdownHook(false);
  }
}
