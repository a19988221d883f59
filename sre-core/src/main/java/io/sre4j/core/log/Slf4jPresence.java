package io.sre4j.core.log;

/**
 * Whether slf4j-api 2 can be loaded, checked without loading any class that links to it.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> a class lookup per call; used at build time only.
 */
final class Slf4jPresence {

  private Slf4jPresence() {}

  static boolean available() {
    try {
      ClassLoader loader = Slf4jPresence.class.getClassLoader();
      Class.forName("org.slf4j.spi.LoggingEventBuilder", false, loader);
      Class.forName("org.slf4j.LoggerFactory", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
