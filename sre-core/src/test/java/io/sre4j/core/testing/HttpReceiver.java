package io.sre4j.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server (the JDK's) on a free loopback port that keeps every request it receives
 * and answers with a chosen status, or hangs until released: the far end of alert notifications
 * in tests.
 *
 * <p><b>Thread safety:</b> safe; requests are handled on a small pool. <b>Cost:</b> one server.
 */
public final class HttpReceiver implements AutoCloseable {

  /** One request as received. */
  public record Request(String method, String path, Map<String, List<String>> headers, String body,
      long receivedNanos) {

    /** @return the first value of a header, or null */
    public String header(String name) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
          return header.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final AtomicInteger received = new AtomicInteger();
  private volatile int status = 200;
  private volatile String answer = "";
  private volatile CountDownLatch hang = new CountDownLatch(0);

  private HttpReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts a receiver answering 200 to every POST and GET. */
  public static HttpReceiver start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    HttpReceiver receiver = new HttpReceiver(server);
    server.createContext("/", receiver::handle);
    server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "http-receiver");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
    return receiver;
  }

  /** @return {@code http://127.0.0.1:<port>} */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code status} with {@code body} from now on. */
  public HttpReceiver answer(int status, String body) {
    this.status = status;
    this.answer = body;
    return this;
  }

  /** Holds every request from now on until {@link #release()}. */
  public HttpReceiver hang() {
    this.hang = new CountDownLatch(1);
    return this;
  }

  /** Lets held requests go on. */
  public void release() {
    hang.countDown();
  }

  /** @return requests received so far, answered or not */
  public int received() {
    return received.get();
  }

  /**
   * The next request, waiting up to {@code timeout} for it.
   *
   * @throws AssertionError if none arrives in time
   */
  public Request next(Duration timeout) throws InterruptedException {
    Request request = requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (request == null) {
      throw new AssertionError("no request within " + timeout);
    }
    return request;
  }

  /** The next request if one arrives within {@code timeout}, else null. */
  public Request poll(Duration timeout) throws InterruptedException {
    return requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      received.incrementAndGet();
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime()));
      try {
        hang.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
