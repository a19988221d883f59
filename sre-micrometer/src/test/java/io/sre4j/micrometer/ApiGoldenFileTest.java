package io.sre4j.micrometer;

import io.sre4j.core.testing.ApiSurface;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** sre-micrometer's public API against {@code sre-micrometer/api/sre-micrometer.api}: see {@link ApiSurface}. */
final class ApiGoldenFileTest {

  @Test
  void publicApiIsTheGoldenFile() {
    ApiSurface.of(Path.of("target/classes"), "io.sre4j.micrometer").checkGoldenFile("sre-micrometer");
  }
}
