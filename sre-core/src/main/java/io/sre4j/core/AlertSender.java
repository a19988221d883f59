package io.sre4j.core;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Delivers alert notifications over HTTP from one daemon thread, so that neither a request nor the
 * registry's tick ever waits for a target: {@link #offer} only adds to a bounded queue.
 *
 * <p><b>Delivery.</b> A POST with a 2 s connect timeout and a 5 s request timeout. A 2xx answer
 * counts {@code sent}. Any other answer below 500 (a 4xx, a redirect) counts {@code failed} and is
 * not retried: the request would fail again; it is logged once per target with the first line of
 * the answer. A 5xx, a time-out or a connection error counts {@code retried} and is tried again
 * after an exponential backoff with jitter (1 s doubling up to 1 min, each delay between half and
 * all of it) until {@code retryFor} after the first attempt; then the notification counts {@code
 * dropped}, as does one that finds the queue full or is still queued when the sender closes.
 *
 * <p><b>Thread safety:</b> {@link #offer} and the counts are safe from any thread; one sender
 * thread does the rest. <b>Cost:</b> {@link #offer} is a queue insertion; at most {@value
 * #CAPACITY} notifications are held.
 */
final class AlertSender implements AutoCloseable {

  /** The most notifications queued or waiting for a retry. */
  static final int CAPACITY = 1_000;

  static final String ALERTMANAGER = "alertmanager";
  static final String WEBHOOK = "webhook";
  static final List<String> TARGETS = List.of(ALERTMANAGER, WEBHOOK);
  static final List<String> OUTCOMES = List.of("sent", "retried", "failed", "dropped");

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** How long {@link #close()} lets the queue drain before it stops the thread. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  /** One POST to make, and its attempts so far. */
  static final class Delivery implements Delayed {
    final String target;
    final URI uri;
    final String body;
    final Map<String, String> headers;
    final @Nullable Path tokenFile;
    final long firstNanos;
    int attempts;
    long dueNanos;

    Delivery(String target, URI uri, String body, Map<String, String> headers,
        @Nullable Path tokenFile, long nowNanos) {
      this.target = target;
      this.uri = uri;
      this.body = body;
      this.headers = Map.copyOf(headers);
      this.tokenFile = tokenFile;
      this.firstNanos = nowNanos;
      this.dueNanos = nowNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(dueNanos, ((Delivery) other).dueNanos);
    }
  }

  private final DelayQueue<Delivery> queue = new DelayQueue<>();
  private final AtomicInteger held = new AtomicInteger();
  private final LongAdder[] counts = new LongAdder[TARGETS.size() * OUTCOMES.size()];
  private final HttpClient client;
  private final Duration retryFor;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Diagnostics diagnostics;
  private final Thread thread;
  private volatile boolean closing;

  AlertSender(String service, Duration retryFor, Duration initialBackoff, Duration maxBackoff,
      Diagnostics diagnostics) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
    this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.retryFor = retryFor;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.diagnostics = diagnostics;
    this.thread = new Thread(this::run, "sre4j-alerts-" + service);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a POST; counts it dropped when the queue is full or the sender is closed. Never blocks. */
  void offer(Delivery delivery) {
    boolean closed = closing;
    if (closed || held.incrementAndGet() > CAPACITY) {
      if (!closed) {
        held.decrementAndGet();
      }
      increment(delivery.target, "dropped");
      diagnostics.warnOnce("alert-queue-full", "sre4j: an alert notification to " + delivery.uri
          + " was dropped: " + (closed ? "the registry is closed" : CAPACITY + " are queued already"));
      return;
    }
    queue.add(delivery);
  }

  /** How many notifications to {@code target} ended, or were retried, with {@code outcome}. */
  long count(String target, String outcome) {
    return counts[index(target, outcome)].sum();
  }

  private void increment(String target, String outcome) {
    counts[index(target, outcome)].increment();
  }

  private static int index(String target, String outcome) {
    return TARGETS.indexOf(target) * OUTCOMES.size() + OUTCOMES.indexOf(outcome);
  }

  private void run() {
    try {
      while (true) {
        Delivery next = closing ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
        if (next == null) {
          if (closing) {
            return;
          }
          continue;
        }
        attempt(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      diagnostics.warnOnce("alert-sender-failed", "sre4j: the alert sender stopped", e);
    }
  }

  private void attempt(Delivery delivery) throws InterruptedException {
    delivery.attempts++;
    HttpRequest.Builder request = HttpRequest.newBuilder(delivery.uri)
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("User-Agent", "sre4j")
        .POST(HttpRequest.BodyPublishers.ofString(delivery.body, StandardCharsets.UTF_8));
    delivery.headers.forEach(request::header);
    if (delivery.tokenFile != null) {
      String token = token(delivery.tokenFile);
      if (token == null) {
        finish(delivery, "failed");
        return;
      }
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      finish(delivery, "dropped");
      throw e;
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      retry(delivery, e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      return;
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      finish(delivery, "sent");
    } else if (status >= 500) {
      retry(delivery, "HTTP " + status);
    } else {
      finish(delivery, "failed");
      diagnostics.warnOnce("alert-rejected " + delivery.uri, "sre4j: " + delivery.target + " "
          + delivery.uri + " answered " + status + ": " + firstLine(response.body())
          + "; the notification is not retried");
    }
  }

  private void finish(Delivery delivery, String outcome) {
    held.decrementAndGet();
    increment(delivery.target, outcome);
  }

  private void retry(Delivery delivery, String why) {
    long now = System.nanoTime();
    long backoff = backoffNanos(delivery.attempts);
    if (closing || now + backoff - delivery.firstNanos > retryFor.toNanos()) {
      finish(delivery, "dropped");
      diagnostics.warnOnce("alert-dropped " + delivery.uri, "sre4j: " + delivery.target + " "
          + delivery.uri + " could not be reached (" + why + ") "
          + (closing ? "before the registry closed" : "within " + ConfigValues.format(retryFor))
          + "; the notification is dropped");
      return;
    }
    increment(delivery.target, "retried");
    diagnostics.warnOnce("alert-retried " + delivery.uri, "sre4j: " + delivery.target + " "
        + delivery.uri + " failed (" + why + "); retrying for up to " + ConfigValues.format(retryFor));
    delivery.dueNanos = now + backoff;
    queue.add(delivery);
  }

  /** The delay before attempt {@code attempts + 1}: doubling from the initial one, with jitter. */
  long backoffNanos(int attempts) {
    long cap = maxBackoff.toNanos();
    long delay = initialBackoff.toNanos();
    for (int i = 1; i < attempts && delay < cap; i++) {
      delay *= 2;
    }
    delay = Math.min(delay, cap);
    return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
  }

  private @Nullable String token(Path file) {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!token.isEmpty() && token.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
        return token;
      }
      diagnostics.warnOnce("alert-token " + file, "sre4j: alert.webhook.token-file " + file
          + " is not one line of one word; the notification is not sent");
    } catch (IOException | RuntimeException e) {
      diagnostics.warnOnce("alert-token " + file, "sre4j: alert.webhook.token-file " + file
          + " cannot be read (" + e.getClass().getSimpleName() + "); the notification is not sent");
    }
    return null;
  }

  private static String firstLine(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    String line = body.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /**
   * Stops taking notifications, lets the thread send what is due for up to {@link #CLOSE_WAIT}
   * (twice that when a send hangs), then stops it; what is left counts {@code dropped}.
   */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(CLOSE_WAIT.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(CLOSE_WAIT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Delivery> left = new ArrayList<>();
    queue.drainTo(left);
    for (Delivery delivery : left) {
      finish(delivery, "dropped");
    }
  }
}
