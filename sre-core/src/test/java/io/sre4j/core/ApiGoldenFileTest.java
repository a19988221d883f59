package io.sre4j.core;

import io.sre4j.core.testing.ApiSurface;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** sre-core's public API against {@code sre-core/api/sre-core.api}: see {@link ApiSurface}. */
final class ApiGoldenFileTest {

  @Test
  void publicApiIsTheGoldenFile() {
    ApiSurface.of(Path.of("target/classes"), "io.sre4j.core").checkGoldenFile("sre-core");
  }
}
