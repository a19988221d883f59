package io.sre4j.spring.boot;

import io.sre4j.core.testing.ApiSurface;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * sre-spring-boot-starter's public API against {@code
 * sre-spring-boot-starter/api/sre-spring-boot-starter.api}: see {@link ApiSurface}.
 */
final class ApiGoldenFileTest {

  @Test
  void publicApiIsTheGoldenFile() {
    ApiSurface.of(Path.of("target/classes"), "io.sre4j.spring.boot")
        .checkGoldenFile("sre-spring-boot-starter");
  }
}
