package io.sre4j.benchmarks.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The replay baseline: a plain Java loop that reads a file line by line ({@link BufferedReader},
 * UTF-8) and counts the lines, in its own JVM, as {@code replay} does with more work per line.
 *
 * <pre>
 * java -cp sre-benchmarks/target/benchmarks.jar io.sre4j.benchmarks.replay.LineCount FILE
 * </pre>
 */
public final class LineCount {

  private LineCount() {}

  /**
   * Prints the number of lines and their total length.
   *
   * @param args the file
   * @throws IOException if reading fails
   */
  public static void main(String[] args) throws IOException {
    long[] counted = count(Path.of(args[0]));
    System.out.println(counted[0] + " lines, " + counted[1] + " chars");
  }

  /**
   * The baseline loop: reads every line of {@code file} as a {@code String}.
   *
   * @param file the file, UTF-8
   * @return {lines, characters}
   * @throws IOException if reading fails
   */
  public static long[] count(Path file) throws IOException {
    long lines = 0;
    long chars = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lines++;
        chars += line.length();
      }
    }
    return new long[] {lines, chars};
  }
}
