package io.sre4j.benchmarks.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A bounded closed-loop HTTP/1.1 load generator for loopback, used when {@code wrk} is not
 * installed: {@code connections} threads, each on one keep-alive connection, send
 * {@code GET path} and read the whole response, until the duration is over or {@code maxRequests}
 * were sent in all. Latencies go to an HdrHistogram in microseconds. It stops by itself.
 *
 * <p><b>Thread safety:</b> {@link #run} from one thread at a time.
 */
public final class LoadClient {

  private LoadClient() {}

  /**
   * Runs one load phase.
   *
   * @param port the server's port on 127.0.0.1
   * @param path the request path
   * @param connections concurrent connections, one thread each
   * @param seconds how long at most
   * @param maxRequests how many requests at most, over all connections
   * @return what the phase gave
   * @throws InterruptedException if interrupted while waiting for the threads
   */
  public static LoadResult run(int port, String path, int connections, double seconds, long maxRequests)
      throws InterruptedException {
    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: sre4j-load\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    AtomicLong budget = new AtomicLong(maxRequests);
    AtomicLong errors = new AtomicLong();
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      Histogram histogram = new Histogram(1, 60_000_000L, 3);
      histograms.add(histogram);
      Thread thread = new Thread(() -> connection(port, request, deadline, budget, errors, histogram),
          "load-" + c);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long micros = (System.nanoTime() - start) / 1_000;
    Histogram all = new Histogram(1, 60_000_000L, 3);
    for (Histogram histogram : histograms) {
      all.add(histogram);
    }
    return new LoadResult(all.getTotalCount(), micros, errors.get(),
        all.getValueAtPercentile(50), all.getValueAtPercentile(90), all.getValueAtPercentile(99),
        all.getValueAtPercentile(99.9), all.getMaxValue());
  }

  private static void connection(int port, byte[] request, long deadline, AtomicLong budget,
      AtomicLong errors, Histogram histogram) {
    while (System.nanoTime() < deadline && budget.get() > 0) {
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
        while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
          long sent = System.nanoTime();
          out.write(request);
          out.flush();
          int status = readResponse(in);
          histogram.recordValue(Math.min(60_000_000L, Math.max(1, (System.nanoTime() - sent) / 1_000)));
          if (status < 200 || status > 299) {
            errors.incrementAndGet();
          }
        }
        return;
      } catch (IOException | RuntimeException e) {
        errors.incrementAndGet();
      }
    }
  }

  /** Reads one response (headers and a Content-Length body); returns its status. */
  static int readResponse(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    int status = -1;
    long length = 0;
    boolean first = true;
    for (;;) {
      line.setLength(0);
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new IOException("connection closed");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      if (line.length() == 0) {
        break;
      }
      if (first) {
        status = Integer.parseInt(line.substring(9, 12));
        first = false;
      } else if (line.length() > 15 && line.substring(0, 15).equalsIgnoreCase("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      }
    }
    for (long i = 0; i < length; i++) {
      if (in.read() < 0) {
        throw new IOException("connection closed in the body");
      }
    }
    return status;
  }
}
