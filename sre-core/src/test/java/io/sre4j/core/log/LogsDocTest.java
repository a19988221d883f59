package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.Sre4jConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/logs.md against the code: its field reference lists every field of {@link LogFields} and
 * nothing else, its tables name every line type and {@code log.*} key, and its properties example
 * builds a log and a registry naming one service. The README's short structured-logs part cites
 * only fields that exist.
 */
final class LogsDocTest {

  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|.*$", Pattern.MULTILINE);

  /** The project's root: the first directory above the working one with README.md and sre-core. */
  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("sre-core"))) {
        return dir;
      }
    }
    throw new AssertionError("the project's README.md not found above " + Path.of("").toAbsolutePath());
  }

  /** docs/logs.md, the structured-log reference. */
  static String section() throws IOException {
    return Files.readString(root().resolve("docs/logs.md"));
  }

  /** The README's "## Structured logs" part. */
  private static String readmeSection() throws IOException {
    String text = Files.readString(root().resolve("README.md"));
    int start = text.indexOf("\n## Structured logs");
    assertThat(start).as("README.md has a '## Structured logs' section").isNotNegative();
    int end = text.indexOf("\n## ", start + 1);
    return end < 0 ? text.substring(start) : text.substring(start, end);
  }

  /** The text from a heading to the next one of the same or a higher level. */
  private static String part(String text, String heading) {
    int start = text.indexOf(heading);
    assertThat(start).as("section %s", heading).isNotNegative();
    int end = text.indexOf("\n## ", start + heading.length());
    return end < 0 ? text.substring(start) : text.substring(start, end);
  }

  private static List<String> firstColumn(String text) {
    List<String> names = new ArrayList<>();
    Matcher m = ROW.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void theFieldReferenceListsExactlyTheFieldsOfLogFields() throws Exception {
    List<String> rows = firstColumn(part(section(), "## Field reference"));
    assertThat(rows).doesNotHaveDuplicates();
    Set<String> documented = new LinkedHashSet<>();
    for (String row : rows) {
      documented.add(row.equals("burn_rate_<window>") ? LogFields.BURN_RATE_PREFIX : row);
    }
    Set<String> constants = EventLinesRoundTripTest.logFieldsConstants();
    // the default burn-rate names are examples of the burn_rate_<window> row
    constants.removeIf(name -> name.startsWith(LogFields.BURN_RATE_PREFIX)
        && !name.equals(LogFields.BURN_RATE_PREFIX) && !name.equals(LogFields.BURN_RATE_SINCE_DEPLOYMENT));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(constants);
  }

  @Test
  void everyFieldNameTheSectionCitesIsInLogFields() throws Exception {
    assertCitesOnlyLogFields(section());
  }

  @Test
  void everyFieldNameTheReadmeCitesIsInLogFields() throws Exception {
    assertCitesOnlyLogFields(readmeSection());
  }

  private static void assertCitesOnlyLogFields(String text) throws Exception {
    Set<String> constants = EventLinesRoundTripTest.logFieldsConstants();
    // snake_case names in backticks that look like fields: cited in queries, the DDL and prose
    Matcher m = Pattern.compile("`((?:burn_rate|interval|window|budget|latency|band|allowed|bad|total"
        + "|long|short|deny|over|valid|deployment|deployed|rollback|in|maintenance|dropped|duration"
        + "|trace|sli)_[a-z0-9_]+)`").matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (name.startsWith(LogFields.BURN_RATE_PREFIX) && !constants.contains(name)) {
        assertThat(name).matches("burn_rate_[0-9]+[a-z]+|burn_rate_<window>");
      } else if (!LogFields.TYPES.contains(name)) {
        assertThat(constants).as("LogFields has %s", name).contains(name);
      }
    }
  }

  @Test
  void theTablesNameEveryLineTypeAndEveryKey() throws Exception {
    String text = section();
    assertThat(firstColumn(part(text, "## What is written"))).containsExactlyElementsOf(LogFields.TYPES);
    List<String> keys = firstColumn(part(text, "## Turning it on"));
    assertThat(keys).containsExactlyElementsOf(LogConfigSchema.NAMES);
  }

  @Test
  void thePropertiesExampleNamesOneServiceOnEveryLine() throws Exception {
    String text = section();
    int start = text.indexOf("```properties\n") + "```properties\n".length();
    Properties properties = new Properties();
    properties.load(new StringReader(text.substring(start, text.indexOf("```", start))));
    Map<String, String> map = new TreeMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    map.put("log.shutdown-hook", "false");
    Sre4jConfig config = Sre4jConfig.from(map);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // as in the README, but into a buffer rather than stdout
    try (StructuredLog log = StructuredLog.builder().config(config).sink(LogSink.emf(out, "shop")).build();
        SloRegistry registry = config.applyTo(SloRegistry.builder()).manualTick().listener(log).build()) {
      assertThat(log.accessLog().enabled()).isTrue();
      assertThat(log.accessLog().sampleRate()).isEqualTo(0.1);
      log.accessLog().log("GET", "/api/orders/{id}", 503, 1_000_000, null, null);
      registry.deployment("v2.3.1");
    }
    assertThat(TestLines.parseAll(out)).extracting(line -> line.get("service").asText())
        .containsExactly("orders", "orders");
  }
}
