package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sre4j.core.SloRegistry.NotificationCounts;
import io.sre4j.core.event.SloEvent.SliReport;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sli_report} lines carry the alert notifications' counts of the targets configured. */
final class NotificationReportFieldsTest {

  @Test
  void reportLinesCountTheNotificationsByTargetAndOutcome() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StructuredLog log = StructuredLog.builder().service("orders").sink(LogSink.jsonLines(out))
        .shutdownHook(false).build();
    SliReport plain = TestLines.report("orders", "availability");
    log.onEvent(new SliReport(plain.time(), plain.service(), plain.intervalStart(),
        plain.intervalValid(), plain.intervalBad(), plain.latency(), plain.status(), plain.state(),
        false, List.of(new NotificationCounts("alertmanager", 7, 3, 1, 2),
            new NotificationCounts("webhook", 4, 0, 0, 5))));
    log.onEvent(plain);
    log.close();

    List<JsonNode> lines = TestLines.parseAll(out);
    JsonNode report = lines.get(0);
    assertThat(report.get(LogFields.NOTIFICATIONS_ALERTMANAGER_SENT).asLong()).isEqualTo(7);
    assertThat(report.get(LogFields.NOTIFICATIONS_ALERTMANAGER_RETRIED).asLong()).isEqualTo(3);
    assertThat(report.get(LogFields.NOTIFICATIONS_ALERTMANAGER_FAILED).asLong()).isEqualTo(1);
    assertThat(report.get(LogFields.NOTIFICATIONS_ALERTMANAGER_DROPPED).asLong()).isEqualTo(2);
    assertThat(report.get(LogFields.NOTIFICATIONS_WEBHOOK_SENT).asLong()).isEqualTo(4);
    assertThat(report.get(LogFields.NOTIFICATIONS_WEBHOOK_RETRIED).asLong()).isZero();
    assertThat(report.get(LogFields.NOTIFICATIONS_WEBHOOK_FAILED).asLong()).isZero();
    assertThat(report.get(LogFields.NOTIFICATIONS_WEBHOOK_DROPPED).asLong()).isEqualTo(5);
    assertThat(lines.get(1).has(LogFields.NOTIFICATIONS_ALERTMANAGER_SENT)).isFalse();
    assertThat(lines.get(1).has(LogFields.NOTIFICATIONS_WEBHOOK_SENT)).isFalse();
  }
}
