/**
 * The Spring Boot starter: auto-configuration that reads every sre4j key from Spring's {@code
 * Environment} under {@code sre4j.}, builds the {@link io.sre4j.core.SloRegistry} and the {@link
 * io.sre4j.core.log.StructuredLog}, installs the {@link io.sre4j.servlet.SloFilter}, binds the
 * Micrometer meters, and adds the Actuator endpoint {@code slo} and the health indicator {@code
 * slo}; for Spring Boot 3.5 and 4.0. Nothing here is called by the application: it adds the jar
 * and properties. See {@link io.sre4j.spring.boot.Sre4jAutoConfiguration}.
 *
 * @since 0.2
 */
@NullMarked
package io.sre4j.spring.boot;

import org.jspecify.annotations.NullMarked;
