/**
 * sre4j's benchmarks (benchmarks): not published, nothing here is API.
 */
@NullMarked
package io.sre4j.benchmarks;

import org.jspecify.annotations.NullMarked;
