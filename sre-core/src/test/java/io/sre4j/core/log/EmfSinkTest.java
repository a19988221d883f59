package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.sre4j.core.SloStatus;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.SloStatus.BurnRate;
import io.sre4j.core.event.SloEvent.SliReport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EMF lines against the EMF schema of shared/testdata, and their metrics as top-level numbers. */
final class EmfSinkTest {

  private static Schema schema;

  /**
   * The EMF schema: a copy of the project's {@code shared/testdata/emf-schema.json} kept in the test
   * resources, so the tests run from a fresh clone; a copy that drifts from the original is caught
   * by {@link #schemaCopyMatchesSharedTestdataWhenPresent()}.
   */
  static String schemaText() throws java.io.IOException {
    try (var in = EmfSinkTest.class.getResourceAsStream("/testdata/emf-schema.json")) {
      if (in == null) {
        throw new AssertionError("testdata/emf-schema.json missing from the test resources");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @org.junit.jupiter.api.Test
  void schemaCopyMatchesSharedTestdataWhenPresent() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path shared = dir.resolve("shared/testdata/emf-schema.json");
      if (Files.isRegularFile(shared)) {
        assertThat(schemaText()).isEqualTo(Files.readString(shared));
        return;
      }
      dir = dir.getParent();
    }
  }

  @BeforeAll
  static void loadSchema() throws Exception {
    String text = schemaText();
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(TestLines.STRICT.readTree(text));
  }

  private static List<Error> validate(JsonNode line) {
    return schema.validate(line);
  }


  private static List<JsonNode> write(String namespace, java.util.function.Consumer<StructuredLog> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = StructuredLog.builder().service("orders").sink(LogSink.emf(out, namespace))
        .accessLog(true).shutdownHook(false).build()) {
      lines.accept(log);
    }
    return TestLines.parseAll(out);
  }

  @Test
  void reportLinesAreValidEmfWithEveryMetricAtTopLevel() {
    List<JsonNode> lines = write("shop", log -> log.onEvent(TestLines.report("orders", "checkout")));
    JsonNode line = lines.get(0);
    assertThat(validate(line)).isEmpty();

    JsonNode aws = line.get("_aws");
    assertThat(aws.get("Timestamp").asLong()).isEqualTo(TestLines.END.toEpochMilli());
    JsonNode directive = aws.get("CloudWatchMetrics").get(0);
    assertThat(directive.get("Namespace").asText()).isEqualTo("shop");
    assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"service\",\"slo\"]]");
    assertThat(line.get("service").asText()).isEqualTo("orders");
    assertThat(line.get("slo").asText()).isEqualTo("checkout");

    List<String> declared = new ArrayList<>();
    for (JsonNode metric : directive.get("Metrics")) {
      String name = metric.get("Name").asText();
      declared.add(name);
      assertThat(line.get(name)).as("top-level member %s", name).isNotNull();
      assertThat(line.get(name).isNumber()).as("%s is a number", name).isTrue();
    }
    List<String> expected = new ArrayList<>(Arrays.stream(EmfSink.METRICS).map(m -> m[0]).toList());
    expected.remove(LogFields.BAD_SLICES); // an occurrences SLO has no slices
    expected.remove(LogFields.BURN_RATE_SINCE_DEPLOYMENT); // never deployed
    assertThat(declared).containsExactlyElementsOf(expected);
    assertThat(directive.get("Metrics").get(0).get("Unit").asText()).isEqualTo("Count");
  }

  @Test
  void reportsWithNoRequestLeaveLatencyMetricsOutAndSliceReportsAddBadSlices() {
    JsonNode line = write(LogFields.DEFAULT_EMF_NAMESPACE, log -> log.onEvent(TestLines.timesliceReport())).get(0);
    assertThat(validate(line)).isEmpty();
    List<String> declared = new ArrayList<>();
    line.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").forEach(m -> declared.add(m.get("Name").asText()));
    assertThat(declared).contains(LogFields.BAD_SLICES, LogFields.LATENCY_COUNT, LogFields.SLI)
        .doesNotContain(LogFields.LATENCY_P99_MS, LogFields.LATENCY_MAX_MS);
    assertThat(line.get("latency_p99_ms").isNumber()).isTrue(); // still in the line, not a metric
  }

  private static List<String> declared(JsonNode line) {
    List<String> names = new ArrayList<>();
    line.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").forEach(m -> names.add(m.get("Name").asText()));
    return names;
  }

  @Test
  void reportLinesDeclareTheirBurnRatesAsMetrics() {
    JsonNode line = write("shop", log -> log.onEvent(TestLines.fullReport())).get(0);
    assertThat(validate(line)).isEmpty();
    List<String> declared = declared(line);
    assertThat(declared).contains(LogFields.BURN_RATE_SINCE_DEPLOYMENT, LogFields.BUDGET_REMAINING)
        .endsWith(LogFields.BURN_RATE_5M, LogFields.BURN_RATE_30M, LogFields.BURN_RATE_1H,
            LogFields.BURN_RATE_6H, LogFields.BURN_RATE_3D)
        .doesNotHaveDuplicates();
    for (String name : declared) {
      assertThat(line.get(name).isNumber()).as("%s is a top-level number", name).isTrue();
    }
    line.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").forEach(metric -> {
      if (metric.get("Name").asText().startsWith(LogFields.BURN_RATE_PREFIX)) {
        assertThat(metric.get("Unit").asText()).isEqualTo("None");
      }
    });
    // status fields that are not numbers stay in the line, undeclared
    assertThat(declared).doesNotContain(LogFields.FIRING, LogFields.PAGING, LogFields.BUDGET_STATE);
    assertThat(line.get("firing").asText()).isEqualTo("page,ticket");
  }

  @Test
  void noLineDeclaresMoreThanAHundredMetrics() {
    SliReport base = TestLines.fullReport();
    List<BurnRate> burns = new ArrayList<>();
    for (int minutes = 1; minutes <= 120; minutes++) {
      burns.add(TestLines.burn(Duration.ofMinutes(minutes), minutes));
    }
    SloStatus many = new SloStatus(base.window(), burns, List.of(), Set.of(), BudgetState.HEALTHY, 0,
        false, Optional.empty(), Optional.empty(), false, 1, 0);
    JsonNode line = write("shop", log -> log.onEvent(new SliReport(base.time(), "orders",
        base.intervalStart(), 5, 1, base.latency(), many))).get(0);
    assertThat(validate(line)).isEmpty();
    assertThat(declared(line)).hasSize(EmfSink.MAX_METRICS).doesNotHaveDuplicates();
    assertThat(line.get("burn_rate_2h").asDouble()).isEqualTo(120.0); // still in the line
  }

  @Test
  void eventLinesStayPlainJson() {
    List<JsonNode> lines = write("sre4j", log -> {
      log.onEvent(TestLines.pageAlert(true));
      log.onEvent(TestLines.maintenance(io.sre4j.core.event.SloEvent.MaintenanceEvent.Kind.STARTED, List.of()));
      log.onEvent(TestLines.deployment());
      log.onEvent(TestLines.budgetPolicy());
      log.onEvent(TestLines.gateOverride());
    });
    assertThat(lines).extracting(line -> line.get("type").asText())
        .containsExactly("alert", "maintenance", "deployment", "budget_policy", "gate_override");
    assertThat(lines).allSatisfy(line -> assertThat(line.has("_aws")).isFalse());
    assertThat(lines.get(0).get("burn_rate_5m").asDouble()).isEqualTo(20.0);
  }

  @Test
  void accessLinesStayPlainJson() {
    JsonNode line = write("sre4j", log -> log.accessLog().log("GET", "/a", 200, 1, null, null)).get(0);
    assertThat(line.has("_aws")).isFalse();
    assertThat(line.get("type").asText()).isEqualTo("access");
  }

  @Test
  void theSchemaCatchesABrokenDocument() {
    JsonNode line = write("shop", log -> log.onEvent(TestLines.report("orders", "checkout"))).get(0);
    ObjectNode broken = line.deepCopy();
    ((ObjectNode) broken.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0)).put("Unit", "Parsecs");
    assertThat(validate(broken)).isNotEmpty();
    ObjectNode noTimestamp = line.deepCopy();
    ((ObjectNode) noTimestamp.get("_aws")).remove("Timestamp");
    assertThat(validate(noTimestamp)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "AWS/EC2", "quote\"d", "tab\there", "ünïcode"})
  void rejectsBadNamespaces(String namespace) {
    assertThatThrownBy(() -> LogSink.emf(new ByteArrayOutputStream(), namespace))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("log.emf.namespace must be 1 to 255 characters")
        .hasMessageEndingWith("but was " + namespace);
    assertThatThrownBy(() -> LogSink.emf(new ByteArrayOutputStream(), "x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
