package io.sre4j.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Arrays of counts in the state file: each array as fixed 8-byte (or 4-byte) words or as unsigned
 * variable-length integers (7 bits a byte), whichever is shorter, behind a one-byte tag. Sparse or
 * small counts shrink to about a byte each; the worst case is one byte more than the fixed form.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> two passes over the array when writing.
 */
final class StateWords {

  private static final int FIXED = 0;
  private static final int VARIABLE = 1;

  private StateWords() {}

  static void writeLongs(DataOutputStream out, long[] values) throws IOException {
    long variable = 0;
    for (long value : values) {
      variable += variableLength(value);
    }
    if (variable < 8L * values.length) {
      out.writeByte(VARIABLE);
      for (long value : values) {
        writeVariable(out, value);
      }
    } else {
      out.writeByte(FIXED);
      for (long value : values) {
        out.writeLong(value);
      }
    }
  }

  static void writeInts(DataOutputStream out, int[] values) throws IOException {
    long variable = 0;
    for (int value : values) {
      variable += variableLength(value & 0xffff_ffffL);
    }
    if (variable < 4L * values.length) {
      out.writeByte(VARIABLE);
      for (int value : values) {
        writeVariable(out, value & 0xffff_ffffL);
      }
    } else {
      out.writeByte(FIXED);
      for (int value : values) {
        out.writeInt(value);
      }
    }
  }

  /** Fills {@code values} with what {@link #writeLongs} wrote for an array of the same length. */
  static void readLongs(DataInputStream in, long[] values) throws IOException {
    int tag = in.readUnsignedByte();
    for (int i = 0; i < values.length; i++) {
      values[i] = switch (tag) {
        case FIXED -> in.readLong();
        case VARIABLE -> readVariable(in);
        default -> throw new IOException("unknown array encoding " + tag);
      };
    }
  }

  static void readInts(DataInputStream in, int[] values) throws IOException {
    int tag = in.readUnsignedByte();
    for (int i = 0; i < values.length; i++) {
      values[i] = switch (tag) {
        case FIXED -> in.readInt();
        case VARIABLE -> (int) readVariable(in);
        default -> throw new IOException("unknown array encoding " + tag);
      };
    }
  }

  private static int variableLength(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value);
    return Math.max(1, (bits + 6) / 7);
  }

  private static void writeVariable(DataOutputStream out, long value) throws IOException {
    long rest = value;
    while ((rest & ~0x7fL) != 0) {
      out.writeByte((int) ((rest & 0x7f) | 0x80));
      rest >>>= 7;
    }
    out.writeByte((int) rest);
  }

  private static long readVariable(DataInputStream in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("variable-length integer longer than 64 bits");
  }
}
