package io.sre4j.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The Micrometer way of timing requests, reduced to its cheapest form: one pre-registered
 * {@link Timer} with {@code publishPercentiles(0.5, 0.95, 0.99)}, a {@code nanoTime} pair and one
 * {@code record} per request. No route, status or outcome tags (a real one, such as Spring's, looks
 * a timer up per request by those tags, which {@link RecordBenchmark}'s
 * {@code micrometerPerRequest} measures), so this is a lower bound for a Micrometer filter.
 *
 * <p><b>Thread safety:</b> any number of request threads.
 */
public final class MicrometerTimingFilter implements Filter {

  private final Timer timer;

  /** @param registry where the timer is registered */
  public MicrometerTimingFilter(MeterRegistry registry) {
    this.timer = Timer.builder("http.server.requests")
        .publishPercentiles(0.5, 0.95, 0.99)
        .register(registry);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** @return the timer, for tests */
  public Timer timer() {
    return timer;
  }
}
