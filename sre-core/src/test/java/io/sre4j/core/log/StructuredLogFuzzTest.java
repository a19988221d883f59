package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sre4j.core.Deployment;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import io.sre4j.core.MaintenanceWindow;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloStatus;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloEvent.BudgetPolicyEvent;
import io.sre4j.core.event.SloEvent.DeploymentEvent;
import io.sre4j.core.event.SloEvent.GateOverrideEvent;
import io.sre4j.core.event.SloEvent.MaintenanceEvent;
import io.sre4j.core.event.SloEvent.SliReport;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random text of every kind in every string field: each input gives exactly one valid line, and
 * each value comes back as written, but for the documented replacements (lone surrogates become
 * U+FFFD) and the cut at the string limit.
 */
final class StructuredLogFuzzTest {

  private static final int LIMIT = 64;
  private static final int INPUTS = 3_000;
  private static final String SPECIAL = "\"\\/\u2028\u2029\u0085\u007f{}[]:,";

  /** Random strings mixing ASCII, controls, quotes, line separators, pairs, lone surrogates. */
  static String randomText(SplittableRandom random) {
    int length = random.nextInt(0, 3) == 0 ? random.nextInt(0, 200) : random.nextInt(0, 40);
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      switch (random.nextInt(9)) {
        case 0 -> s.append((char) random.nextInt(0, 0x20));
        case 1 -> s.append(SPECIAL.charAt(random.nextInt(SPECIAL.length())));
        case 2 -> s.append((char) random.nextInt(0xD800, 0xE000)); // lone surrogate (maybe paired by luck)
        case 3 -> s.appendCodePoint(random.nextInt(0x10000, 0x110000));
        case 4 -> s.append((char) random.nextInt(0x80, 0x800));
        case 5 -> s.append((char) random.nextInt(0x800, 0xD800));
        case 6 -> s.append((char) random.nextInt(0xE000, 0x10000));
        default -> s.append((char) random.nextInt(0x20, 0x7f));
      }
    }
    return s.toString();
  }

  /** What the line must hold for {@code input}: cut at the limit, lone surrogates replaced. */
  static String expected(String input, int limit) {
    String cut = Truncated.cut(input, limit);
    StringBuilder out = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1))) {
        out.append(c).append(cut.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static SliReport report(String service, String slo, String sliKind, String window) {
    SliReport base = TestLines.report("s", "s");
    SloSnapshot w = base.window();
    SloSnapshot snapshot = new SloSnapshot(slo, sliKind, w.objective(), window, w.windowStart(),
        w.windowEnd(), w.windowLength(), w.validEvents(), w.badEvents(), Duration.ZERO, 0);
    IntervalStats latency = base.latency();
    return new SliReport(base.time(), service, base.intervalStart(), 10, 1, latency, SloStatus.of(snapshot));
  }

  @Test
  void everyInputYieldsExactlyOneValidLineThatRoundTrips() {
    SplittableRandom random = new SplittableRandom(20261127);
    List<String[]> accessInputs = new ArrayList<>();
    List<String[]> reportInputs = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).accessLog(true).stringLimit(LIMIT)
        .queueCapacity(2 * INPUTS).build()) {
      for (int i = 0; i < INPUTS; i++) {
        String[] a = {randomText(random), randomText(random), randomText(random), randomText(random)};
        accessInputs.add(a);
        assertThat(log.accessLog().log(a[0], a[1], 200, i, a[2], a[3])).isTrue();
        String[] r = {randomText(random), randomText(random), randomText(random), randomText(random)};
        reportInputs.add(r);
        log.onEvent(report(r[0], r[1], r[2], r[3]));
      }
      TestLines.await("every line written", () -> log.writtenLines() == 2L * INPUTS);
      assertThat(log.droppedLines()).isZero();
      assertThat(log.sinkFailures()).isZero();
    }
    List<String> lines = TestLines.lines(out); // valid UTF-8, one '\n' per line, no '\r'
    assertThat(lines).hasSize(2 * INPUTS);
    for (int i = 0; i < INPUTS; i++) {
      String[] a = accessInputs.get(i);
      JsonNode access = TestLines.parse(lines.get(2 * i));
      assertThat(access.get("method").asText()).isEqualTo(expected(a[0], LIMIT));
      assertThat(access.get("route").asText()).isEqualTo(expected(a[1], LIMIT));
      assertThat(access.has("trace_id")).isFalse(); // random text is never a valid traceparent
      assertThat(access.get("error").asText()).isEqualTo(expected(a[3], LIMIT));
      assertThat(access.get("service").asText()).isEqualTo("orders");

      String[] r = reportInputs.get(i);
      JsonNode report = TestLines.parse(lines.get(2 * i + 1));
      assertThat(report.get("service").asText()).isEqualTo(expected(r[0], LIMIT));
      assertThat(report.get("slo").asText()).isEqualTo(expected(r[1], LIMIT));
      assertThat(report.get("sli_kind").asText()).isEqualTo(expected(r[2], LIMIT));
      assertThat(report.get("window").asText()).isEqualTo(expected(r[3], LIMIT));
    }
  }

  private static String cut(String text, int max) {
    return text.length() > max ? text.substring(0, max) : text;
  }

  /** Every string field of every event line: SLO names, severities, reasons, versions, lists. */
  @Test
  void everyEventStringFieldRoundTrips() {
    SplittableRandom random = new SplittableRandom(1127);
    int inputs = 600;
    List<String[]> given = new ArrayList<>();
    List<SloEvent> events = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      String[] r = new String[8];
      for (int j = 0; j < r.length; j++) {
        r[j] = randomText(random);
      }
      given.add(r);
      SliReport full = TestLines.fullReport();
      SloStatus base = full.status();
      SloStatus status = new SloStatus(base.window(), base.burnRates(), base.alerts(),
          Set.of(r[0] + "a", r[1] + "b"), base.budgetState(), 0, false,
          Optional.of(new Deployment("v" + cut(r[2], 127), TestLines.END)), base.sinceDeployment(),
          false, 1, 0);
      events.add(new SliReport(full.time(), r[3], full.intervalStart(), 1, 0, full.latency(), status));
      events.add(new AlertEvent(TestLines.END, r[3], r[4], r[5], i % 2 == 0, TestLines.END,
          TestLines.pageAlert(true).readings()));
      Set<String> slos = new HashSet<>(List.of(r[0], r[1]));
      events.add(new MaintenanceEvent(TestLines.END, r[3], MaintenanceEvent.Kind.DECLARED,
          new MaintenanceWindow(TestLines.WINDOW.start(), TestLines.WINDOW.end(), "r" + cut(r[6], 255), slos),
          List.of(r[7], r[4])));
      events.add(new DeploymentEvent(TestLines.END, r[3],
          new Deployment("v" + cut(r[2], 127), TestLines.END)));
      events.add(new BudgetPolicyEvent(TestLines.END, r[3], r[4], BudgetState.HEALTHY,
          BudgetState.EXHAUSTED, -0.5, r[6]));
      events.add(new GateOverrideEvent(TestLines.END, r[3], r[6], TestLines.END, List.of(r[4], r[5]),
          List.of(r[7], r[0])));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).stringLimit(LIMIT).queueCapacity(8 * inputs).build()) {
      events.forEach(log::onEvent);
      TestLines.await("every line written", () -> log.writtenLines() == events.size());
      assertThat(log.droppedLines()).isZero();
      assertThat(log.sinkFailures()).isZero();
    }
    List<String> lines = TestLines.lines(out);
    assertThat(lines).hasSize(events.size());
    for (int i = 0; i < inputs; i++) {
      String[] r = given.get(i);
      List<JsonNode> six = new ArrayList<>();
      for (int k = 0; k < 6; k++) {
        JsonNode line = TestLines.parse(lines.get(6 * i + k));
        assertThat(line.get("service").asText()).isEqualTo(expected(r[3], LIMIT));
        six.add(line);
      }
      JsonNode report = six.get(0);
      assertThat(report.get("firing").asText())
          .isEqualTo(expected(String.join(",", new TreeSet<>(List.of(r[0] + "a", r[1] + "b"))), LIMIT));
      assertThat(report.get("deployment_version").asText()).isEqualTo(expected("v" + cut(r[2], 127), LIMIT));

      JsonNode alert = six.get(1);
      assertThat(alert.get("type").asText()).isEqualTo("alert");
      assertThat(alert.get("slo").asText()).isEqualTo(expected(r[4], LIMIT));
      assertThat(alert.get("severity").asText()).isEqualTo(expected(r[5], LIMIT));

      JsonNode maintenance = six.get(2);
      assertThat(maintenance.get("reason").asText()).isEqualTo(expected("r" + cut(r[6], 255), LIMIT));
      assertThat(maintenance.get("slos").asText())
          .isEqualTo(expected(String.join(",", new TreeSet<>(List.of(r[0], r[1]))), LIMIT));
      assertThat(maintenance.get("over_budget").asText()).isEqualTo(expected(r[7] + "; " + r[4], LIMIT));

      assertThat(six.get(3).get("version").asText()).isEqualTo(expected("v" + cut(r[2], 127), LIMIT));

      JsonNode policy = six.get(4);
      assertThat(policy.get("slo").asText()).isEqualTo(expected(r[4], LIMIT));
      assertThat(policy.get("reason").asText()).isEqualTo(expected(r[6], LIMIT));

      JsonNode override = six.get(5);
      assertThat(override.get("reason").asText()).isEqualTo(expected(r[6], LIMIT));
      assertThat(override.get("slos").asText()).isEqualTo(expected(r[4] + "," + r[5], LIMIT));
      assertThat(override.get("deny_reasons").asText()).isEqualTo(expected(r[7] + "; " + r[0], LIMIT));
    }
  }

  @Test
  void theServiceNameOfAccessLinesIsEscapedToo() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 50; i++) {
      String text = "s" + randomText(random);
      String service = text.length() > 128 ? text.substring(0, 128) : text;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (StructuredLog log = TestLines.into(out).service(service).accessLog(true)
          .stringLimit(LIMIT).build()) {
        log.accessLog().log("GET", "/a", 200, 1, null, null);
      }
      assertThat(TestLines.parseAll(out)).singleElement()
          .satisfies(line -> assertThat(line.get("service").asText()).isEqualTo(expected(service, LIMIT)));
    }
  }

  @Test
  void validTraceparentsAmongRandomTextGiveTheirTraceId() {
    SplittableRandom random = new SplittableRandom(11);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> ids = new ArrayList<>();
    try (StructuredLog log = TestLines.into(out).accessLog(true).queueCapacity(4096).build()) {
      for (int i = 0; i < 1000; i++) {
        String id = String.format("%016x%016x", random.nextLong() | 1, random.nextLong());
        ids.add(id);
        log.accessLog().log("GET", "/a", 200, 1, "00-" + id + "-00f067aa0ba902b7-01", null);
      }
    }
    assertThat(TestLines.parseAll(out)).extracting(line -> line.get("trace_id").asText())
        .containsExactlyElementsOf(ids);
  }
}
