package io.sre4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generated access traffic, deterministic from a seed: steady requests with rare failures, and
 * incidents during which a share of requests fail or are slow.
 */
final class Traffic {

  static final String[] ROUTES = {"/api/orders/{id}", "/api/catalog/**", "/api/orders"};
  static final String[] METHODS = {"GET", "GET", "POST"};

  /** One request. */
  record Event(
      long epochMillis,
      String method,
      String route,
      int status,
      long durationNanos,
      boolean thrown) {

    boolean failed() {
      return thrown || status >= 500;
    }

    String json() {
      return "{\"ts\":\""
          + Instant.ofEpochMilli(epochMillis)
          + "\",\"type\":\"access\","
          + "\"service\":\"shop\",\"route\":\""
          + route
          + "\",\"method\":\""
          + method
          + "\",\"status\":"
          + status
          + ",\"duration_ms\":"
          + millis(durationNanos)
          + (thrown ? ",\"error\":\"java.lang.IllegalStateException\"" : "")
          + "}";
    }

    String csv() {
      return epochMillis
          + ","
          + route
          + ","
          + method
          + ","
          + status
          + ","
          + millis(durationNanos)
          + ","
          + (thrown ? "java.lang.IllegalStateException" : "");
    }
  }

  /** A stretch of time with its failure and slowness shares. */
  record Phase(long fromMillis, long toMillis, double failShare, double slowShare) {}

  private final SplittableRandom random;
  private final long startMillis;
  private final double meanGapMillis;
  private final List<Phase> phases;
  private long time;

  Traffic(long seed, Instant start, double requestsPerSecond, List<Phase> phases) {
    this.random = new SplittableRandom(seed);
    this.startMillis = start.toEpochMilli();
    this.meanGapMillis = 1000.0 / requestsPerSecond;
    this.phases = phases;
    this.time = startMillis;
  }

  /**
   * @return the next event, after (or at) the previous one
   */
  Event next() {
    time += Math.round(-Math.log(1 - random.nextDouble()) * meanGapMillis);
    long offset = time - startMillis;
    double fail = 0.0005;
    double slow = 0.002;
    for (Phase phase : phases) {
      if (offset >= phase.fromMillis() && offset < phase.toMillis()) {
        fail = phase.failShare();
        slow = phase.slowShare();
      }
    }
    int which = random.nextInt(ROUTES.length);
    boolean failed = random.nextDouble() < fail;
    boolean thrown = failed && which == 2 && random.nextBoolean();
    int status = failed ? (thrown ? 500 : 503) : (which == 2 ? 201 : 200);
    long nanos =
        random.nextDouble() < slow
            ? 300_000_000L + random.nextLong(900_000_000L)
            : 1_000_000L + random.nextLong(120_000_000L);
    return new Event(time, METHODS[which], ROUTES[which], status, nanos, thrown);
  }

  /** Skips {@code millis} of time with no request. */
  void pause(long millis) {
    time += millis;
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%d.%06d", nanos / 1_000_000, nanos % 1_000_000);
  }

  /** An input stream of {@code count} JSON lines of this traffic, made as it is read. */
  InputStream jsonStream(long count, java.util.function.Consumer<Event> seen) {
    return new InputStream() {
      private byte[] line = new byte[0];
      private int at;
      private long made;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        int written = 0;
        while (written < len) {
          if (at == line.length) {
            if (made == count) {
              break;
            }
            Event event = next();
            seen.accept(event);
            made++;
            line = (event.json() + "\n").getBytes(StandardCharsets.UTF_8);
            at = 0;
          }
          int n = Math.min(len - written, line.length - at);
          System.arraycopy(line, at, b, off + written, n);
          at += n;
          written += n;
        }
        return written == 0 && len > 0 ? -1 : written;
      }
    };
  }

  static List<Event> take(Traffic traffic, int count) {
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(traffic.next());
    }
    return events;
  }
}
