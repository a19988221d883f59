/**
 * sre4j's benchmarks (benchmarks.replay): not published, nothing here is API.
 */
@NullMarked
package io.sre4j.benchmarks.replay;

import org.jspecify.annotations.NullMarked;
