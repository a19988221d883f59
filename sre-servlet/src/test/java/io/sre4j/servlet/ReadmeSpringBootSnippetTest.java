package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.log.StructuredLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Spring Boot configuration, without Spring: the same three beans built the same way,
 * so the snippet keeps compiling against the real API. Spring is on no test class path of this
 * build, so the snippet itself cannot be compiled: its sre4j lines are checked against the ones
 * below, and its imports against the types it names.
 */
final class ReadmeSpringBootSnippetTest {

  /** The README's lines that this test runs, as they appear there. */
  private static final List<String> MIRRORED = List.of(
      "Sre4jConfig.load().applyTo(SloRegistry.builder().service(\"orders\")).build()",
      "StructuredLog log = StructuredLog.builder().config(Sre4jConfig.load()).service(registry.service()).build();",
      "registry.addListener(log);",
      "ServletSettings settings = ServletSettings.from(Sre4jConfig.load());",
      "new SloFilter(registry, settings, log)");

  /** The snippet's Spring imports: real types of Spring Boot 3 and 4, not on this class path. */
  private static final Set<String> SPRING_IMPORTS = Set.of(
      "org.springframework.boot.web.servlet.FilterRegistrationBean",
      "org.springframework.context.annotation.Bean",
      "org.springframework.context.annotation.Configuration",
      "org.springframework.core.Ordered");

  private static final Pattern TYPE = Pattern.compile("\\b([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)\\b");

  @Test
  void springBootBeansOfTheReadmeBuildAWorkingFilter() throws Exception {
    // --- README: Spring Boot beans (Spring annotations and FilterRegistrationBean left out) ---
    SloRegistry registry = Sre4jConfig.load().applyTo(SloRegistry.builder().service("orders")).build();
    StructuredLog log = StructuredLog.builder().config(Sre4jConfig.load()).service(registry.service()).build();
    registry.addListener(log);
    ServletSettings settings = ServletSettings.from(Sre4jConfig.load());
    SloFilter filter = new SloFilter(registry, settings, log);
    // --- end of README snippet ---
    try {
      assertThat(filter.inFlight()).isEmpty();
      assertThat(registry.service()).isEqualTo("orders");
    } finally {
      filter.destroy();
      log.close();
      registry.close();
    }
  }

  @Test
  void theReadmeSnippetHasTheseLinesAndImportsEveryTypeItNames() throws Exception {
    String snippet = readmeSnippet();
    assertThat(snippet).contains(MIRRORED);

    Set<String> imported = new HashSet<>();
    Set<String> spring = new HashSet<>();
    StringBuilder code = new StringBuilder();
    for (String line : snippet.split("\n")) {
      if (line.startsWith("import ")) {
        String name = line.substring("import ".length(), line.length() - 1);
        imported.add(name.substring(name.lastIndexOf('.') + 1));
        if (name.startsWith("org.springframework.")) {
          spring.add(name);
        } else {
          assertThatCode(() -> Class.forName(name)).as("import %s", name).doesNotThrowAnyException();
        }
      } else {
        code.append(line.replaceAll("\"[^\"]*\"", "\"\"")).append('\n');
      }
    }
    assertThat(spring).isEqualTo(SPRING_IMPORTS);

    Matcher declared = Pattern.compile("class (\\w+)").matcher(code);
    assertThat(declared.find()).isTrue();
    Matcher type = TYPE.matcher(code);
    List<String> named = new ArrayList<>();
    while (type.find()) {
      named.add(type.group(1));
    }
    assertThat(named).contains("FilterRegistrationBean", "DispatcherType", "Ordered", "Configuration");
    for (String name : named) {
      if (!imported.contains(name) && !name.equals(declared.group(1))) {
        assertThatCode(() -> Class.forName("java.lang." + name))
            .as("%s is imported or in java.lang", name).doesNotThrowAnyException();
      }
    }
  }

  /** The java block under the README's "### Spring Boot (embedded)" heading. */
  private static String readmeSnippet() throws Exception {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path readme = dir.resolve("README.md");
      if (Files.isRegularFile(readme) && Files.isDirectory(dir.resolve("sre-core"))) {
        String text = Files.readString(readme);
        int section = text.indexOf("\n### Spring Boot (embedded)\n");
        assertThat(section).as("README.md has a '### Spring Boot (embedded)' section").isNotNegative();
        int start = text.indexOf("```java\n", section) + "```java\n".length();
        assertThat(text.indexOf("\n#", section + 1)).as("the java block is in the section")
            .isGreaterThan(start);
        return text.substring(start, text.indexOf("\n```", start));
      }
    }
    throw new AssertionError("the project's README.md not found above " + Path.of("").toAbsolutePath());
  }
}
