package io.sre4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sre4j.benchmarks.replay.ReplayRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code replay}'s hand-written access-line parser against jackson-core's streaming parser, per
 * line, on the same {@value #LINES} lines that {@code ReplayRun} replays (sre4j's access JSON: 8
 * routes, a trace id on half the lines). In the package of the parser, which is the CLI's own.
 *
 * <ul>
 *   <li>{@code handWritten}: {@code AccessParser.parse}, all a replay needs from a line: the
 *       timestamp to epoch milliseconds, status and duration decoded and checked, method and route
 *       copied as bytes, the line checked as JSON.
 *   <li>{@code handWrittenInOnePass}: how {@code replay} reads a file, {@code AccessLines} over
 *       the lines as one stream (the same lines again and again) (each line parsed up to its newline; sre4j's own layout read by
 *       its fixed order): the same fields as {@code handWritten}, and the line ends found too.
 *   <li>{@code jacksonPerLine}: a jackson-core parser per line (as a replay needs, to report a
 *       malformed line and go on), reading the same fields: text as characters without making a
 *       string, the status as an int, the duration as a double; no timestamp conversion, so jackson
 *       does less than the hand-written parser.
 *   <li>{@code jacksonStream}: one jackson-core parser over all the lines as a stream of root
 *       values: jackson's best case, which a replay cannot use (one bad line ends the stream).
 * </ul>
 *
 * <pre>
 * java -jar sre-benchmarks/target/benchmarks.jar ParseBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class ParseBenchmark {

  static final int LINES = 4096;

  private final JsonFactory factory = new JsonFactory();
  private final AccessParser parser = new AccessParser();
  private byte[] bytes = new byte[0];
  private final int[] starts = new int[LINES];
  private final int[] ends = new int[LINES];

  private final AccessParser stream = new AccessParser();
  private @Nullable AccessLines lines;

  /** Generates the lines. */
  @Setup
  public void setUp() {
    StringBuilder text = new StringBuilder();
    try {
      ReplayRun.generate(text, LINES, 3_600_000L);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    int line = 0;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        starts[line] = start;
        ends[line++] = i;
        start = i + 1;
      }
    }
    stream.beginFile();
    lines = new AccessLines(new Cycle(bytes), stream);
  }

  /** The lines again and again, without end. */
  private static final class Cycle extends InputStream {
    private final byte[] bytes;
    private int position;

    Cycle(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      int b = bytes[position] & 0xff;
      position = (position + 1) % bytes.length;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      int n = Math.min(len, bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position = (position + n) % bytes.length;
      return n;
    }
  }

  /**
   * The hand-written parser.
   *
   * @param bh consumes the fields
   */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void handWritten(Blackhole bh) {
    for (int i = 0; i < LINES; i++) {
      consume(parser.parse(bytes, starts[i], ends[i]), parser, bh);
    }
  }

  /**
   * The hand-written parser as {@code replay} runs it, over all the lines in one stream.
   *
   * @param bh consumes the fields
   * @throws IOException never: the lines are in memory
   */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void handWrittenInOnePass(Blackhole bh) throws IOException {
    AccessLines in = java.util.Objects.requireNonNull(lines);
    for (int i = 0; i < LINES; i++) {
      consume(in.next(), stream, bh);
    }
  }

  /** Consumes the fields of a line that must be a record. */
  private static void consume(AccessParser.@Nullable Result result, AccessParser parsed, Blackhole bh) {
    if (result != AccessParser.Result.RECORD) {
      throw new IllegalStateException(result + ": " + parsed.reason());
    }
    bh.consume(parsed.epochMillis());
    bh.consume(parsed.status());
    bh.consume(parsed.durationNanos());
    bh.consume(parsed.thrown());
    bh.consume(parsed.method().length);
    bh.consume(parsed.route().length);
  }

  /**
   * A jackson-core parser per line.
   *
   * @param bh consumes the fields
   * @throws IOException never: the lines are valid
   */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void jacksonPerLine(Blackhole bh) throws IOException {
    for (int i = 0; i < LINES; i++) {
      try (JsonParser json = factory.createParser(bytes, starts[i], ends[i] - starts[i])) {
        readObject(json, bh);
      }
    }
  }

  /**
   * One jackson-core parser over every line.
   *
   * @param bh consumes the fields
   * @throws IOException never: the lines are valid
   */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void jacksonStream(Blackhole bh) throws IOException {
    try (JsonParser json = factory.createParser(bytes, 0, bytes.length)) {
      for (int i = 0; i < LINES; i++) {
        readObject(json, bh);
      }
    }
  }

  /** Reads one access object, its first token next. */
  private static void readObject(JsonParser json, Blackhole bh) throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      throw new IllegalStateException("not an object");
    }
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      switch (name) {
        case "ts", "route", "method", "type", "error" -> {
          bh.consume(json.getTextCharacters());
          bh.consume(json.getTextOffset());
          bh.consume(json.getTextLength());
        }
        case "status" -> bh.consume(json.getIntValue());
        case "duration_ms" -> bh.consume(json.getDoubleValue());
        default -> {
          if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            json.skipChildren();
          }
        }
      }
    }
  }
}
