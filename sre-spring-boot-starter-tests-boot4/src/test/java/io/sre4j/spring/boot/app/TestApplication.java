package io.sre4j.spring.boot.app;

import io.sre4j.core.log.LogSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The application the tests start: a controller with a route template, a failure its exception
 * handler turns into a 500, a failure nobody handles (the container's ERROR dispatch answers it),
 * and a health path of its own; sre4j comes from the starter and application.yml alone. The
 * {@link LogSink} bean captures the JSON lines.
 */
@SpringBootApplication
public class TestApplication {

  /** The JSON lines the structured log wrote, for every context of this JVM. */
  static final Capture LINES = new Capture();

  @Bean
  LogSink captureSink() {
    return LogSink.jsonLines(LINES);
  }

  /** A handled failure: the advice answers 500. */
  static final class OrderFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OrderFailed(String message) {
      super(message);
    }
  }

  @RestController
  static class Orders {

    @GetMapping("/orders/{id}")
    String order(@PathVariable("id") String id) {
      if (id.equals("fail")) {
        throw new OrderFailed("order " + id + " failed");
      }
      if (id.equals("crash")) {
        throw new IllegalStateException("nobody handles this");
      }
      return "order " + id;
    }

    @GetMapping("/health")
    String health() {
      return "ok";
    }
  }

  @RestControllerAdvice
  static class Advice {

    @ExceptionHandler(OrderFailed.class)
    ResponseEntity<String> failed(OrderFailed e) {
      return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(e.getMessage());
    }
  }

  /** An output stream that keeps what is written, readable line by line. */
  static final class Capture extends ByteArrayOutputStream {

    synchronized List<String> lines() {
      List<String> lines = new ArrayList<>();
      for (String line : toString(StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      return lines;
    }
  }
}
