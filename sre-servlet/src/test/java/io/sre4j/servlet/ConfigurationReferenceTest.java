package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.ConfigSchema;
import io.sre4j.core.Sre4jConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} against the schemas of every module (core, log, servlet): its key
 * tables are generated from them, and this test fails when a key is missing or extra or its type,
 * default, rule or description differs. {@code -Dsre4j.docs.update=true} writes the tables again.
 */
final class ConfigurationReferenceTest {

  private static final String BEGIN = "<!-- generated from the ConfigSchema keys: begin -->\n";
  private static final String END = "<!-- generated from the ConfigSchema keys: end -->";

  /** The schemas' headings, in the order of the document. */
  private static final Map<String, String> HEADINGS = new LinkedHashMap<>();

  static {
    HEADINGS.put("io.sre4j.core.CoreConfigSchema", "The registry and its SLOs (sre-core)");
    HEADINGS.put("io.sre4j.core.log.LogConfigSchema$Provider", "The structured log (sre-core)");
    HEADINGS.put("io.sre4j.servlet.ServletConfigSchema$Provider", "The servlet adapter (sre-servlet)");
  }

  @Test
  void theInstalledSchemasAreCoreLogAndServlet() {
    assertThat(ConfigSchema.installed()).extracting(schema -> schema.getClass().getName())
        .containsExactlyElementsOf(HEADINGS.keySet());
  }

  @Test
  void theReferenceListsEveryKeyOfEverySchemaWithItsTypeDefaultRuleAndDescription()
      throws IOException {
    Path doc = document();
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("%s has the generated-section markers", doc).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String expected = tables();
    if (Boolean.getBoolean("sre4j.docs.update")) {
      String updated = text.substring(0, begin + BEGIN.length()) + expected + text.substring(end);
      Files.writeString(doc, updated, StandardCharsets.UTF_8);
      text = updated;
      end = text.indexOf(END);
    }
    assertThat(text.substring(begin + BEGIN.length(), end))
        .as("the key tables of %s (run this test with -Dsre4j.docs.update=true to write them)", doc)
        .isEqualTo(expected);
  }

  @Test
  void everyKeyInTheReferenceIsAKeyOfASchemaAndEveryKeyIsInIt() throws IOException {
    String text = Files.readString(document(), StandardCharsets.UTF_8);
    List<String> documented = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(text);
    while (row.find()) {
      documented.add(row.group(1));
    }
    List<String> declared = Sre4jConfig.from(Map.of()).keys().stream()
        .map(ConfigSchema.Key::name).toList();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void everyDefaultIsAValidValueOfItsKey() {
    for (ConfigSchema.Key<?> key : Sre4jConfig.from(Map.of()).keys()) {
      key.defaultValue().ifPresent(value -> assertThat(key.parse(value)).as(key.name()).isNotNull());
    }
  }

  /** The generated part: one table per schema. */
  static String tables() {
    StringBuilder out = new StringBuilder();
    for (ConfigSchema schema : ConfigSchema.installed()) {
      String heading = HEADINGS.get(schema.getClass().getName());
      assertThat(heading).as("a heading for %s", schema.getClass().getName()).isNotNull();
      out.append("\n### ").append(heading).append("\n\n")
          .append("| key | type | default | rule | description |\n")
          .append("|---|---|---|---|---|\n");
      for (ConfigSchema.Key<?> key : schema.keys()) {
        out.append("| `").append(key.name()).append("` | ").append(key.type()).append(" | ")
            .append(key.defaultValue().map(value -> "`" + value + "`").orElse("—")).append(" | ")
            .append(prose(key.rule())).append(" | ").append(prose(key.description()))
            .append(" |\n");
      }
    }
    return out.append('\n').toString();
  }

  /** Plain text in a Markdown table cell. */
  private static String prose(String text) {
    return text.chars().mapToObj(c -> switch (c) {
      case '*', '_', '|', '\\', '`' -> "\\" + (char) c;
      case '<' -> "&lt;";
      default -> String.valueOf((char) c);
    }).collect(Collectors.joining());
  }

  private static Path document() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path doc = dir.resolve("docs").resolve("configuration.md");
      if (Files.isRegularFile(doc)) {
        return doc;
      }
    }
    throw new AssertionError("docs/configuration.md not found above " + Path.of("").toAbsolutePath());
  }
}
