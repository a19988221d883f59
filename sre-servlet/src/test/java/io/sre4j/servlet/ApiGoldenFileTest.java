package io.sre4j.servlet;

import io.sre4j.core.testing.ApiSurface;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** sre-servlet's public API against {@code sre-servlet/api/sre-servlet.api}: see {@link ApiSurface}. */
final class ApiGoldenFileTest {

  @Test
  void publicApiIsTheGoldenFile() {
    ApiSurface.of(Path.of("target/classes"), "io.sre4j.servlet").checkGoldenFile("sre-servlet");
  }
}
