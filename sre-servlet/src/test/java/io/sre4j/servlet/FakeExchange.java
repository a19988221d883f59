package io.sre4j.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A minimal request and response, enough for the filter, without a container. */
final class FakeExchange {

  final Map<String, Object> attributes = new HashMap<>();
  final Map<String, String> headers = new HashMap<>();
  final List<AsyncListener> listeners = new ArrayList<>();
  final Map<String, String> responseHeaders = new HashMap<>();
  final ByteArrayOutputStream body = new ByteArrayOutputStream();
  String method = "GET";
  String servletPath = "/";
  String pathInfo;
  String contextPath = "";
  HttpServletMapping mapping = mapping(MappingMatch.DEFAULT, "/");
  DispatcherType dispatcherType = DispatcherType.REQUEST;
  boolean asyncStarted;
  int status = 200;
  boolean committed;

  final HttpServletRequest request = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
    case "getAttribute" -> attributes.get((String) args[0]);
    case "setAttribute" -> attributes.put((String) args[0], args[1]);
    case "removeAttribute" -> attributes.remove((String) args[0]);
    case "getMethod" -> method;
    case "getServletPath" -> servletPath;
    case "getPathInfo" -> pathInfo;
    case "getContextPath" -> contextPath;
    case "getRequestURI" -> contextPath + servletPath + (pathInfo == null ? "" : pathInfo);
    case "getHttpServletMapping" -> mapping;
    case "getDispatcherType" -> dispatcherType;
    case "isAsyncStarted" -> asyncStarted;
    case "getAsyncContext" -> asyncContext();
    case "getHeader" -> headers.get((String) args[0]);
    default -> throw new UnsupportedOperationException(name);
  });

  final HttpServletResponse response = proxy(HttpServletResponse.class, (name, args) -> switch (name) {
    case "getStatus" -> status;
    case "setStatus" -> status = (Integer) args[0];
    case "isCommitted" -> committed;
    case "setContentType", "setContentLength" -> null;
    case "setHeader" -> responseHeaders.put((String) args[0], (String) args[1]);
    case "getOutputStream" -> outputStream();
    case "flushBuffer" -> committed = true;
    default -> throw new UnsupportedOperationException(name);
  });


  private ServletOutputStream outputStream() {
    return new ServletOutputStream() {
      @Override
      public void write(int b) {
        body.write(b);
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {
        throw new UnsupportedOperationException();
      }
    };
  }

  FakeExchange path(MappingMatch match, String pattern, String servletPath, String pathInfo) {
    this.mapping = mapping(match, pattern);
    this.servletPath = servletPath;
    this.pathInfo = pathInfo;
    return this;
  }

  private AsyncContext asyncContext() {
    if (!asyncStarted) {
      throw new IllegalStateException("not async");
    }
    return proxy(AsyncContext.class, (name, args) -> switch (name) {
      case "addListener" -> listeners.add((AsyncListener) args[0]);
      default -> throw new UnsupportedOperationException(name);
    });
  }

  static HttpServletMapping mapping(MappingMatch match, String pattern) {
    return proxy(HttpServletMapping.class, (name, args) -> switch (name) {
      case "getMappingMatch" -> match;
      case "getPattern" -> pattern;
      case "getMatchValue" -> "";
      case "getServletName" -> "servlet";
      default -> throw new UnsupportedOperationException(name);
    });
  }

  static FilterConfig filterConfig(Map<String, Object> contextAttributes,
      Map<String, String> initParameters) {
    ServletContext context = proxy(ServletContext.class, (name, args) -> switch (name) {
      case "getAttribute" -> contextAttributes.get((String) args[0]);
      case "setAttribute" -> contextAttributes.put((String) args[0], args[1]);
      default -> throw new UnsupportedOperationException(name);
    });
    return proxy(FilterConfig.class, (name, args) -> switch (name) {
      case "getServletContext" -> context;
      case "getFilterName" -> "sre4j";
      case "getInitParameterNames" -> Collections.enumeration(initParameters.keySet());
      case "getInitParameter" -> initParameters.get((String) args[0]);
      default -> throw new UnsupportedOperationException(name);
    });
  }

  @FunctionalInterface
  interface Handler {
    Object invoke(String name, Object[] args);
  }

  private static <T> T proxy(Class<T> type, Handler handler) {
    return type.cast(Proxy.newProxyInstance(FakeExchange.class.getClassLoader(),
        new Class<?>[] {type}, (proxy, method, args) -> switch (method.getName()) {
          case "toString" -> "fake " + type.getSimpleName();
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> handler.invoke(method.getName(), args);
        }));
  }
}
