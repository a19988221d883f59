package io.sre4j.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * The application the container tests run: one servlet per kind of request, set up through the
 * Servlet API only, so that Jetty and Tomcat run exactly the same code. The filter, if given, is
 * installed the way {@link SloServletInitializer} does.
 */
final class TestApp implements ServletContainerInitializer {

  /** Async requests of {@code /async}, waiting for the test to complete them. */
  final BlockingQueue<AsyncContext> pending = new LinkedBlockingQueue<>();

  /** Released by {@code /abort} once its response is committed and its first bytes sent. */
  final Semaphore abortStarted = new Semaphore(0);

  /** Released by the test once its client has gone; {@code /abort} then writes until it fails. */
  final Semaphore clientGone = new Semaphore(0);

  /** Released by {@code /front/...} requests once they run (their route not known yet). */
  final Semaphore frontRunning = new Semaphore(0);

  /** Released by the test to let a {@code /front/...} request finish. */
  final Semaphore frontRelease = new Semaphore(0);

  private final Filter filter;

  /** The application's context, once started: where the initializer leaves the registry. */
  volatile ServletContext context;

  TestApp(Filter filter) {
    this.filter = filter;
  }

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    this.context = context;
    if (filter != null) {
      FilterRegistration.Dynamic registration = context.addFilter("sre4j-test", filter);
      registration.setAsyncSupported(true);
      registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
    servlet(context, "default", (request, response) -> {
      if (request.getServletPath().startsWith("/static/")) {
        text(response, "static");
      } else if (request.getServletPath().startsWith("/front/")) {
        // a front controller mapped at /, as Spring's DispatcherServlet: the route is named when
        // the handler returns
        frontRunning.release();
        frontRelease.acquire();
        request.setAttribute(SloFilter.SPRING_PATTERN_ATTRIBUTE, "/front/users/{id}");
        text(response, "front");
      } else {
        response.sendError(404);
      }
    }, "/");
    servlet(context, "sync", (request, response) -> text(response, "ok"), "/sync");
    servlet(context, "error500", (request, response) -> response.setStatus(500), "/error500");
    servlet(context, "throw", (request, response) -> {
      throw new IllegalStateException("boom");
    }, "/throw");
    servlet(context, "commit-then-throw", (request, response) -> {
      response.getOutputStream().write("partial".getBytes(StandardCharsets.UTF_8));
      response.flushBuffer();
      throw new IllegalStateException("boom after commit");
    }, "/commit-then-throw");
    servlet(context, "async", (request, response) -> {
      AsyncContext async = request.startAsync();
      async.setTimeout(30_000);
      pending.add(async);
    }, "/async");
    servlet(context, "async-immediate", (request, response) -> {
      AsyncContext async = request.startAsync();
      text((HttpServletResponse) async.getResponse(), "immediate");
      async.complete(); // completed before the dispatch returns to the container
    }, "/async-immediate");
    servlet(context, "async-dispatch", (request, response) -> {
      if (request.getDispatcherType() == DispatcherType.ASYNC) {
        response.setStatus(503); // the second dispatch answers
        return;
      }
      AsyncContext async = request.startAsync();
      new Thread(async::dispatch).start();
    }, "/async-dispatch");
    servlet(context, "async-timeout", (request, response) -> {
      AsyncContext async = request.startAsync();
      async.setTimeout(100);
    }, "/async-timeout");
    servlet(context, "stream", (request, response) -> {
      response.setContentType("text/plain");
      ServletOutputStream out = response.getOutputStream();
      for (int i = 0; i < 5; i++) {
        out.write(("chunk " + i + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }, "/stream");
    servlet(context, "slow", (request, response) -> {
      Thread.sleep(100);
      text(response, "slow");
    }, "/slow");
    servlet(context, "api", (request, response) -> text(response, "api"), "/api/*");
    // a large body written until the client has gone: the container then throws on a write
    servlet(context, "abort", (request, response) -> {
      response.setContentType("application/octet-stream");
      ServletOutputStream out = response.getOutputStream();
      byte[] chunk = new byte[64 * 1024];
      out.write(chunk);
      out.flush();
      abortStarted.release();
      clientGone.acquire();
      for (int i = 0; i < 16_384; i++) { // 1 GiB if the write never failed: the test would fail
        out.write(chunk);
        out.flush();
      }
    }, "/abort");
    // the same wrapped as a framework wraps it
    servlet(context, "wrapped", (request, response) -> {
      throw new ServletException("Request processing failed: java.lang.IllegalArgumentException:"
          + " no such order", new RuntimeException(new IllegalArgumentException("no such order")));
    }, "/wrapped");
    servlet(context, "spring", (request, response) -> {
      request.setAttribute(SloFilter.SPRING_PATTERN_ATTRIBUTE, "/users/{id}");
      text(response, "spring");
    }, "/spring/*");
    // a framework that exposes raw paths as its "pattern": the route cap must hold
    servlet(context, "hostile", (request, response) -> {
      request.setAttribute(SloFilter.SPRING_PATTERN_ATTRIBUTE, request.getRequestURI());
      text(response, "hostile");
    }, "/hostile/*");
  }

  /** Completes the oldest pending {@code /async} request with 200. */
  void completeOne() throws InterruptedException, IOException {
    AsyncContext async = pending.take();
    HttpServletResponse response = (HttpServletResponse) async.getResponse();
    response.setContentType("text/plain");
    response.getOutputStream().write("done".getBytes(StandardCharsets.UTF_8));
    async.complete();
  }

  private static void text(HttpServletResponse response, String body) throws IOException {
    response.setContentType("text/plain");
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }

  private static void servlet(ServletContext context, String name, Handler handler,
      String... patterns) {
    ServletRegistration.Dynamic registration = context.addServlet(name, new AppServlet(handler));
    registration.setAsyncSupported(true);
    registration.addMapping(patterns);
  }

  @FunctionalInterface
  interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
  }

  /** One servlet class for every behaviour, so that nothing else needs a serialVersionUID. */
  static final class AppServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Handler handler;

    AppServlet(Handler handler) {
      this.handler = handler;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      try {
        handler.handle(request, response);
      } catch (IOException | ServletException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new ServletException(e);
      }
    }
  }
}
