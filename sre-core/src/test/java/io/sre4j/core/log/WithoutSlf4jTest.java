package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * sre-core's classes alone (the core has no run-time dependency), without slf4j-api, as in a
 * service that does not use SLF4J: the structured log loads and writes, and asking for the SLF4J sink
 * fails with a clear message.
 */
final class WithoutSlf4jTest {

  private static URLClassLoader coreWithoutSlf4j() {
    URL core = StructuredLog.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader(new URL[] {core}, ClassLoader.getPlatformClassLoader());
  }

  private static Object call(Object target, String name, Class<?>[] types, Object... args) throws Exception {
    Class<?> type = target instanceof Class<?> c ? c : target.getClass();
    Method method = type.getMethod(name, types);
    method.setAccessible(true);
    try {
      return method.invoke(target instanceof Class<?> ? null : target, args);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void theLogWorksWithoutSlf4jOnTheClassPath() throws Exception {
    try (URLClassLoader loader = coreWithoutSlf4j()) {
      assertThatThrownBy(() -> Class.forName("org.slf4j.Logger", false, loader))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> logClass = loader.loadClass(StructuredLog.class.getName());
      assertThat(logClass).isNotSameAs(StructuredLog.class);
      Class<?> sinkClass = loader.loadClass(LogSink.class.getName());
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      Object sink = call(sinkClass, "jsonLines", new Class<?>[] {OutputStream.class}, out);
      Object builder = call(logClass, "builder", new Class<?>[0]);
      call(builder, "sink", new Class<?>[] {sinkClass}, sink);
      call(builder, "accessLog", new Class<?>[] {boolean.class}, true);
      call(builder, "shutdownHook", new Class<?>[] {boolean.class}, false);
      Object log = call(builder, "build", new Class<?>[0]);
      Object access = call(log, "accessLog", new Class<?>[0]);
      call(access, "log", new Class<?>[] {String.class, String.class, int.class, long.class,
          CharSequence.class, String.class}, "GET", "/a", 200, 1_000_000L, null, null);
      ((AutoCloseable) log).close();
      assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"ts\":").contains("\"route\":\"/a\"");

      Object another = call(logClass, "builder", new Class<?>[0]);
      assertThatThrownBy(() -> call(another, "config", new Class<?>[] {Map.class}, Map.of("log.sink", "slf4j")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("log.sink must be stdout or emf (slf4j-api 2 is not on the class path) but was \"slf4j\"");
      assertThatThrownBy(() -> call(sinkClass, "slf4j", new Class<?>[] {String.class}, "x"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("slf4j-api 2");
    }
  }
}
