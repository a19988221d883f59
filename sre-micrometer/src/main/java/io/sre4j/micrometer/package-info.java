/**
 * sre4j for Micrometer and Prometheus: {@link io.sre4j.micrometer.SloMeterBinder} publishes an
 * {@link io.sre4j.core.SloRegistry}'s SLOs and endpoints as meters (names in {@link
 * io.sre4j.micrometer.SloMeterNames}), and {@link io.sre4j.micrometer.PrometheusRules} writes the
 * Prometheus recording and alerting rules that judge a fleet of instances as one service from those
 * meters.
 *
 * @since 0.1
 */
@NullMarked
package io.sre4j.micrometer;

import org.jspecify.annotations.NullMarked;
