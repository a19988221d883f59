package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --state}: two short runs on one state file; the second starts from the first's
 * budget and says what it restored.
 */
final class DemoStateTest {

  private static final Pattern AVAILABILITY =
      Pattern.compile("availability +SLI [0-9.]+% \\(([0-9,]+) of ([0-9,]+) requests bad\\)");

  @TempDir Path dir;

  @Test
  void aSecondRunOnTheSameStateFileStartsFromTheFirstRunsBudget() {
    Path state = dir.resolve("demo.state");

    String first = demo("--duration", "3s", "--state", state.toString());
    assertThat(first)
        .contains("state file " + state + " (--state): fresh (the budget starts full)")
        .contains(
            "state file "
                + state
                + ": fresh (the budget starts full); 'sre4j demo --state "
                + state
                + "' starts from this run's budget");
    Matcher counts = AVAILABILITY.matcher(first);
    assertThat(counts.find()).as(first).isTrue();
    String bad = counts.group(1);
    String valid = counts.group(2);
    assertThat(state).exists();

    String second = demo("--duration", "1s", "--state", state.toString());
    assertThat(second)
        .containsPattern(
            Pattern.quote("state file " + state + " (--state): restored (written at ")
                + "[0-9TZ:.-]+"
                + Pattern.quote("): availability " + valid + " valid, " + bad + " bad; latency "));
    Matcher after = AVAILABILITY.matcher(second);
    assertThat(after.find()).as(second).isTrue();
    assertThat(count(after.group(2))).isGreaterThan(count(valid));
    assertThat(count(after.group(1))).isGreaterThanOrEqualTo(count(bad));
  }

  @Test
  void withoutStateTheDemoPrintsTheTemporaryFileItWrites() {
    String err = demo("--duration", "1s");

    Matcher file =
        Pattern.compile("state file (\\S+sre4j-demo-[0-9a-z]+\\.state) \\(--state\\): fresh")
            .matcher(err);
    assertThat(file.find()).as(err).isTrue();
    Path written = Path.of(file.group(1));
    assertThat(written).exists();
    written.toFile().deleteOnExit();
  }

  private static long count(String text) {
    return Long.parseLong(text.replace(",", ""));
  }

  /** Runs the demo at 900x on a free port; returns its standard error. */
  private static String demo(String... options) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = new String[options.length + 5];
    args[0] = "demo";
    args[1] = "--time-scale";
    args[2] = "900";
    args[3] = "--port";
    args[4] = "0";
    System.arraycopy(options, 0, args, 5, options.length);
    int code =
        Sre4jCli.run(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isZero();
    return text;
  }
}
