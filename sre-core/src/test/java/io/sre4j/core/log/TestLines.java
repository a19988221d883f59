package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sre4j.core.AlertRule;
import io.sre4j.core.Deployment;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import io.sre4j.core.MaintenanceWindow;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloStatus;
import io.sre4j.core.SloStatus.AlertReading;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.SloStatus.BurnRate;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloEvent.BudgetPolicyEvent;
import io.sre4j.core.event.SloEvent.DeploymentEvent;
import io.sre4j.core.event.SloEvent.GateOverrideEvent;
import io.sre4j.core.event.SloEvent.MaintenanceEvent;
import io.sre4j.core.event.SloEvent.SliReport;
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
    return new SliReport(END, service, END.minusSeconds(60), 1000, 7, latency, SloStatus.of(window));
  }

  /** A report on a 1-minute time-slice SLO with no request in the interval. */
  static SliReport timesliceReport() {
    SloSnapshot window = new SloSnapshot("checkout-latency", "latency", 0.9999, "30d",
        Instant.parse("2026-10-28T03:18:00Z"), END, Duration.ofDays(30), 500, 3,
        Duration.ofMinutes(1), 2);
    return new SliReport(END, "orders", END.minusSeconds(60), 0, 0,
        IntervalStats.empty(END.minusSeconds(60), END), SloStatus.of(window));
  }

  static final AlertRule PAGE_FAST = new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4);
  static final AlertRule PAGE_SLOW = new AlertRule("page", Duration.ofHours(6), Duration.ofMinutes(30), 6);
  static final AlertRule TICKET = new AlertRule("ticket", Duration.ofDays(3), Duration.ofHours(6), 1);

  /** A burn rate of exactly {@code rate} on a 99.9 % SLO: {@code rate} bad events in 1000. */
  static BurnRate burn(Duration window, int rate) {
    return new BurnRate(window, 1000, rate, rate);
  }

  /**
   * The page alert of {@code checkout}: its fast rule (1h/5m) does not hold, its slow one (6h/30m)
   * holds when firing. Burn rates: 5m 20, 30m 8, 1h 5, 6h 7.
   */
  static AlertEvent pageAlert(boolean firing) {
    List<AlertReading> readings = List.of(
        new AlertReading(PAGE_FAST, burn(Duration.ofHours(1), 5), burn(Duration.ofMinutes(5), 20), false),
        new AlertReading(PAGE_SLOW, burn(Duration.ofHours(6), firing ? 7 : 2),
            burn(Duration.ofMinutes(30), firing ? 8 : 1), firing));
    return new AlertEvent(END, "orders", "checkout", "page", firing,
        firing ? END : END.minus(Duration.ofMinutes(42)), readings);
  }

  /**
   * {@link #pageAlert(boolean)} with the budget figures: 42 % left, spent in 90 hours at the 1 h
   * burn, not forecast to run out at the 6 h burn.
   */
  static AlertEvent pageAlertWithForecast() {
    AlertEvent plain = pageAlert(true);
    return new AlertEvent(plain.time(), plain.service(), plain.slo(), plain.severity(), true,
        plain.since(), plain.readings(), 0.42,
        List.of(new SloStatus.Exhaustion(burn(Duration.ofHours(1), 5), Optional.of(Duration.ofHours(90))),
            new SloStatus.Exhaustion(burn(Duration.ofHours(6), 7), Optional.empty())));
  }

  /**
   * A report whose status has every figure: burn rates over the five default lookbacks, page and
   * ticket firing, at risk, in maintenance, deployed 10 minutes ago with a rollback advised, the
   * budget forecast to run out in 90 h (1 h burn) and 12345.678 s (6 h burn), 3 alerts suppressed.
   */
  static SliReport fullReport() {
    SliReport base = report("orders", "checkout");
    List<BurnRate> burns = List.of(burn(Duration.ofMinutes(5), 20), burn(Duration.ofMinutes(30), 8),
        burn(Duration.ofHours(1), 5), burn(Duration.ofHours(6), 7), burn(Duration.ofDays(3), 2));
    List<AlertReading> readings = List.of(
        new AlertReading(PAGE_FAST, burns.get(2), burns.get(0), false),
        new AlertReading(PAGE_SLOW, burns.get(3), burns.get(1), true),
        new AlertReading(TICKET, burns.get(4), burns.get(3), true));
    SloStatus status = new SloStatus(base.window(), burns, readings, Set.of("ticket", "page"),
        BudgetState.AT_RISK, 12, true,
        Optional.of(new Deployment("v2.0.1", END.minus(Duration.ofMinutes(10)))),
        Optional.of(burn(Duration.ofMinutes(10), 16)), true, 5_000_000, 4_000,
        List.of(new SloStatus.Exhaustion(burns.get(2), Optional.of(Duration.ofHours(90))),
            new SloStatus.Exhaustion(burns.get(3), Optional.of(Duration.ofMillis(12_345_678)))),
        false, 3);
    return new SliReport(base.time(), base.service(), base.intervalStart(), base.intervalValid(),
        base.intervalBad(), base.latency(), status);
  }

  static final MaintenanceWindow WINDOW = new MaintenanceWindow(Instant.parse("2026-11-28T02:00:00Z"),
      Instant.parse("2026-11-28T02:30:00Z"), "database upgrade, \"v16\"", Set.of("search", "checkout"));

  static MaintenanceEvent maintenance(MaintenanceEvent.Kind kind, List<String> overBudget) {
    return new MaintenanceEvent(END, "orders", kind, WINDOW, overBudget);
  }

  static DeploymentEvent deployment() {
    return new DeploymentEvent(END, "orders", new Deployment("v2.0.1+build.7", END.minusMillis(5)));
  }

  static BudgetPolicyEvent budgetPolicy() {
    return new BudgetPolicyEvent(END, "orders", "checkout", BudgetState.HEALTHY, BudgetState.AT_RISK,
        0.2, "20.0% of the error budget left, below the 25% threshold");
  }

  static GateOverrideEvent gateOverride() {
    return new GateOverrideEvent(END, "orders", "hotfix INC-1234, approved by on-call",
        END.plus(Duration.ofHours(1)), List.of("checkout", "search"),
        List.of("slo checkout: error budget exhausted, -3.0% of the error budget left",
            "slo checkout: page alert firing"));
  }

  static io.sre4j.core.event.SloEvent.ReviewEvent review() {
    return new io.sre4j.core.event.SloEvent.ReviewEvent(END, "orders", "checkout",
        new io.sre4j.core.Review("alice", END.minus(Duration.ofHours(1)), "bad config push",
            List.of("canary config pushes", "alert on config errors"),
            java.util.Optional.of(java.net.URI.create("https://wiki.example.com/pm/1"))),
        java.util.Optional.of(END.minus(Duration.ofDays(1))));
  }

  static io.sre4j.core.event.SloEvent.BudgetAdjustmentEvent budgetAdjustment() {
    return new io.sre4j.core.event.SloEvent.BudgetAdjustmentEvent(END, "orders", "checkout", 0.999,
        io.sre4j.core.BudgetAdjustment.objective(0.995, "payment provider migration", "cto",
            END, java.util.Optional.of(END.plus(Duration.ofDays(14)))));
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
