/**
 * sre4j's benchmarks (benchmarks.e2e): not published, nothing here is API.
 */
@NullMarked
package io.sre4j.benchmarks.e2e;

import org.jspecify.annotations.NullMarked;
