package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sre4j.core.Clock;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloEvent.BudgetPolicyEvent;
import io.sre4j.core.SloStatus.BudgetState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, priority lines: with the sink blocked, access lines past the queue's capacity are
 * dropped and counted while {@code alert} and {@code budget_policy} lines wait in their own lane
 * and all reach the sink, in order, once it unblocks; when even that lane overflows, its oldest
 * lines are kept and one {@code log_loss} line reports the exact count of the lost ones. The 60 s
 * waits are hang guards, not timing assertions.
 */
final class PriorityLaneTest {

  private static final Instant NOW = Instant.parse("2026-12-01T08:30:00Z");

  /**
   * A JSON Lines sink whose writes do not return until the test releases its gate; {@link
   * #reblock} closes a new gate for the writes that follow.
   */
  private static final class BlockedSink implements LogSink {
    private static final class Gate {
      final CountDownLatch entered = new CountDownLatch(1);
      final CountDownLatch release = new CountDownLatch(1);
    }

    private volatile Gate gate = new Gate();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LogSink json = LogSink.jsonLines(out);

    void awaitEntered() throws InterruptedException {
      assertThat(gate.entered.await(60, TimeUnit.SECONDS)).as("the writer is stuck in write()").isTrue();
    }

    void release() {
      gate.release.countDown();
    }

    void reblock() {
      gate = new Gate();
    }

    @Override
    public void write(LogRecord record) throws IOException {
      Gate current = gate;
      current.entered.countDown();
      try {
        current.release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      json.write(record);
    }

    @Override
    public void flush() throws IOException {
      json.flush();
    }

    @Override
    public void close() throws IOException {
      json.close();
    }
  }

  private static StructuredLog blockedLog(BlockedSink sink) throws InterruptedException {
    StructuredLog log = StructuredLog.builder().service("orders").sink(sink)
        .clock(Clock.ManualClock.at(NOW)).accessLog(true).queueCapacity(16).shutdownHook(false)
        .closeTimeout(Duration.ofMinutes(1)).build();
    // one access line gets the writer stuck in write()
    assertThat(log.accessLog().log("GET", "/first", 200, 1, null, null)).isTrue();
    sink.awaitEntered();
    return log;
  }

  private static AlertEvent alert(int i) {
    return new AlertEvent(TestLines.END, "orders", "slo-" + i, "page", true, TestLines.END, List.of());
  }

  private static BudgetPolicyEvent policy(int i) {
    return new BudgetPolicyEvent(TestLines.END, "orders", "slo-" + i, BudgetState.HEALTHY,
        BudgetState.AT_RISK, 0.5, "reason " + i);
  }

  private static List<String> slosOf(List<JsonNode> lines, String type) {
    List<String> slos = new ArrayList<>();
    for (JsonNode line : lines) {
      if (line.get("type").asText().equals(type)) {
        slos.add(line.get("slo").asText());
      }
    }
    return slos;
  }

  @Test
  void priorityLinesSurviveAFloodOfAccessLinesAndAreWrittenFirstInOrder() throws Exception {
    BlockedSink sink = new BlockedSink();
    StructuredLog log = blockedLog(sink);
    int accessRefused = 0;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      for (int j = 0; j < 10; j++) {
        if (!log.accessLog().log("GET", "/flood", 200, 1, null, null)) {
          accessRefused++;
        }
      }
      log.onEvent(alert(i));
      log.onEvent(policy(i));
      expected.add("slo-" + i);
    }
    // the first 10 access lines, alert and policy 0 and 4 more access lines fill the queue of 16;
    // alerts and policies 1 to 9 go into the priority lane
    assertThat(accessRefused).as("100 access lines into a queue of 16").isEqualTo(86);
    assertThat(log.droppedLines()).isEqualTo(86);
    assertThat(log.lostPriorityLines()).isZero();
    assertThat(log.queuedLines()).isEqualTo(16 + 18);

    sink.release();
    log.close();

    List<JsonNode> lines = TestLines.parseAll(sink.out);
    assertThat(slosOf(lines, "alert")).containsExactlyElementsOf(expected);
    assertThat(slosOf(lines, "budget_policy")).containsExactlyElementsOf(expected);
    List<String> types = new ArrayList<>();
    for (JsonNode line : lines) {
      types.add(line.get("type").asText());
    }
    // the stuck line, the queue in order, then the lane
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      order.add("access");
    }
    order.add("alert");
    order.add("budget_policy");
    for (int i = 0; i < 4; i++) {
      order.add("access");
    }
    for (int i = 1; i < 10; i++) {
      order.add("alert");
      order.add("budget_policy");
    }
    assertThat(types).containsExactlyElementsOf(order);
    assertThat(log.writtenLines()).isEqualTo(35);
    assertThat(log.droppedLines()).isEqualTo(86);
  }

  @Test
  void aFullPriorityLaneKeepsItsOldestLinesAndReportsTheExactLoss() throws Exception {
    BlockedSink sink = new BlockedSink();
    StructuredLog log = blockedLog(sink);
    // the queue's 16 slots, then the lane's, then 37 more
    int held = log.queueCapacity() + StructuredLog.PRIORITY_LANE_LINES;
    for (int i = 0; i < held + 37; i++) {
      log.onEvent(alert(i));
    }
    assertThat(log.lostPriorityLines()).isEqualTo(37);
    assertThat(log.droppedLines()).isEqualTo(37);
    assertThat(log.queuedLines()).isEqualTo(held);

    sink.release();
    log.close();

    List<JsonNode> lines = TestLines.parseAll(sink.out);
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < held; i++) {
      kept.add("slo-" + i);
    }
    assertThat(slosOf(lines, "alert")).as("the oldest are kept").containsExactlyElementsOf(kept);
    assertThat(lines).hasSize(1 + held + 1);
    assertThat(lines.get(0).get("type").asText()).isEqualTo("access");
    JsonNode loss = lines.get(lines.size() - 1);
    assertThat(loss.toString()).isEqualTo("{\"ts\":\"2026-12-01T08:30:00.000Z\",\"type\":\"log_loss\","
        + "\"service\":\"orders\",\"lost_priority_lines\":37}");
    assertThat(log.writtenLines()).isEqualTo(1 + held + 1);
    assertThat(log.lostPriorityLines()).isEqualTo(37);
  }

  @Test
  void aSecondOverflowIsReportedOnItsOwnAfterTheWriterRecoveredFromTheFirst() throws Exception {
    BlockedSink sink = new BlockedSink();
    StructuredLog log = blockedLog(sink);
    int held = log.queueCapacity() + StructuredLog.PRIORITY_LANE_LINES;
    for (int i = 0; i < held + 37; i++) {
      log.onEvent(alert(i));
    }
    sink.release();
    long firstRound = 1 + held + 1; // the stuck access line, the kept alerts, the log_loss line
    TestLines.await("the writer recovered", () -> log.writtenLines() == firstRound);

    // stdout blocks again: a new stuck line, a full queue and lane, and 5 more
    sink.reblock();
    assertThat(log.accessLog().log("GET", "/second", 200, 1, null, null)).isTrue();
    sink.awaitEntered();
    for (int i = 0; i < held + 5; i++) {
      log.onEvent(alert(10_000 + i));
    }
    assertThat(log.lostPriorityLines()).as("counted since start").isEqualTo(42);
    sink.release();
    log.close();

    List<JsonNode> lines = TestLines.parseAll(sink.out);
    List<Long> losses = new ArrayList<>();
    int lossAt = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).get("type").asText().equals("log_loss")) {
        losses.add(lines.get(i).get("lost_priority_lines").asLong());
        lossAt = i;
      }
    }
    assertThat(losses).as("each log_loss line counts the loss since the previous one").containsExactly(37L, 5L);
    assertThat(lossAt).as("the second follows the lines the lane kept").isEqualTo(lines.size() - 1);
    List<String> keptSecond = new ArrayList<>();
    for (int i = 0; i < held; i++) {
      keptSecond.add("slo-" + (10_000 + i));
    }
    List<String> alerts = slosOf(lines, "alert");
    assertThat(alerts).hasSize(2 * held);
    assertThat(alerts.subList(held, 2 * held)).as("the oldest are kept again").containsExactlyElementsOf(keptSecond);
    assertThat(log.writtenLines()).isEqualTo(firstRound + 1 + held + 1);
    assertThat(log.droppedLines()).isEqualTo(42);
  }
}
