/**
 * Events a registry publishes to its {@link io.sre4j.core.event.SloListener}s: interval reports,
 * alerts firing and resolving, budget-policy changes, maintenance, deployments and gate overrides.
 * Every event is an immutable record, created only when someone listens.
 *
 * @since 0.1
 */
@NullMarked
package io.sre4j.core.event;

import org.jspecify.annotations.NullMarked;
