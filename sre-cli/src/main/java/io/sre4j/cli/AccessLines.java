package io.sre4j.cli;

import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * The access lines of one input, parsed one at a time: {@link LineReader} and {@link AccessParser}
 * together. Once a file is known to be JSON Lines, each line is parsed up to its newline in one
 * pass ({@link AccessParser#parseToNewline}); only a line that pass cannot settle (a malformed one,
 * or one not yet read whole) is found by its newline first and parsed as usual, so every line gets
 * exactly the result and message that parsing it alone gives.
 *
 * <p><b>Thread safety:</b> none. <b>Cost:</b> no allocation per line on the common path.
 */
final class AccessLines {

  /** Pending bytes below which more are read before a line is parsed in one pass: {@value}. */
  static final int READ_AHEAD_BYTES = 4096;

  private final LineReader reader;
  private final AccessParser parser;
  private final boolean toNewline;

  /**
   * @param in the input; not closed
   * @param parser the parser, {@link AccessParser#beginFile() begun} for this input
   */
  AccessLines(InputStream in, AccessParser parser) {
    this(in, parser, true);
  }

  /** With {@code toNewline} false every line's newline is found first: the reference in tests. */
  AccessLines(InputStream in, AccessParser parser, boolean toNewline) {
    this.reader = new LineReader(in);
    this.parser = parser;
    this.toNewline = toNewline;
  }

  /**
   * Reads and parses the next line; the parser then holds its fields or its reason.
   *
   * @return its result, {@link AccessParser.Result#TOO_LONG} for a line over {@link
   *     LineReader#MAX_LINE_BYTES}, or null at the end of the input
   * @throws IOException if reading fails
   */
  AccessParser.@Nullable Result next() throws IOException {
    if (toNewline) {
      // a line cut off by the end of what was read would fail the one pass: rare with this margin
      reader.readAhead(READ_AHEAD_BYTES);
      AccessParser.Result result =
          parser.parseToNewline(reader.buffer(), reader.pending(), reader.limit());
      if (result != null) {
        reader.take(parser.lineEnd());
        return result;
      }
    }
    if (!reader.next()) {
      return null;
    }
    if (reader.tooLong()) {
      return AccessParser.Result.TOO_LONG;
    }
    return parser.parse(reader.buffer(), reader.start(), reader.end());
  }

  AccessParser parser() {
    return parser;
  }

  /**
   * @return the 1-based number of the line last read
   */
  long lineNumber() {
    return reader.lineNumber();
  }
}
