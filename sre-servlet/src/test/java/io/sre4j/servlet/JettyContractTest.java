package io.sre4j.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.util.List;

/** The container contract on embedded Jetty 12 (ee10). */
final class JettyContractTest extends ContainerContract {
  @Override
  Container start(List<ServletContainerInitializer> initializers) throws Exception {
    return Container.jetty(initializers);
  }
}
