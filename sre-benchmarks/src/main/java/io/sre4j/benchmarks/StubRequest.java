package io.sre4j.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.MappingMatch;
import java.lang.reflect.Proxy;

/**
 * A minimal {@code GET /api/orders/42} request, mapped exactly to the servlet pattern
 * {@code /api/orders/*}, carrying a {@code traceparent}: what a filter reads from a request and
 * nothing more, with no allocation. Anything else a filter asks for throws
 * {@link UnsupportedOperationException} (it goes to a wrapped proxy), so a benchmark notices when
 * the filter starts reading more of the request.
 *
 * <p>Attributes live in four fixed slots; {@link #reset()} clears them between requests, as a new
 * request would start with none.
 *
 * <p><b>Thread safety:</b> none; one per benchmark thread.
 */
public final class StubRequest extends HttpServletRequestWrapper {

  private static final HttpServletRequest UNSUPPORTED = (HttpServletRequest) Proxy.newProxyInstance(
      StubRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
      (proxy, method, args) -> {
        throw new UnsupportedOperationException("StubRequest." + method.getName());
      });

  private static final HttpServletMapping MAPPING = new HttpServletMapping() {
    @Override
    public String getMatchValue() {
      return "42";
    }

    @Override
    public String getPattern() {
      return "/api/orders/*";
    }

    @Override
    public String getServletName() {
      return "orders";
    }

    @Override
    public MappingMatch getMappingMatch() {
      return MappingMatch.PATH;
    }
  };

  private final String[] names = new String[4];
  private final Object[] values = new Object[4];

  /** A new request with no attributes. */
  public StubRequest() {
    super(UNSUPPORTED);
  }

  /** Clears the attributes: the next call sees a new request. */
  public void reset() {
    for (int i = 0; i < names.length; i++) {
      names[i] = null;
      values[i] = null;
    }
  }

  @Override
  public DispatcherType getDispatcherType() {
    return DispatcherType.REQUEST;
  }

  @Override
  public String getMethod() {
    return "GET";
  }

  @Override
  public String getRequestURI() {
    return "/api/orders/42";
  }

  @Override
  public String getServletPath() {
    return "/api/orders";
  }

  @Override
  public String getPathInfo() {
    return "/42";
  }

  @Override
  public String getContextPath() {
    return "";
  }

  @Override
  public HttpServletMapping getHttpServletMapping() {
    return MAPPING;
  }

  @Override
  public boolean isAsyncStarted() {
    return false;
  }

  @Override
  public String getHeader(String name) {
    return "traceparent".equalsIgnoreCase(name) ? Services.TRACEPARENT : null;
  }

  @Override
  public Object getAttribute(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null && names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public void setAttribute(String name, Object value) {
    int free = -1;
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null && names[i].equals(name)) {
        values[i] = value;
        return;
      }
      if (names[i] == null && free < 0) {
        free = i;
      }
    }
    if (free < 0) {
      throw new IllegalStateException("StubRequest holds at most " + names.length + " attributes");
    }
    names[free] = name;
    values[free] = value;
  }

  @Override
  public void removeAttribute(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null && names[i].equals(name)) {
        names[i] = null;
        values[i] = null;
      }
    }
  }
}
