package io.sre4j.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sre4j.core.log.StructuredLog;
import java.util.Objects;

/**
 * Publishes a {@link StructuredLog}'s own health: lines dropped because stdout (or the sink) fell
 * behind, lines written, and sink failures, so that a dashboard sees the log pipeline losing lines
 * before anyone misses them.
 *
 * <pre>{@code
 * new StructuredLogMeterBinder(log).bindTo(meterRegistry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>Prometheus</th><th>meaning</th></tr>
 *   <tr><td>{@value SloMeterNames#DEFAULT_LOG_DROPPED}</td>
 *       <td>{@value SloMeterNames#PROMETHEUS_LOG_DROPPED}</td><td>lines dropped, queue full</td></tr>
 *   <tr><td>{@value SloMeterNames#DEFAULT_LOG_PRIORITY_LOST}</td>
 *       <td>{@value SloMeterNames#PROMETHEUS_LOG_PRIORITY_LOST}</td><td>priority lines (alerts,
 *       policy changes...) lost, even the priority lane full; also in the dropped count</td></tr>
 *   <tr><td>{@value SloMeterNames#DEFAULT_LOG_WRITTEN}</td>
 *       <td>{@value SloMeterNames#PROMETHEUS_LOG_WRITTEN}</td><td>lines written</td></tr>
 *   <tr><td>{@value SloMeterNames#DEFAULT_LOG_SINK_FAILURES}</td>
 *       <td>{@value SloMeterNames#PROMETHEUS_LOG_SINK_FAILURES}</td><td>times the sink threw</td></tr>
 * </table>
 *
 * <p><b>Thread safety:</b> safe. <b>Cost:</b> each read is a sum of the log's counters; nothing is
 * added to the logging path.
 *
 * @since 0.1
 */
public final class StructuredLogMeterBinder implements MeterBinder {

  private final StructuredLog log;
  private final Tags tags;

  /**
   * @param log the log to observe
   */
  public StructuredLogMeterBinder(StructuredLog log) {
    this(log, Tags.empty());
  }

  /**
   * @param log the log to observe
   * @param tags tags added to every meter
   */
  public StructuredLogMeterBinder(StructuredLog log, Iterable<io.micrometer.core.instrument.Tag> tags) {
    this.log = Objects.requireNonNull(log, "log");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(SloMeterNames.DEFAULT_LOG_DROPPED, log, StructuredLog::droppedLines)
        .description("structured-log lines dropped because the queue was full")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder(SloMeterNames.DEFAULT_LOG_PRIORITY_LOST, log,
            StructuredLog::lostPriorityLines)
        .description("structured-log priority lines lost because even the priority lane was full")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder(SloMeterNames.DEFAULT_LOG_WRITTEN, log, StructuredLog::writtenLines)
        .description("structured-log lines written to the sink")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder(SloMeterNames.DEFAULT_LOG_SINK_FAILURES, log, StructuredLog::sinkFailures)
        .description("times the structured-log sink threw")
        .tags(tags)
        .register(registry);
  }
}
