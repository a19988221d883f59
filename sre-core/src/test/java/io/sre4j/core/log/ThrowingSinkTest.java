package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.log.LogSink.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A sink that throws: swallowed, counted, warned about once through System.Logger. */
final class ThrowingSinkTest {

  /** Records what the log says about itself. */
  static final class CapturingLogger implements System.Logger {
    record Entry(Level level, String message, Throwable thrown) {}

    final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public String getName() {
      return "io.sre4j.log";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
      entries.add(new Entry(level, message, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      entries.add(new Entry(level, format, null));
    }

    long count(Level level) {
      return entries.stream().filter(e -> e.level() == level).count();
    }
  }

  @Test
  void aSinkThrowingOnEveryLineNeverReachesTheCallerAndIsWarnedAboutOnce() {
    CapturingLogger diagnostics = new CapturingLogger();
    LogSink throwing = record -> {
      throw new IllegalStateException("sink broke on " + record.type());
    };
    StructuredLog log = StructuredLog.builder().sink(throwing).accessLog(true).shutdownHook(false)
        .diagnostics(diagnostics).build();
    for (int i = 0; i < 10; i++) {
      assertThat(log.accessLog().log("GET", "/a", 200, 1, null, null)).isTrue();
    }
    log.onEvent(TestLines.report("orders", "a"));
    log.close();

    assertThat(log.sinkFailures()).isEqualTo(11);
    assertThat(log.writtenLines()).isZero();
    assertThat(log.droppedLines()).isZero();
    assertThat(diagnostics.count(Level.WARNING)).isEqualTo(1);
    assertThat(diagnostics.count(Level.DEBUG)).isEqualTo(10);
    CapturingLogger.Entry warning = diagnostics.entries.get(0);
    assertThat(warning.level()).isEqualTo(Level.WARNING);
    assertThat(warning.message()).contains("structured log sink").contains("threw in write()");
    assertThat(warning.thrown()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void errorsAndFailedFlushesAreCountedAndTheWriterGoesOn() {
    CapturingLogger diagnostics = new CapturingLogger();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogSink good = LogSink.jsonLines(out);
    int[] calls = {0};
    LogSink flaky = new LogSink() {
      @Override
      public void write(LogRecord record) throws IOException {
        if (++calls[0] == 1) {
          throw new AssertionError("an Error, not an Exception");
        }
        good.write(record);
      }

      @Override
      public void flush() throws IOException {
        good.flush();
        if (calls[0] == 1) {
          throw new IOException("flush failed");
        }
      }

      @Override
      public void close() throws IOException {
        good.close();
      }
    };
    StructuredLog log = StructuredLog.builder().sink(flaky).accessLog(true).shutdownHook(false)
        .diagnostics(diagnostics).build();
    log.accessLog().log("GET", "/lost", 200, 1, null, null);
    TestLines.await("the first failure", () -> log.sinkFailures() == 2);
    log.accessLog().log("GET", "/kept", 200, 1, null, null);
    log.close();

    assertThat(log.sinkFailures()).isEqualTo(2);
    assertThat(log.writtenLines()).isEqualTo(1);
    assertThat(TestLines.parseAll(out)).singleElement()
        .satisfies(line -> assertThat(line.get("route").asText()).isEqualTo("/kept"));
    assertThat(diagnostics.count(Level.WARNING)).isEqualTo(1);
  }

  @Test
  void aFailingStdoutPrintStreamIsReportedAsAFailure() {
    CapturingLogger diagnostics = new CapturingLogger();
    java.io.PrintStream broken = new java.io.PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("broken pipe");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("broken pipe");
      }
    });
    StructuredLog log = StructuredLog.builder().sink(LogSink.jsonLines(broken)).accessLog(true)
        .shutdownHook(false).diagnostics(diagnostics).build();
    log.accessLog().log("GET", "/a", 200, 1, null, null);
    log.close();
    assertThat(log.sinkFailures()).isPositive();
    assertThat(diagnostics.count(Level.WARNING)).isEqualTo(1);
  }
}
