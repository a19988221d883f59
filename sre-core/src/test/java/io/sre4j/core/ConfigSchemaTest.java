package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys declared once in schemas; rejections that carry their key, rule and value as data. */
final class ConfigSchemaTest {

  private static final ClassLoader NO_FILE = new ClassLoader(null) {};

  /** A module's schema, as an adapter would write one. */
  static final class DemoSchema implements ConfigSchema {
    static final Key<Integer> SIZE =
        Key.integer("demo.size", "3", "1 to 10", "how many demos");

    @Override
    public List<Key<?>> keys() {
      return List.of(SIZE);
    }

    @Override
    public void check(Sre4jConfig config) {
      config.ifSet(SIZE, size -> {
        if (size < 1 || size > 10) {
          throw new ConfigException("size", "between 1 and 10", size);
        }
      });
    }
  }

  // ------------------------------------------------------------------------------ ConfigException

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      slo.checkout.window    | 500d    | slo.checkout.window    | between 1h and 400d                     | 500d    | window
      interval               | 7200s   | interval               | between 1s and 1h                       | 7200s   | interval
      slo.checkout.methods   | GET,G3T | slo.checkout.methods   | HTTP method names such as GET or POST   | G3T     | methods
      log.queue              | 8       | log.queue              | between 16 and 1048576                  | 8       | log.queue
      slo.checkout.objective | 1.5     | slo.checkout.objective | in (0,1)                                | 1.5     |
      slo.checkout.window    | 30x     | slo.checkout.window    | a duration such as 30d, or month or week | 30x    |
      """)
  void aRejectionCarriesTheFullKeyTheRuleAndTheValueAsWritten(
      String key, String value, String fullKey, String rule, String shown, String nestedKey) {
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of(key, value)))
        .asInstanceOf(type(ConfigException.class))
        .satisfies(e -> {
          assertThat(e.key()).isEqualTo(fullKey);
          assertThat(e.rule()).isEqualTo(rule);
          assertThat(e.value()).isEqualTo(shown);
          assertThat(e).hasMessage(fullKey + " must be " + rule + " but was \"" + shown + "\"");
          if (nestedKey != null) {
            assertThat(e.getCause()).asInstanceOf(type(ConfigException.class))
                .extracting(ConfigException::key).isEqualTo(nestedKey);
          }
        });
  }

  @Test
  void buildersRejectWithTheirShortKey() {
    assertThatThrownBy(() -> SloWindow.rolling(Duration.ofDays(500)))
        .asInstanceOf(type(ConfigException.class))
        .satisfies(e -> {
          assertThat(e.key()).isEqualTo("window");
          assertThat(e.rule()).isEqualTo("between 1h and 400d");
          assertThat(e.value()).isEqualTo("500d");
        });
  }

  @Test
  void withKeyRestatesTheSameRuleUnderAnotherKey() {
    ConfigException nested = new ConfigException("window", "between 1h and 400d", "500d");

    ConfigException full = nested.withKey("slo.checkout.window", "12000h");
    ConfigException keptValue = nested.withKey("slo.checkout.window", null);

    assertThat(full).hasMessage("slo.checkout.window must be between 1h and 400d but was \"12000h\"")
        .hasCause(nested);
    assertThat(keptValue).hasMessage("slo.checkout.window must be between 1h and 400d but was \"500d\"");
    assertThat(new ConfigException("service", "1 to 128 characters", ""))
        .hasMessage("service must be 1 to 128 characters but was an empty string")
        .extracting(ConfigException::value).isEqualTo("");
  }

  // ------------------------------------------------------------------------------ schemas

  @Test
  void sreCoreInstallsTheRegistrysAndTheLogsSchemas() {
    List<String> names = new ArrayList<>();
    ConfigSchema.installed().forEach(schema -> schema.keys().forEach(k -> names.add(k.name())));

    assertThat(names).contains("service", "slo.<name>.window", "log.sink", "log.close-timeout")
        .doesNotHaveDuplicates();
    assertThat(Sre4jConfig.from(Map.of()).keys()).extracting(ConfigSchema.Key::name)
        .containsExactlyElementsOf(names);
  }

  @Test
  void aSchemaGivenExplicitlyIsKnownToEverySource() {
    DemoSchema demo = new DemoSchema();

    assertThat(Sre4jConfig.from(Map.of("demo.size", " 4 "), demo).get(DemoSchema.SIZE)).hasValue(4);
    assertThat(Sre4jConfig.load(NO_FILE, Map.of(), Map.of("SRE4J_DEMO_SIZE", "5"), demo)
        .get(DemoSchema.SIZE)).hasValue(5);
    assertThat(Sre4jConfig.from(Map.of(), demo).get(DemoSchema.SIZE)).isEmpty();
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("demo.size", "4")))
        .hasMessage("demo.size must be a known sre4j setting but was \"demo.size=4\"");
  }

  @Test
  void aSchemaParsesAndChecksItsValuesWhenTheConfigurationIsLoaded() {
    DemoSchema demo = new DemoSchema();

    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("demo.size", "many"), demo))
        .isInstanceOf(ConfigException.class)
        .hasMessage("demo.size must be an integer but was \"many\"");
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("demo.size", "011"), demo))
        .isInstanceOf(ConfigException.class)
        .hasMessage("demo.size must be between 1 and 10 but was \"011\"");
  }

  @Test
  void ifSetCallsTheSetterOnlyForASetKey() {
    List<Integer> seen = new ArrayList<>();
    Sre4jConfig.from(Map.of(), new DemoSchema()).ifSet(DemoSchema.SIZE, seen::add);
    Sre4jConfig.from(Map.of("demo.size", "2"), new DemoSchema()).ifSet(DemoSchema.SIZE, seen::add);

    assertThat(seen).containsExactly(2);
  }

  @Test
  void aKeyNoSchemaOfTheConfigurationDeclaresCannotBeRead() {
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of()).get(DemoSchema.SIZE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key demo.size is not a global key of the schemas of this"
            + " configuration");
  }

  @Test
  void twoSchemasDeclaringOneKeyAreAConflict() {
    ConfigSchema again = () -> List.of(ConfigSchema.Key.string("service", null, "any", "again"));

    assertThatThrownBy(() -> Sre4jConfig.from(Map.of(), again))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("config key service is declared by both io.sre4j.core.CoreConfigSchema"
            + " and ");
  }

  @ParameterizedTest
  @CsvSource({"Service", "log..sink", "slo.<name>", "slo.<x>.window", "log.sink.", "a b"})
  void keyNamesAreLowercaseDottedWords(String name) {
    assertThatThrownBy(() -> ConfigSchema.Key.bool(name, null, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key name must be lowercase dotted words such as log.close-timeout, or"
            + " slo.<name>.<field>, but was " + name);
  }

  @Test
  void aPerSloKeyIsAPattern() {
    assertThat(CoreConfigSchema.WINDOW.perSlo()).isTrue();
    assertThat(CoreConfigSchema.WINDOW.name()).isEqualTo("slo.<name>.window");
    assertThat(CoreConfigSchema.INTERVAL.perSlo()).isFalse();
    assertThat(CoreConfigSchema.INTERVAL.parse(" 1h30m ")).isEqualTo(Duration.ofMinutes(90));
  }

  // ------------------------------------------------------------------------------ packages

  @Test
  void theModelPackageImportsNothingFromTheLogPackage() throws IOException {
    Path model = Path.of("src", "main", "java", "io", "sre4j", "core");
    assertThat(model).isDirectory();
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.list(model)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (Files.readString(file).contains("io.sre4j.core.log")) {
          offenders.add(file.getFileName().toString());
        }
      }
    }
    assertThat(offenders).isEmpty();
  }
}
