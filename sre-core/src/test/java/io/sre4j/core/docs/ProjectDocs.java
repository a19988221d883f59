package io.sre4j.core.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's documentation as the tests read it: README.md, the pages of {@code docs/}, and
 * their fenced code blocks with the heading each one sits under.
 */
final class ProjectDocs {

  /** A fenced code block: its document (relative to the root), heading, language and text. */
  record Block(String doc, String heading, String lang, String text) {}

  private ProjectDocs() {}

  /** The project's root: the first directory above the working one with README.md and sre-core. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("sre-core"))) {
        return dir;
      }
    }
    throw new AssertionError("the project's README.md not found above " + Path.of("").toAbsolutePath());
  }

  /** README.md, then every {@code docs/*.md} in name order, as paths relative to the root. */
  static List<String> documents() {
    List<String> docs = new ArrayList<>();
    docs.add("README.md");
    try (Stream<Path> files = Files.list(root().resolve("docs"))) {
      files.map(file -> "docs/" + file.getFileName())
          .filter(name -> name.endsWith(".md"))
          .sorted()
          .forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** The text of a document, by its path relative to the root. */
  static String read(String doc) {
    try {
      return Files.readString(root().resolve(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every fenced code block of a document, in order; its text has no final line break. */
  static List<Block> blocks(String doc) {
    List<Block> blocks = new ArrayList<>();
    String heading = "";
    String lang = null;
    List<String> text = new ArrayList<>();
    for (String line : read(doc).split("\n", -1)) {
      if (lang == null) {
        if (line.startsWith("```")) {
          lang = line.substring(3).strip();
          text.clear();
        } else if (line.startsWith("#")) {
          heading = line;
        }
      } else if (line.equals("```")) {
        blocks.add(new Block(doc, heading, lang, String.join("\n", text)));
        lang = null;
      } else {
        text.add(line);
      }
    }
    return blocks;
  }
}
