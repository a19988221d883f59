package io.sre4j.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.util.List;

/** The container contract on embedded Tomcat 11. */
final class TomcatContractTest extends ContainerContract {
  @Override
  Container start(List<ServletContainerInitializer> initializers) throws Exception {
    return Container.tomcat(initializers);
  }
}
