/**
 * Structured JSON lines: {@code access} lines per request, {@code sli_report} lines per SLO per
 * interval, and a line for every other registry event ({@code alert}, {@code maintenance},
 * {@code deployment}, {@code budget_policy}, {@code gate_override}), flat and written
 * asynchronously through one bounded queue and one writer thread to a
 * {@link io.sre4j.core.log.LogSink}: JSON Lines on stdout (the default), CloudWatch Embedded
 * Metric Format, or SLF4J 2 key-value pairs.
 *
 * <p>Start at {@link io.sre4j.core.log.StructuredLog}; field names are in
 * {@link io.sre4j.core.log.LogFields}.
 *
 * @since 0.1
 */
@NullMarked
package io.sre4j.core.log;

import org.jspecify.annotations.NullMarked;
