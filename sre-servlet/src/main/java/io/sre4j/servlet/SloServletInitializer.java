package io.sre4j.servlet;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.log.StructuredLog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Installs {@link SloFilter} on every request of a web application, with no code, when the
 * sre-servlet jar is on the container's class path: the container finds this class through {@code
 * META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 *
 * <p>At start-up it reads the configuration with {@link
 * Sre4jConfig#load(io.sre4j.core.ConfigSchema...)} ({@code sre4j.properties} on the class path, the file named by {@code -Dsre4j.config}, {@code -Dsre4j.*}
 * system properties, {@code SRE4J_*} environment variables, later ones winning), builds the {@link
 * SloRegistry} (its service name defaults to the web application's display name or context path)
 * and a {@link StructuredLog} ({@code sli_report} lines on stdout, {@code access} lines when
 * {@code log.access=true}), and adds the filter named {@value #FILTER_NAME} for {@code /*}, {@link
 * DispatcherType#REQUEST}, async supported, ahead of the application's own filters. The registry,
 * the log and the filter are put in the servlet-context attributes {@value
 * SloFilter#REGISTRY_ATTRIBUTE}, {@value SloFilter#LOG_ATTRIBUTE} and {@value
 * SloFilter#FILTER_ATTRIBUTE}, so the application can read them; both are closed when the context
 * is destroyed, the registry first, reporting the interval in progress (a partial {@code
 * sli_report} line).
 *
 * <p>{@code enabled=false} ({@code -Dsre4j.enabled=false}, {@code SRE4J_ENABLED=false}) turns it
 * off; the system property and the environment variable are read first, so that they work even
 * when the rest of the configuration does not load. A filter already named {@value #FILTER_NAME}
 * (declared in {@code web.xml}) is left as it is. Bad configuration fails the application's
 * start with a {@link ServletException} naming the key and the value: nothing half-configured
 * runs.
 *
 * <p>Embedded Spring Boot does not run {@code ServletContainerInitializer}s: there,
 * sre-spring-boot-starter registers the filter, reading the configuration from Spring's
 * environment (see the README).
 *
 * <p><b>Thread safety:</b> called by the container once per web application.
 *
 * @since 0.1
 */
public final class SloServletInitializer implements ServletContainerInitializer {

  /** The name of the filter this initializer adds: {@value}. */
  public static final String FILTER_NAME = "sre4j";

  /** Made by the container. */
  public SloServletInitializer() {}

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
    if (disabledEarly()) {
      context.log("sre4j: disabled by enabled=false; requests are not measured");
      return;
    }
    Sre4jConfig config;
    ServletSettings settings;
    try {
      config = Sre4jConfig.load();
      settings = ServletSettings.from(config);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new ServletException("sre4j: bad configuration: " + e.getMessage(), e);
    }
    if (!settings.enabled()) {
      context.log("sre4j: disabled by enabled=false; requests are not measured");
      return;
    }
    install(context, config, settings);
  }

  private static void install(ServletContext context, Sre4jConfig config, ServletSettings settings)
      throws ServletException {
    SloRegistry registry = null;
    StructuredLog log = null;
    try {
      SloRegistry.Builder builder = SloRegistry.builder();
      String name = defaultServiceName(context);
      if (name != null) {
        builder.service(name);
      }
      registry = config.applyTo(builder).build();
      log = StructuredLog.builder().service(registry.service()).shutdownHook(false)
          .config(config).build();
      registry.addListener(log);
      SloFilter filter = new SloFilter(registry, settings, log);
      FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, filter);
      if (registration == null) {
        context.log("sre4j: a filter named " + FILTER_NAME + " is declared already; leaving it");
        close(registry, log);
        return;
      }
      registration.setAsyncSupported(true);
      registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
      context.setAttribute(SloFilter.REGISTRY_ATTRIBUTE, registry);
      context.setAttribute(SloFilter.LOG_ATTRIBUTE, log);
      context.setAttribute(SloFilter.FILTER_ATTRIBUTE, filter);
      context.addListener(new Shutdown(registry, log));
      context.log("sre4j: measuring every request of service " + registry.service() + " with "
          + registry.slos().size() + " SLOs" + (settings.endpoints()
              ? "; endpoints under " + settings.prefix() : ""));
    } catch (IllegalArgumentException | IllegalStateException e) {
      close(registry, log);
      throw new ServletException("sre4j: bad configuration: " + e.getMessage(), e);
    }
  }

  /** {@code -Dsre4j.enabled=false} or {@code SRE4J_ENABLED=false}, read before anything else. */
  private static boolean disabledEarly() {
    return isFalse(System.getProperty("sre4j.enabled")) || isFalse(System.getenv("SRE4J_ENABLED"));
  }

  private static boolean isFalse(String value) {
    if (value == null) {
      return false;
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    return lower.equals("false") || lower.equals("no") || lower.equals("off");
  }

  /** The display name, else the context path's last segment; null when neither will do. */
  private static @Nullable String defaultServiceName(ServletContext context) {
    String name = context.getServletContextName();
    if (name == null || name.isBlank()) {
      String path = context.getContextPath();
      name = path == null ? null : path.substring(path.lastIndexOf('/') + 1);
    }
    if (name == null || name.isBlank() || name.length() > 128) {
      return null;
    }
    return name.trim();
  }

  private static void close(@Nullable SloRegistry registry, @Nullable StructuredLog log) {
    if (registry != null) {
      registry.close();
    }
    if (log != null) {
      log.close();
    }
  }

  /** Closes the registry and the log with the web application. */
  private static final class Shutdown implements ServletContextListener {
    private final SloRegistry registry;
    private final StructuredLog log;

    Shutdown(SloRegistry registry, StructuredLog log) {
      this.registry = registry;
      this.log = log;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
      close(registry, log);
    }
  }
}
