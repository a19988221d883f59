package io.sre4j.benchmarks;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;

/**
 * A minimal response: a status and whether it was committed, with no allocation. Anything else a
 * filter asks for throws {@link UnsupportedOperationException} (it goes to a wrapped proxy).
 *
 * <p><b>Thread safety:</b> none; one per benchmark thread.
 */
public final class StubResponse extends HttpServletResponseWrapper {

  private static final HttpServletResponse UNSUPPORTED = (HttpServletResponse) Proxy.newProxyInstance(
      StubResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
      (proxy, method, args) -> {
        throw new UnsupportedOperationException("StubResponse." + method.getName());
      });

  private int status = SC_OK;
  private boolean committed;

  /** A new response with status 200. */
  public StubResponse() {
    super(UNSUPPORTED);
  }

  /** Back to status 200, not committed: the next call sees a new response. */
  public void reset() {
    status = SC_OK;
    committed = false;
  }

  @Override
  public void setStatus(int sc) {
    status = sc;
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public boolean isCommitted() {
    return committed;
  }

  @Override
  public void flushBuffer() {
    committed = true;
  }
}
