package io.sre4j.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives the demo's service over loopback at a bounded rate: half {@code GET /api/orders/{id}}, a
 * fifth {@code POST /api/orders}, the rest {@code GET /api/catalog/...}. At most {@code
 * maxInFlight} requests are outstanding; a send that would exceed it is skipped and counted, so the
 * load never grows past what the service answers.
 *
 * <p><b>Thread safety:</b> start and stop from one thread.
 */
final class TrafficGenerator {

  private static final String[] CATEGORIES = {"books", "games", "garden", "music", "tools"};

  private final URI base;
  private final long periodNanos;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final ExecutorService clientThreads;
  private final HttpClient client;
  private final ScheduledExecutorService scheduler;
  private final Runnable onTick;
  private final LongAdder sent = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder skipped = new LongAdder();

  /**
   * @param base the service's base URI, on a loopback address
   * @param requestsPerSecond the rate, real time
   * @param maxInFlight the most requests outstanding
   * @param onTick run before each send (the demo prints phase changes from it)
   */
  TrafficGenerator(URI base, double requestsPerSecond, int maxInFlight, Runnable onTick) {
    this.base = base;
    this.periodNanos = Math.max(1_000_000L, (long) (1e9 / requestsPerSecond));
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.onTick = onTick;
    this.clientThreads = Executors.newFixedThreadPool(4, daemon("sre4j-demo-client"));
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(clientThreads)
            .build();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("sre4j-demo-traffic"));
  }

  void start() {
    scheduler.scheduleAtFixedRate(this::sendOne, 0, periodNanos, TimeUnit.NANOSECONDS);
  }

  private void sendOne() {
    try {
      onTick.run();
      if (!inFlight.tryAcquire()) {
        skipped.increment();
        return;
      }
      HttpRequest request = next();
      sent.increment();
      client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                inFlight.release();
                if (error != null) {
                  failed.increment();
                } else {
                  answered.increment();
                }
              });
    } catch (RuntimeException e) {
      failed.increment();
    }
  }

  private HttpRequest next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    double draw = random.nextDouble();
    HttpRequest.Builder request;
    if (draw < 0.5) {
      request =
          HttpRequest.newBuilder(base.resolve("/api/orders/" + random.nextInt(1, 100_000))).GET();
    } else if (draw < 0.7) {
      request =
          HttpRequest.newBuilder(base.resolve("/api/orders"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString("{\"item\":" + random.nextInt(1, 500) + "}"));
    } else {
      request =
          HttpRequest.newBuilder(
                  base.resolve(
                      "/api/catalog/"
                          + CATEGORIES[random.nextInt(CATEGORIES.length)]
                          + "/"
                          + random.nextInt(1, 1000)))
              .GET();
    }
    return request
        .timeout(Duration.ofSeconds(10))
        .header("traceparent", traceparent(random))
        .build();
  }

  private static String traceparent(ThreadLocalRandom random) {
    return String.format(
        "00-%016x%016x-%016x-01", random.nextLong(), random.nextLong() | 1, random.nextLong() | 1);
  }

  /** Stops sending and waits up to {@code wait} for the requests in flight. */
  void stop(Duration wait) {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
      if (inFlight.tryAcquire(maxInFlight, wait.toMillis(), TimeUnit.MILLISECONDS)) {
        inFlight.release(maxInFlight);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clientThreads.shutdownNow();
  }

  long sent() {
    return sent.sum();
  }

  long answered() {
    return answered.sum();
  }

  long failed() {
    return failed.sum();
  }

  long skipped() {
    return skipped.sum();
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
