package io.sre4j.benchmarks.e2e;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sre4j.benchmarks.MicrometerTimingFilter;
import io.sre4j.benchmarks.Services;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.servlet.ServletSettings;
import io.sre4j.servlet.SloFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The service of the end-to-end run, in its own JVM: embedded Jetty 12 (ee10) on loopback with one
 * tiny servlet ({@code GET /api/orders/*} answers 13 bytes of text), and one of four variants in
 * front of it: {@code bare} (no filter), {@code sre4j} ({@link SloFilter} into a registry with an
 * availability and a latency SLO, {@code sli_report} lines on, access log off), {@code sre4j-log}
 * (the same with the access log on, every request, JSON lines on stdout), {@code micrometer}
 * ({@link MicrometerTimingFilter}). The driver ({@link OverheadRun}) sends stdout to
 * {@code /dev/null}, so JSON lines are formatted and written as in production, and talks to the
 * server over stdin and stderr.
 *
 * <p>Protocol: the server writes {@code READY <port>} to stderr once it listens. Each {@code stats}
 * line on stdin is answered on stderr with {@code STATS <process CPU ns> <requests served> <GC
 * count> <GC ms> <CPU ns of the sre4j threads>}. {@code quit} or the end of stdin stops the server.
 *
 * <p>Run by {@code sre-benchmarks/run.sh}; by hand:
 *
 * <pre>
 * java -cp sre-benchmarks/target/benchmarks.jar io.sre4j.benchmarks.e2e.OverheadServer sre4j &gt;/dev/null
 * </pre>
 */
public final class OverheadServer {

  /**
   * The variants, in the order the driver starts them; {@code bare-aa} is a second bare server, the
   * A/A control that shows how far two identical servers differ on this machine (the noise floor).
   */
  public static final String[] VARIANTS = {"bare", "bare-aa", "sre4j", "sre4j-log", "micrometer"};

  private static final byte[] BODY = "hello, world\n".getBytes(StandardCharsets.US_ASCII);
  private static final LongAdder REQUESTS = new LongAdder();

  private OverheadServer() {}

  /**
   * Starts the server.
   *
   * @param args the variant; optionally a port (0, any free port, by default)
   * @throws Exception if Jetty does not start
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: OverheadServer bare|bare-aa|sre4j|sre4j-log|micrometer|probe [port]");
      System.exit(2);
    }
    String variant = args[0];
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    PrintStream control = System.err;

    QueuedThreadPool threads = new QueuedThreadPool(64, 8, 600_000);
    threads.setName("jetty");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder("orders", new Hello()), "/api/orders/*");

    SloRegistry registry = null;
    StructuredLog log = null;
    SimpleMeterRegistry meters = null;
    Filter filter;
    switch (variant) {
      case "bare", "bare-aa" -> filter = null;
      case "sre4j", "sre4j-log" -> {
        log = StructuredLog.builder()
            .service("bench")
            .accessLog(variant.equals("sre4j-log"))
            .shutdownHook(false)
            .build(); // JSON lines on stdout, which the driver sends to /dev/null
        registry = Services.registry().service("bench").listener(log).build();
        filter = new SloFilter(registry, ServletSettings.defaults(), log);
      }
      case "micrometer" -> {
        meters = new SimpleMeterRegistry();
        filter = new MicrometerTimingFilter(meters);
      }
      case "probe" -> filter = new ServletApiProbe();
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    }
    if (filter != null) {
      FilterHolder holder = new FilterHolder(filter);
      holder.setName(variant);
      holder.setAsyncSupported(true);
      context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    server.setHandler(context);
    server.start();
    control.println("READY " + connector.getLocalPort());
    control.flush();

    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.trim();
        if (command.equals("stats")) {
          control.println(stats());
          control.flush();
        } else if (command.equals("quit")) {
          break;
        }
      }
    } finally {
      server.stop();
      if (log != null) {
        log.close();
      }
      if (registry != null) {
        registry.close();
      }
      if (meters != null) {
        meters.close();
      }
    }
  }

  /**
   * @return {@code STATS <cpu ns> <requests> <gc count> <gc ms> <sre4j threads' cpu ns>}, the last
   *     being the CPU time of the library's own threads (the registry's tick and the log writer)
   */
  static String stats() {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long libraryNanos = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("sre4j")) {
        libraryNanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return String.format(Locale.ROOT, "STATS %d %d %d %d %d", os.getProcessCpuTime(), REQUESTS.sum(),
        gcCount, gcMillis, libraryNanos);
  }

  /**
   * A diagnostic variant ({@code --variants ...,probe}): the servlet API calls {@link SloFilter}
   * makes per request (set and read a request attribute, read the servlet mapping, the method, the
   * status), without recording anything, to tell what the container charges for them from what
   * sre4j's own recording costs.
   */
  static final class ServletApiProbe implements Filter {
    private volatile Object sink;

    @Override
    public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
        jakarta.servlet.FilterChain chain) throws IOException, jakarta.servlet.ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      Object seen = http.getAttribute("io.sre4j.servlet.SloFilter.measured");
      http.setAttribute("io.sre4j.servlet.SloFilter.measured", Boolean.TRUE);
      String pattern = http.getHttpServletMapping().getPattern();
      chain.doFilter(request, response);
      Object framework = http.getAttribute(SloFilter.SPRING_PATTERN_ATTRIBUTE);
      int status = ((HttpServletResponse) response).getStatus();
      sink = seen == null && framework == null && status > 0 ? pattern : http.getMethod();
    }
  }

  /** Answers every GET with 13 bytes of text. */
  static final class Hello extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      REQUESTS.increment();
      response.setStatus(HttpServletResponse.SC_OK);
      response.setContentType("text/plain");
      response.setContentLength(BODY.length);
      response.getOutputStream().write(BODY);
    }
  }
}
