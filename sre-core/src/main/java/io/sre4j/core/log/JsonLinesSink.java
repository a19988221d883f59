package io.sre4j.core.log;

import io.sre4j.core.log.LogSink.LogRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * JSON Lines on a stream: each record becomes one line in a reused buffer; the buffer goes to the
 * stream (and the stream is flushed) once per batch, or sooner when it passes 64 KiB, always in
 * whole lines so that other writers of the same stream never split one.
 *
 * <p>{@link PrintStream}s (such as {@link System#out}) swallow I/O errors; after each flush this
 * sink asks {@link PrintStream#checkError()} and reports an error as an {@link IOException}.
 *
 * <p><b>Thread safety:</b> writer thread only. <b>Cost:</b> no allocation per line once the buffer
 * has grown; one {@code write} and one {@code flush} call per batch.
 */
class JsonLinesSink implements LogSink {

  static final int CHUNK_BYTES = 64 * 1024;

  final JsonLineWriter json = new JsonLineWriter(CHUNK_BYTES + 4096, true);
  private final OutputStream out;
  private final boolean closeStream;

  JsonLinesSink(OutputStream out, boolean closeStream) {
    this.out = out;
    this.closeStream = closeStream;
  }

  @Override
  public final void write(LogRecord record) throws IOException {
    int mark = json.length();
    try {
      format(record);
    } catch (RuntimeException | Error e) {
      json.truncate(mark); // never leave half a line behind
      throw e;
    }
    if (json.length() >= CHUNK_BYTES) {
      drain();
    }
  }

  /** Appends one line for {@code record} to {@link #json}. */
  void format(LogRecord record) {
    json.beginObject();
    record.fields(json);
    json.endLine();
  }

  private void drain() throws IOException {
    if (json.length() == 0) {
      return;
    }
    try {
      json.writeTo(out);
    } finally {
      json.reset();
    }
  }

  @Override
  public final void flush() throws IOException {
    drain();
    out.flush();
    if (out instanceof PrintStream print && print.checkError()) {
      throw new IOException("the print stream reported an error (closed or broken pipe?)");
    }
  }

  @Override
  public final void close() throws IOException {
    try {
      flush();
    } finally {
      if (closeStream) {
        out.close();
      }
    }
  }
}
