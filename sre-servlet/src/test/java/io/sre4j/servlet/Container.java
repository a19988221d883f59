package io.sre4j.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real servlet container on an ephemeral loopback port, set up by initializers only. */
interface Container {

  /** @return the port it listens on, on 127.0.0.1 */
  int port();

  /** @return the container's name, for test names */
  String name();

  /** Stops the container. */
  void close() throws Exception;

  /** Embedded Jetty 12, ee10 (Servlet 6.0). */
  static Container jetty(List<ServletContainerInitializer> initializers) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    for (ServletContainerInitializer initializer : initializers) {
      context.addServletContainerInitializer(initializer);
    }
    server.setHandler(context);
    server.start();
    return new Container() {
      @Override
      public int port() {
        return connector.getLocalPort();
      }

      @Override
      public String name() {
        return "jetty";
      }

      @Override
      public void close() throws Exception {
        server.stop();
      }
    };
  }

  /** Embedded Tomcat 11 (Servlet 6.1), a context with no web.xml. */
  static Container tomcat(List<ServletContainerInitializer> initializers) throws Exception {
    quietTomcat();
    Path base = Files.createTempDirectory("sre4j-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", base.toString());
    quiet(context);
    for (ServletContainerInitializer initializer : initializers) {
      context.addServletContainerInitializer(initializer, null);
    }
    tomcat.start();
    return tomcat(tomcat, base);
  }

  /**
   * Embedded Tomcat 11 running a web application the way a deployed one runs: {@code
   * ContextConfig} discovers the {@code ServletContainerInitializer}s on the class path through
   * {@code META-INF/services}, as it would for a jar in {@code WEB-INF/lib}. The application's own
   * code is {@code app}.
   */
  static Container tomcatWebapp(ServletContainerInitializer app) throws Exception {
    quietTomcat();
    Path base = Files.createTempDirectory("sre4j-tomcat");
    Path docBase = Files.createDirectories(base.resolve("webapp"));
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    tomcat.setAddDefaultWebXmlToWebapp(false);
    Context context = tomcat.addWebapp("", docBase.toString());
    quiet(context);
    context.addServletContainerInitializer(app, null);
    tomcat.start();
    if (!context.getState().isAvailable()) {
      tomcat.stop();
      tomcat.destroy();
      throw new IllegalStateException("the web application did not start: " + context.getState());
    }
    return tomcat(tomcat, base);
  }

  private static Container tomcat(Tomcat tomcat, Path base) {
    return new Container() {
      @Override
      public int port() {
        return tomcat.getConnector().getLocalPort();
      }

      @Override
      public String name() {
        return "tomcat";
      }

      @Override
      public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (var files = Files.walk(base)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    };
  }

  /** No leak detection at stop: it needs --add-opens and only warns. */
  private static void quiet(Context context) {
    if (context instanceof org.apache.catalina.core.StandardContext standard) {
      standard.setClearReferencesRmiTargets(false);
      standard.setClearReferencesThreadLocals(false);
    }
  }

  private static void quietTomcat() {
    Logger.getLogger("org.apache").setLevel(Level.WARNING);
  }
}
