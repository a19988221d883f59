/**
 * sre4j's benchmarks (benchmarks.report): not published, nothing here is API.
 */
@NullMarked
package io.sre4j.benchmarks.report;

import org.jspecify.annotations.NullMarked;
