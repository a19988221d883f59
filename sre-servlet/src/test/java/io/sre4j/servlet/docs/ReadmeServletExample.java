package io.sre4j.servlet.docs;

import io.sre4j.core.SloRegistry;
import io.sre4j.servlet.SloFilter;

/**
 * The README's servlet example, compiled (its text is checked by sre-core's DocSnippetsTest) and
 * run by AutoRegistrationTest on the context of a started application.
 */
public final class ReadmeServletExample {

  /**
   * What the example reads.
   *
   * @param registry the registry the initializer built
   * @param filter the filter it installed
   * @param inFlight requests in progress per endpoint
   */
  public record Read(SloRegistry registry, SloFilter filter, java.util.Map<String, Long> inFlight) {}

  private ReadmeServletExample() {}

  /**
   * Runs the example.
   *
   * @param servletContext the context of an application the initializer set up
   * @return what it read
   */
  public static Read run(jakarta.servlet.ServletContext servletContext) {
    // --- README.md ---
    SloRegistry registry = (SloRegistry) servletContext.getAttribute(SloFilter.REGISTRY_ATTRIBUTE);
    SloFilter filter = (SloFilter) servletContext.getAttribute(SloFilter.FILTER_ATTRIBUTE);
    filter.inFlight();   // {GET /api/orders/{id}=3, ...}: requests in progress per endpoint
    // --- end ---
    return new Read(registry, filter, filter.inFlight());
  }
}
