package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * sre-bom against the reactor: it manages exactly the published modules (jar modules that are
 * deployed, i.e. without {@code maven.deploy.skip}), so a new module such as a Spring Boot starter
 * cannot be published without its BOM entry; and importing it brings no third-party version.
 */
final class BomTest {

  private final Path root = projectRoot();

  @Test
  void bomManagesEveryPublishedModuleAndNothingElse() throws Exception {
    Set<String> published = new TreeSet<>();
    for (String module : children(pom(root), "modules", "module")) {
      Document pom = pom(root.resolve(module));
      String packaging = text(pom.getDocumentElement(), "packaging");
      boolean deployed = !"true".equals(text(child(pom.getDocumentElement(), "properties"),
          "maven.deploy.skip"));
      if ((packaging == null || packaging.equals("jar")) && deployed) {
        published.add(text(pom.getDocumentElement(), "artifactId"));
      }
    }

    Document bom = pom(root.resolve("sre-bom"));
    Set<String> managed = new TreeSet<>();
    for (Element dependency : elements(bom.getDocumentElement(), "dependencyManagement",
        "dependencies", "dependency")) {
      assertThat(text(dependency, "groupId")).isEqualTo("io.sre4j");
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      managed.add(text(dependency, "artifactId"));
    }

    assertThat(published).contains("sre-core", "sre-servlet", "sre-micrometer")
        .doesNotContain("sre-cli", "sre-benchmarks");
    assertThat(managed).as("the artifacts sre-bom/pom.xml manages").isEqualTo(published);
  }

  @Test
  void bomAndItsParentManageNoThirdPartyVersion() throws Exception {
    Element bom = pom(root.resolve("sre-bom")).getDocumentElement();
    assertThat(text(child(bom, "parent"), "artifactId")).isEqualTo("sre-metadata-parent");

    Element parent = pom(root.resolve("sre-metadata-parent")).getDocumentElement();
    assertThat(child(parent, "parent")).isNull();
    assertThat(child(parent, "dependencyManagement")).isNull();
    assertThat(child(parent, "dependencies")).isNull();
    assertThat(child(bom, "dependencies")).isNull();
  }

  private static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("sre-bom")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new AssertionError("the project's root not found above " + Path.of("").toAbsolutePath());
  }

  private static Document pom(Path moduleDir) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(moduleDir.resolve("pom.xml").toFile());
  }

  private static List<String> children(Document pom, String list, String item) {
    List<String> names = new ArrayList<>();
    for (Element e : elements(pom.getDocumentElement(), list, item)) {
      names.add(e.getTextContent().strip());
    }
    return names;
  }

  /** The elements at the end of a path of direct children. */
  private static List<Element> elements(Element from, String... path) {
    List<Element> current = List.of(from);
    for (String name : path) {
      List<Element> next = new ArrayList<>();
      for (Element e : current) {
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
          Node node = nodes.item(i);
          if (node instanceof Element child && child.getTagName().equals(name)) {
            next.add(child);
          }
        }
      }
      current = next;
    }
    return current;
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    List<Element> found = elements(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String text(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().strip();
  }
}
