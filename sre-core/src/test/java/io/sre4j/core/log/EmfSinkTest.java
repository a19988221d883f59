package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EMF lines against shared/testdata/emf-schema.json, and their metrics as top-level numbers. */
final class EmfSinkTest {

  private static Schema schema;

  /** The schema from shared/testdata, looked up from the working directory and its parents. */
  static Path schemaPath() {
    List<Path> tried = new ArrayList<>();
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/testdata/emf-schema.json");
      tried.add(candidate);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("shared/testdata/emf-schema.json not found; looked at " + tried
        + " (the tests expect the project's shared/ folder beside the checkout, as ../../shared from sre-core)");
  }

  @BeforeAll
  static void loadSchema() throws Exception {
    String text = Files.readString(schemaPath());
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
