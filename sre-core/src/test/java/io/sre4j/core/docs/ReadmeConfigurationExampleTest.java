package io.sre4j.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Budgeting;
import io.sre4j.core.EndpointSelector;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloWindow;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.docs.ProjectDocs.Block;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's configuration example is valid configuration and means what the README says. */
final class ReadmeConfigurationExampleTest {

  @TempDir Path dir;

  @Test
  void theFirstExampleKeepsHealthProbesAndScrapesOutAndKeepsTheBudgetInAStateFile() throws IOException {
    List<Block> blocks = ProjectDocs.blocks("README.md").stream()
        .filter(block -> block.lang().equals("properties"))
        .toList();
    assertThat(blocks.get(0).heading()).isEqualTo("### A servlet application (Tomcat, Jetty, any Servlet 6 container)");
    Properties properties = new Properties();
    properties.load(new StringReader(blocks.get(0).text()));
    Map<String, String> map = new TreeMap<>();
    properties.stringPropertyNames().stream()
        .filter(name -> !name.startsWith("servlet."))
        .forEach(name -> map.put(name, properties.getProperty(name)));
    assertThat(map).containsEntry("state.file", "/var/lib/orders/sre4j.state");
    map.put("state.file", dir.resolve("sre4j.state").toString()); // /var/lib/orders is not here

    Sre4jConfig config = Sre4jConfig.from(map);
    try (SloRegistry registry = config.applyTo(SloRegistry.builder()).manualTick().build()) {
      assertThat(registry.stateStatus()).hasValueSatisfying(
          state -> assertThat(state.file()).isEqualTo(dir.resolve("sre4j.state")));
    }
    assertThat(config.slos()).extracting(SloSpec::name).containsExactly("availability", "latency");
    for (SloSpec slo : config.slos()) {
      assertThat(slo.endpoints()).as(slo.name())
          .isEqualTo(EndpointSelector.all().excluding("/health", "/actuator/**"));
    }
  }

  @Test
  void theExampleBuildsACalendarAvailabilitySloAndATimeSliceLatencySlo() throws IOException {
    List<Block> blocks = ProjectDocs.blocks("README.md").stream()
        .filter(block -> block.heading().equals("## Configuration") && block.lang().equals("properties"))
        .toList();
    assertThat(blocks).hasSize(1);
    Properties properties = new Properties();
    properties.load(new StringReader(blocks.get(0).text()));
    Map<String, String> map = new TreeMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));

    Sre4jConfig config = Sre4jConfig.from(map);
    try (SloRegistry registry = config.applyTo(SloRegistry.builder()).manualTick().build()) {
      assertThat(registry.service()).isEqualTo("checkout");
    }
    assertThat(config.slos()).extracting(SloSpec::name).containsExactly("availability", "latency");
    SloSpec availability = config.slos().get(0);
    assertThat(availability.objective()).isEqualTo(0.9995);
    assertThat(availability.window()).isInstanceOfSatisfying(SloWindow.Calendar.class, window -> {
      assertThat(window.describe()).isEqualTo("month");
      assertThat(window.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    });
    assertThat(availability.endpoints()).isEqualTo(EndpointSelector.all().excluding("/health", "/ready"));
    SloSpec latency = config.slos().get(1);
    assertThat(latency.objective()).isEqualTo(0.99);
    assertThat(latency.endpoints()).isEqualTo(EndpointSelector.routes("/api/**"));
    assertThat(latency.budgeting()).isEqualTo(new Budgeting.Timeslices(Duration.ofMinutes(1), 0.99));
  }
}
