/**
 * The servlet adapter: {@link io.sre4j.servlet.SloFilter} measures every request of a Jakarta
 * Servlet 6 application at its boundary (route templates, async requests, exceptions),
 * {@link io.sre4j.servlet.SloServletInitializer} installs it with no code, and the filter serves
 * the status and release-gate endpoints when they are turned on.
 *
 * <p>Start at {@link io.sre4j.servlet.SloFilter}; configuration keys are in
 * {@link io.sre4j.servlet.ServletSettings}.
 *
 * @since 0.1
 */
@NullMarked
package io.sre4j.servlet;

import org.jspecify.annotations.NullMarked;
