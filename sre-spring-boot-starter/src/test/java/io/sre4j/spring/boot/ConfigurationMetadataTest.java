package io.sre4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.ConfigSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code META-INF/spring-configuration-metadata.json}, which IDEs read to complete {@code sre4j.*}
 * keys, against the schemas on the class path: it is generated from them, and this test fails when
 * a key is missing or extra or its type, default or description differs. {@code
 * -Dsre4j.docs.update=true} writes it again.
 */
final class ConfigurationMetadataTest {

  private static final Path FILE =
      Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");

  private static final Map<String, String> TYPES = Map.of(
      "boolean", "java.lang.Boolean",
      "integer", "java.lang.Integer",
      "list", "java.util.List<java.lang.String>");

  @Test
  void theMetadataIsGeneratedFromTheSchemas() throws IOException {
    String expected = generate();
    if (Boolean.getBoolean("sre4j.docs.update")) {
      Files.writeString(FILE, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
        .as("%s (run this test with -Dsre4j.docs.update=true to write it)", FILE)
        .isEqualTo(expected);
  }

  @Test
  void theMetadataOnTheClassPathListsEveryKeyOfEverySchema() throws IOException {
    JsonNode metadata;
    try (var in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      metadata = new ObjectMapper().readTree(in);
    }
    List<String> names = new ArrayList<>();
    metadata.get("properties").forEach(property -> names.add(property.get("name").asText()));
    List<String> keys = new ArrayList<>();
    for (ConfigSchema schema : ConfigSchema.installed()) {
      schema.keys().forEach(key -> keys.add("sre4j." + key.name()));
    }
    assertThat(keys).contains("sre4j.service", "sre4j.enabled", "sre4j.log.access",
        "sre4j.slo.<name>.objective", "sre4j.servlet.routes");
    assertThat(names).containsExactlyElementsOf(keys);
    assertThat(metadata.get("groups").get(0).get("name").asText()).isEqualTo("sre4j");
  }

  /** The metadata file, from the installed schemas in their order. */
  static String generate() {
    StringBuilder out = new StringBuilder();
    out.append("{\n  \"groups\": [\n    {\n      \"name\": \"sre4j\",\n")
        .append("      \"description\": ")
        .append(quote("sre4j: SLOs, error budgets and the structured log; see docs/configuration.md."))
        .append("\n    }\n  ],\n  \"properties\": [");
    String separator = "\n";
    for (ConfigSchema schema : ConfigSchema.installed()) {
      for (ConfigSchema.Key<?> key : schema.keys()) {
        out.append(separator).append("    {\n");
        out.append("      \"name\": ").append(quote("sre4j." + key.name())).append(",\n");
        out.append("      \"type\": ")
            .append(quote(TYPES.getOrDefault(key.type(), "java.lang.String"))).append(",\n");
        out.append("      \"description\": ")
            .append(quote(sentence(key.description()) + " " + key.type() + ": " + key.rule() + "."));
        if (key.defaultValue().isPresent()) {
          String value = key.defaultValue().get();
          out.append(",\n      \"defaultValue\": ").append(switch (key.type()) {
            case "boolean", "integer" -> value;
            default -> quote(value);
          });
        }
        out.append(",\n      \"sourceType\": ").append(quote(schema.getClass().getName()));
        out.append("\n    }");
        separator = ",\n";
      }
    }
    out.append("\n  ],\n  \"hints\": []\n}\n");
    return out.toString();
  }

  private static String sentence(String description) {
    String capital = Character.toUpperCase(description.charAt(0)) + description.substring(1);
    return capital.endsWith(".") ? capital : capital + ".";
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
