/**
 * The sre4j model: endpoints that record request outcomes on a lock-free hot path, SLIs, latency
 * percentiles per interval, SLOs with error budgets over rolling or calendar windows, burn-rate
 * alerts, planned maintenance, the error-budget policy and its release gate, deployment markers,
 * and configuration from code or properties.
 *
 * <p>Start with {@link io.sre4j.core.SloRegistry}. Public types are values (records) or small
 * final classes; implementation classes are package-private. The core has no run-time
 * dependency.
 *
 * @since 0.1
 */
@NullMarked
package io.sre4j.core;

import org.jspecify.annotations.NullMarked;
