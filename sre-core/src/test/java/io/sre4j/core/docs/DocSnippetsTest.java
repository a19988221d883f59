package io.sre4j.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.docs.ProjectDocs.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java example of README.md and {@code docs/*.md} is mirrored by a test source that the
 * build compiles, imports included, so that an example that no longer compiles, or that needs an
 * import it does not show, fails the build.
 *
 * <p>A mirror is a test source in a package ending in {@code .docs} (so that no sre4j type is
 * visible without its import) that holds one example between {@code // --- DOC ---} and
 * {@code // --- end ---} lines, {@code DOC} being the document's path such as
 * {@code docs/logs.md}. The example's text is the file's imports (leaving out static imports and
 * JUnit's and AssertJ's, which no example uses), a blank line, and the lines between the markers
 * without their common indentation; it must equal a {@code java} block of that document, and each
 * such block must have a mirror. Code outside the markers names other types by their full name.
 */
final class DocSnippetsTest {

  private static final Pattern START = Pattern.compile("^\\s*// --- (README\\.md|docs/[\\w.-]+\\.md) ---$");
  private static final Pattern END = Pattern.compile("^\\s*// --- end ---$");
  private static final Pattern IMPORT = Pattern.compile("^import (?!static )(?!org\\.junit\\.)(?!org\\.assertj\\.)[\\w.]+;$");
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);$", Pattern.MULTILINE);
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

  /**
   * Java blocks that no test can compile, with the test that checks them instead: none. The Spring
   * Boot examples are mirrored in sre-spring-boot-starter-tests-boot4, which compiles them against
   * Boot 4.0 (and -boot3 against Boot 3.5).
   */
  private static final Map<String, String> NOT_COMPILED = Map.of();

  /** A document created by another part of the project: its links are checked once it exists. */
  private static final Set<String> GENERATED = Set.of("docs/configuration.md");

  /** A mirror: the file, the document it shows and the example's text. */
  record Mirror(Path file, String doc, String text) {}

  @Test
  void everyJavaExampleOfTheDocsIsMirroredByACompiledTestSource() throws IOException {
    List<Mirror> mirrors = mirrors();
    List<String> missing = new ArrayList<>();
    int compiled = 0;
    for (String doc : ProjectDocs.documents()) {
      for (Block block : ProjectDocs.blocks(doc)) {
        if (!block.lang().equals("java") || NOT_COMPILED.containsKey(doc + " " + block.heading())) {
          continue;
        }
        compiled++;
        if (mirrors.stream().noneMatch(m -> m.doc().equals(doc) && m.text().equals(block.text()))) {
          missing.add(doc + ", under '" + block.heading() + "':\n" + block.text());
        }
      }
    }
    assertThat(missing)
        .as("java blocks with no mirror; the mirrors are:%n%s", mirrors.stream()
            .map(m -> m.file() + " (" + m.doc() + "):\n" + m.text()).collect(Collectors.joining("\n\n")))
        .isEmpty();
    assertThat(compiled).as("java blocks found").isGreaterThanOrEqualTo(9);
  }

  @Test
  void everyMirrorShowsAJavaExampleOfItsDocument() throws IOException {
    for (Mirror mirror : mirrors()) {
      assertThat(ProjectDocs.blocks(mirror.doc()))
          .as("%s mirrors a java block of %s", mirror.file(), mirror.doc())
          .filteredOn(block -> block.lang().equals("java"))
          .extracting(Block::text)
          .contains(mirror.text());
    }
  }

  @Test
  void theExamplesNoTestCompilesAreStillThere() {
    for (String where : NOT_COMPILED.keySet()) {
      String doc = where.substring(0, where.indexOf(' '));
      assertThat(ProjectDocs.blocks(doc))
          .as("%s, checked by %s", where, NOT_COMPILED.get(where))
          .anyMatch(block -> block.lang().equals("java") && where.equals(doc + " " + block.heading()));
    }
  }

  @Test
  void theReadmeLinksEveryPageAndEveryPageLinksBack() {
    String readme = ProjectDocs.read("README.md");
    for (String doc : ProjectDocs.documents()) {
      if (!doc.equals("README.md")) {
        assertThat(readme).as("README.md links %s", doc).contains("](" + doc + ")");
        assertThat(ProjectDocs.read(doc)).as("%s links back", doc).contains("](../README.md)");
      }
    }
    for (String doc : GENERATED) {
      assertThat(readme).as("README.md links %s", doc).contains("](" + doc + ")");
    }
  }

  @Test
  void everyRelativeLinkOfTheDocsLeadsToAFile() {
    Path root = ProjectDocs.root();
    for (String doc : ProjectDocs.documents()) {
      Matcher m = LINK.matcher(ProjectDocs.read(doc));
      while (m.find()) {
        String target = m.group(1);
        if (target.contains("://")) {
          continue;
        }
        Path file = root.resolve(doc).getParent().resolve(target).normalize();
        String relative = root.relativize(file).toString().replace('\\', '/');
        if (GENERATED.contains(relative) && !Files.exists(file)) {
          continue;
        }
        assertThat(file).as("%s links %s", doc, target).exists();
      }
    }
  }

  /** Every mirror in the test sources of every module. */
  static List<Mirror> mirrors() throws IOException {
    Path root = ProjectDocs.root();
    List<Mirror> mirrors = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> modules = Files.list(root)) {
      sources = modules.map(module -> module.resolve("src/test/java")).filter(Files::isDirectory).toList();
    }
    for (Path source : sources) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(source)) {
        files = walk.filter(file -> file.toString().endsWith(".java")).sorted().toList();
      }
      for (Path file : files) {
        String text = Files.readString(file);
        if (text.lines().anyMatch(line -> START.matcher(line).matches())) {
          mirrors.add(mirror(root.relativize(file), text));
        }
      }
    }
    assertThat(mirrors).as("mirrors found").isNotEmpty();
    return mirrors;
  }

  private static Mirror mirror(Path file, String source) {
    Matcher pkg = PACKAGE.matcher(source);
    assertThat(pkg.find()).as("%s has a package", file).isTrue();
    assertThat(pkg.group(1)).as("%s: a mirror's package ends in .docs", file).endsWith(".docs");
    List<String> imports = new ArrayList<>();
    List<String> body = new ArrayList<>();
    String doc = null;
    boolean inside = false;
    for (String line : source.split("\n", -1)) {
      Matcher start = START.matcher(line);
      if (start.matches()) {
        assertThat(doc).as("%s mirrors one example", file).isNull();
        doc = start.group(1);
        inside = true;
      } else if (END.matcher(line).matches()) {
        inside = false;
      } else if (inside) {
        body.add(line);
      } else if (IMPORT.matcher(line).matches()) {
        imports.add(line);
      }
    }
    assertThat(doc).as("%s has a '// --- DOC ---' line", file).isNotNull();
    assertThat(inside).as("%s has a '// --- end ---' line", file).isFalse();
    int indent = body.stream().filter(line -> !line.isBlank())
        .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
    String code = body.stream().map(line -> line.isBlank() ? "" : line.substring(indent))
        .collect(Collectors.joining("\n"));
    return new Mirror(file, doc, imports.isEmpty() ? code : String.join("\n", imports) + "\n\n" + code);
  }
}
