package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, bug 1: {@code sre4j demo | sleep 60} never exited: the log's writer, stuck writing to
 * the blocked pipe, held the stream's lock, and the demo's final {@code out.flush()} waited on it.
 * The demo now ends after the log's close timeout and a bounded flush, and says on standard error
 * that its output was blocked. The 60 s bounds are hang guards, not timing assertions.
 */
final class DemoBlockedStdoutTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  @TempDir Path dir;

  /** Blocks every write until the test ends, as a pipe that nobody reads does once it is full. */
  private static final class NeverRead extends OutputStream {
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void theDemoReturnsWhenItsStdoutIsBlocked() {
    NeverRead blocked = new NeverRead();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = new PrintStream(blocked, false, StandardCharsets.UTF_8);
    PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
    try {
      int code = assertTimeoutPreemptively(HANG_GUARD, () -> Sre4jCli.run(
          new String[] {"demo", "--duration", "2s", "--port", "0", "--rps", "200",
              "--access-sample", "1", "--state", dir.resolve("demo.state").toString()},
          new ByteArrayInputStream(new byte[0]), stdout, stderr));

      String errText = err.toString(StandardCharsets.UTF_8);
      assertThat(code).as(errText).isZero();
      assertThat(errText)
          .contains("sre4j demo: done after")
          .containsOnlyOnce("sre4j: standard output is blocked");
    } finally {
      blocked.release.countDown();
    }
  }

  @Test
  void theCommandLineInAProcessExitsWhenNobodyReadsItsStdout() throws Exception {
    Path errFile = dir.resolve("stderr.txt");
    Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"),
            Sre4jCli.class.getName(),
            "demo", "--duration", "3s", "--port", "0", "--rps", "500", "--access-sample", "1",
            "--state", dir.resolve("process.state").toString()))
        .redirectError(errFile.toFile())
        .start(); // stdout is a pipe this test never reads
    try {
      boolean exited = process.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      String errText = Files.readString(errFile, StandardCharsets.UTF_8);
      assertThat(exited).as("exited while its stdout was unread; stderr:%n%s", errText).isTrue();
      assertThat(process.exitValue()).as(errText).isZero();
      assertThat(errText).contains("sre4j demo: done after")
          .contains("sre4j: standard output is blocked");
    } finally {
      process.destroyForcibly();
      process.getInputStream().close();
    }
  }
}
