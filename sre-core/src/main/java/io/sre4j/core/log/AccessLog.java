package io.sre4j.core.log;

import io.sre4j.core.Endpoint;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The per-request front of a {@link StructuredLog}: one {@code access} line per request, if the
 * access log is on. Bad requests (status 5xx or thrown) are always written; the others are
 * sampled at the configured rate.
 *
 * <pre>{@code
 * AccessLog access = structuredLog.accessLog();          // once, at start-up
 * // per request, after endpoint.record(status, nanos):
 * access.log(endpoint, status, nanos, request.getHeader("traceparent"), thrown);
 * }</pre>
 *
 * <p><b>Thread safety:</b> any number of request threads.
 *
 * <p><b>Cost:</b> when off, one field read. When on, never blocks, never allocates, never throws:
 * a sampling draw ({@link ThreadLocalRandom}, no shared state) for good requests, then for a kept
 * line one read of the wall clock, a scan of the {@code traceparent} value (at most 55 chars) and
 * one slot claim in the lock-free queue. When the queue is full the line is dropped and counted
 * ({@link StructuredLog#droppedLines()}). Formatting happens on the writer thread.
 *
 * @since 0.1
 */
public final class AccessLog {

  private static final double TWO_TO_53 = 0x1.0p53;

  private final StructuredLog log;
  private final boolean enabled;
  private final double sampleRate;
  private final long threshold;

  AccessLog(StructuredLog log, boolean enabled, double sampleRate) {
    this.log = log;
    this.enabled = enabled;
    this.sampleRate = sampleRate;
    this.threshold = (long) Math.ceil(sampleRate * TWO_TO_53);
  }

  /** @return whether access lines are written at all; off by default */
  public boolean enabled() {
    return enabled;
  }

  /** @return the fraction of good requests written, in [0,1]; bad ones are always written */
  public double sampleRate() {
    return sampleRate;
  }

  /**
   * Writes an access line for a request on a known endpoint, if the access log is on and the
   * request is bad or sampled.
   *
   * @param endpoint the request's endpoint; its method and route are written
   * @param status the HTTP status it was counted with; 500 for one that threw
   * @param durationNanos how long it took, in nanoseconds; negative is written as 0
   * @param traceparent the request's W3C {@code traceparent} header value, or null; an invalid one
   *     gives no {@code trace_id}
   * @param thrown what the request threw, or null; its class name is written as {@code error}
   * @return whether the line was queued (false when off, not sampled, or dropped)
   */
  public boolean log(Endpoint endpoint, int status, long durationNanos,
      @Nullable CharSequence traceparent, @Nullable Throwable thrown) {
    if (!enabled) {
      return false;
    }
    return log(endpoint.method(), endpoint.route(), status, durationNanos, traceparent,
        thrown == null ? null : thrown.getClass().getName());
  }

  /**
   * Writes an access line, if the access log is on and the request is bad or sampled.
   *
   * @param method the HTTP method; null is written as an empty string
   * @param route the route template (never a raw path); null is written as an empty string
   * @param status the HTTP status it was counted with; 500 for one that threw
   * @param durationNanos how long it took, in nanoseconds; negative is written as 0
   * @param traceparent the request's W3C {@code traceparent} header value, or null
   * @param errorClass the class name of what the request threw, or null if it did not throw
   * @return whether the line was queued (false when off, not sampled, or dropped)
   */
  public boolean log(String method, String route, int status, long durationNanos,
      @Nullable CharSequence traceparent, @Nullable String errorClass) {
    if (!enabled) {
      return false;
    }
    boolean bad = status >= 500 || errorClass != null;
    if (!bad && !sampled()) {
      return false;
    }
    return log.offerAccess(method == null ? "" : method, route == null ? "" : route, status,
        Math.max(0, durationNanos), traceparent, errorClass);
  }

  private boolean sampled() {
    if (threshold >= (1L << 53)) {
      return true;
    }
    return threshold > 0 && (ThreadLocalRandom.current().nextLong() >>> 11) < threshold;
  }
}
