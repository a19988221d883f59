package io.sre4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lines of bytes from a stream, without decoding: {@link #next()} exposes each line as {@link
 * #buffer()}{@code [}{@link #start()}{@code ..}{@link #end()}{@code )}, its CR/LF stripped. A line
 * longer than {@link #MAX_LINE_BYTES} is reported as {@link #tooLong()} and skipped to its end, so
 * memory stays bounded whatever the input.
 *
 * <p><b>Thread safety:</b> none. <b>Cost:</b> one read per 64 KiB; no allocation per line.
 */
final class LineReader {

  /** The longest line kept: {@value} bytes. */
  static final int MAX_LINE_BYTES = 1 << 20;

  private final InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private boolean eof;
  private long lineNumber;
  private int start;
  private int end;
  private boolean tooLong;

  LineReader(InputStream in) {
    this.in = in;
  }

  /**
   * @return whether a line was read; false at the end of the stream
   */
  boolean next() throws IOException {
    tooLong = false;
    int scanFrom = position;
    for (; ; ) {
      int newline = ByteScan.newline(buffer, scanFrom, limit);
      if (newline >= 0) {
        deliver(position, newline);
        position = newline + 1;
        return true;
      }
      if (eof) {
        if (position < limit) {
          deliver(position, limit);
          position = limit;
          return true;
        }
        return false;
      }
      if (limit - position >= MAX_LINE_BYTES) {
        skipRestOfLine();
        return true;
      }
      scanFrom = limit - position;
      fill();
      scanFrom += position;
    }
  }

  private void deliver(int from, int to) {
    lineNumber++;
    start = from;
    end = to > from && buffer[to - 1] == '\r' ? to - 1 : to;
  }

  /** Compacts and reads more; grows the buffer when a line fills it. */
  private void fill() throws IOException {
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
    }
    if (limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE_BYTES + 1));
    }
    int read = in.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      eof = true;
    } else {
      limit += read;
    }
  }

  private void skipRestOfLine() throws IOException {
    lineNumber++;
    tooLong = true;
    start = 0;
    end = 0;
    for (; ; ) {
      int newline = ByteScan.newline(buffer, position, limit);
      if (newline >= 0) {
        position = newline + 1;
        return;
      }
      position = limit;
      if (eof) {
        return;
      }
      fill();
    }
  }

  byte[] buffer() {
    return buffer;
  }

  /**
   * @return where the bytes read but not yet delivered as lines start: they are {@link
   *     #buffer()}{@code [}{@link #pending()}{@code ..}{@link #limit()}{@code )}
   */
  int pending() {
    return position;
  }

  int limit() {
    return limit;
  }

  /**
   * Reads more when fewer than {@code bytes} bytes are pending and the stream has more, so that a
   * caller looking for a line's end in the pending bytes mostly finds it there.
   */
  void readAhead(int bytes) throws IOException {
    if (limit - position < bytes && !eof) {
      fill();
    }
  }

  /**
   * Delivers the next line as {@link #next()} would, its end found by the caller: the newline at
   * {@code newline}, in the pending bytes, the first one there.
   */
  void take(int newline) {
    tooLong = false;
    deliver(position, newline);
    position = newline + 1;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /**
   * @return the 1-based number of the line last read
   */
  long lineNumber() {
    return lineNumber;
  }

  /**
   * @return whether the line last read was longer than {@link #MAX_LINE_BYTES} (and is empty)
   */
  boolean tooLong() {
    return tooLong;
  }
}
