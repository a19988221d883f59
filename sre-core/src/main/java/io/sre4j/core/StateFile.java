package io.sre4j.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The registry's state file: its binary format, and writing it so that a crash at any moment
 * leaves the old file or the new one, never a torn one.
 *
 * <p><b>Format</b> (version {@value #VERSION}; big-endian; strings are {@link
 * DataOutputStream#writeUTF modified UTF-8} with a 2-byte length):
 *
 * <pre>
 * magic          8 bytes  "SRE4JST\n"
 * version        u16      {@value #VERSION}; a reader refuses any other
 * service        string   the registry's service; a reader refuses another service's file
 * written at     i64      wall time in epoch milliseconds
 * sections       u16      then, per section:
 *   kind         u8       1 = one SLO, 2 = the registry (deployments, maintenance, overrides),
 *                         3 = the error-budget policy (reviews, adjustments, deployment downtime);
 *                         a reader skips kinds it does not know, so adding one keeps the version
 *   name         string   the SLO's name (empty for the registry)
 *   fingerprint  string   what makes the SLO's counts meaningful, "key=value" lines
 *   length       i32      then that many bytes of the section's own payload
 * crc32c         u32      CRC-32C of every byte before it
 * </pre>
 *
 * <p>A section's payload is its owner's business ({@code SloState} and the registry); the file
 * carries it as opaque bytes, so that one bad section can be skipped without losing the others.
 *
 * <p><b>Writing</b> ({@link #writeAtomically}): to {@code <file>.tmp} in the same directory,
 * {@code force(true)}, an atomic rename over the old file, then an fsync of the directory, the way
 * Prometheus' TSDB and Kafka write their checkpoints.
 *
 * <p><b>Thread safety:</b> stateless; the registry writes from its tick thread and on close, under
 * its tick lock. <b>Cost:</b> encoding copies the sections once; a 30-day SLO is at most about 59
 * KB (its bucket arrays, stored as fixed 8-byte words or as variable-length integers, whichever is
 * shorter).
 */
final class StateFile {

  /** The file's first bytes. */
  static final byte[] MAGIC = "SRE4JST\n".getBytes(StandardCharsets.US_ASCII);

  /** The format version this code writes and reads. */
  static final int VERSION = 1;

  static final int KIND_SLO = 1;
  static final int KIND_REGISTRY = 2;
  /** The policy section: one entry per SLO, see {@code PolicyState}. */
  static final int KIND_POLICY = 3;

  /** Files larger than this are not state files of ours: {@value} bytes. */
  static final int MAX_BYTES = 64 << 20;

  private static final DateTimeFormatter ASIDE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private StateFile() {}

  /** One section: an SLO's counts, or the registry's plans. */
  record Section(int kind, String name, String fingerprint, byte[] payload) {
    Section {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(fingerprint, "fingerprint");
      payload = payload.clone();
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Section s && kind == s.kind && name.equals(s.name)
          && fingerprint.equals(s.fingerprint) && Arrays.equals(payload, s.payload);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, name, fingerprint, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
      return "Section[" + kind + ", " + name + ", " + payload.length + " bytes]";
    }
  }

  /** A decoded file. */
  record Contents(String service, long writtenAtMillis, List<Section> sections) {
    Contents {
      Objects.requireNonNull(service, "service");
      sections = List.copyOf(sections);
    }
  }

  /** Why a file could not be read; the message says what was wrong, for the warning. */
  static final class BadStateFile extends Exception {
    private static final long serialVersionUID = 1L;

    BadStateFile(String message) {
      super(message, null, false, false);
    }
  }

  /** Encodes {@code contents} with its checksum. */
  static byte[] encode(Contents contents) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeShort(VERSION);
      out.writeUTF(contents.service());
      out.writeLong(contents.writtenAtMillis());
      out.writeShort(contents.sections().size());
      for (Section section : contents.sections()) {
        out.writeByte(section.kind());
        out.writeUTF(section.name());
        out.writeUTF(section.fingerprint());
        byte[] payload = section.payload;
        out.writeInt(payload.length);
        out.write(payload);
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a file, checking its magic, version, checksum and service.
   *
   * @param expectedService the registry's service; another service's file is refused
   * @throws BadStateFile saying what was wrong
   */
  static Contents decode(byte[] file, String expectedService) throws BadStateFile {
    if (file.length < MAGIC.length + 2 + 4
        || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
      throw new BadStateFile("not an sre4j state file (no magic number)");
    }
    int version = ((file[MAGIC.length] & 0xff) << 8) | (file[MAGIC.length + 1] & 0xff);
    if (version != VERSION) {
      throw new BadStateFile("format version " + version + ", this sre4j reads " + VERSION);
    }
    int bodyLength = file.length - 4;
    CRC32C crc = new CRC32C();
    crc.update(file, 0, bodyLength);
    int stored = ByteBuffer.wrap(file, bodyLength, 4).getInt();
    if ((int) crc.getValue() != stored) {
      throw new BadStateFile("checksum mismatch (truncated or corrupt)");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(file, 0, bodyLength))) {
      in.skipNBytes(MAGIC.length + 2);
      String service = in.readUTF();
      if (!service.equals(expectedService)) {
        throw new BadStateFile("written by service '" + service + "', not '" + expectedService + "'");
      }
      long writtenAt = in.readLong();
      int count = in.readUnsignedShort();
      List<Section> sections = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int kind = in.readUnsignedByte();
        String name = in.readUTF();
        String fingerprint = in.readUTF();
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw new BadStateFile("section " + i + " claims " + length + " bytes");
        }
        sections.add(new Section(kind, name, fingerprint, in.readNBytes(length)));
      }
      if (in.available() != 0) {
        throw new BadStateFile(in.available() + " bytes after the last section");
      }
      return new Contents(service, writtenAt, sections);
    } catch (EOFException e) {
      throw new BadStateFile("ends early");
    } catch (IOException e) {
      throw new BadStateFile("unreadable: " + e);
    }
  }

  /**
   * Reads a file's bytes.
   *
   * @return the bytes, or {@code null} when the file does not exist (a first start)
   * @throws IOException if it exists but cannot be read
   * @throws BadStateFile if it is larger than any state file of ours
   */
  static byte @Nullable [] read(Path file) throws IOException, BadStateFile {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new BadStateFile("larger than " + MAX_BYTES + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Writes {@code bytes} to {@code file} atomically: a temporary file beside it, forced to disk,
   * renamed over {@code file}, then the directory forced.
   *
   * @throws IOException if any step fails; {@code file} is then unchanged
   */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path target = file.toAbsolutePath();
    // an absolute path names its directory, unless it is a root, which cannot be written
    Path directory = Objects.requireNonNull(target.getParent(), "the directory of " + target);
    Path temporary = directory.resolve(target.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    forceDirectory(directory);
  }

  /** Makes the rename durable; some file systems refuse to open a directory, which is harmless. */
  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // the rename is still atomic; only its durability across a power loss is weaker
    }
  }

  /**
   * Moves a bad file aside as {@code <file>.corrupt-<UTC timestamp>} so that the next write does
   * not overwrite the evidence.
   *
   * @return where it went
   * @throws IOException if it cannot be moved
   */
  static Path moveAside(Path file, long nowMillis) throws IOException {
    Path aside =
        file.resolveSibling(
            file.getFileName() + ".corrupt-" + ASIDE_STAMP.format(Instant.ofEpochMilli(nowMillis)));
    return Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
  }
}
