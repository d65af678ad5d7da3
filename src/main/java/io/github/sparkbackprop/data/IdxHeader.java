package io.github.sparkbackprop.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The header of one IDX file: its element type, its dimensions and where its data starts.
 *
 * <p>An IDX file starts with a big-endian magic number whose first two bytes are zero, whose
 * third byte is the element type ({@code 0x08} for unsigned bytes, the only type read here) and
 * whose fourth byte is the number of dimensions. One big-endian 32-bit size per dimension
 * follows, then the data in row-major order. The first dimension counts records: images in an
 * {@code idx3} file of {@code count x height x width}, labels in an {@code idx1} file of
 * {@code count}.
 *
 * <p>Instances are immutable.
 */
public final class IdxHeader implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Element type code of unsigned bytes, the third byte of the magic number. */
  public static final int UNSIGNED_BYTE = 0x08;

  /** Magic number of an unsigned-byte image file with 3 dimensions (count, height, width). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an unsigned-byte label file with 1 dimension (count). */
  public static final int LABELS_MAGIC = 0x00000801;

  private final int magic;
  private final int[] dimensions;
  private final int recordSize;

  private IdxHeader(int magic, int[] dimensions, int recordSize) {
    this.magic = magic;
    this.dimensions = dimensions;
    this.recordSize = recordSize;
  }

  /**
   * Parses a header from the start of an already decompressed IDX stream, leaving the stream at
   * the first data byte.
   *
   * @param in the decompressed stream, positioned at byte 0 of the IDX data; not closed here
   * @param source the file name to put in error messages
   * @return the parsed header
   * @throws IllegalArgumentException if the header is cut short, the magic number does not
   *     start with two zero bytes, the element type is not unsigned byte, a size is negative,
   *     or one record would exceed {@code Integer.MAX_VALUE} bytes
   * @throws IOException if reading fails
   */
  public static IdxHeader parse(InputStream in, String source) throws IOException {
    DataInputStream data = new DataInputStream(in);
    return parseAfterMagic(data, source, readInt(data, source, "magic number"));
  }

  /**
   * Parses a header like {@link #parse(InputStream, String)}, but first requires one exact
   * magic number, so that a wrong file is reported by what was expected of it.
   *
   * @param expectedMagic for example {@link #IMAGES_MAGIC}
   * @throws IllegalArgumentException naming the file, the expected and the actual magic number
   *     if they differ, or for any reason that {@link #parse(InputStream, String)} gives
   */
  public static IdxHeader parse(InputStream in, String source, int expectedMagic)
      throws IOException {
    DataInputStream data = new DataInputStream(in);
    int magic = readInt(data, source, "magic number");
    if (magic != expectedMagic) {
      throw new IllegalArgumentException(String.format(
          "IDX file %s: magic number must be 0x%08x (%s) but was 0x%08x",
          source, expectedMagic, describe(expectedMagic), magic));
    }
    return parseAfterMagic(data, source, magic);
  }

  /** Says in words what a magic number declares, for example "unsigned bytes, 3 dimensions". */
  static String describe(int magic) {
    int type = (magic >>> 8) & 0xff;
    String typeName = type == UNSIGNED_BYTE ? "unsigned bytes" : String.format("type 0x%02x", type);
    return typeName + ", " + (magic & 0xff) + " dimension" + ((magic & 0xff) == 1 ? "" : "s");
  }

  private static IdxHeader parseAfterMagic(DataInputStream data, String source, int magic)
      throws IOException {
    if ((magic >>> 16) != 0) {
      throw new IllegalArgumentException(String.format(
          "IDX file %s: magic number must start with two zero bytes but was 0x%08x",
          source, magic));
    }
    int type = (magic >>> 8) & 0xff;
    if (type != UNSIGNED_BYTE) {
      throw new IllegalArgumentException(String.format(
          "IDX file %s: element type must be 0x%02x (unsigned byte) but was 0x%02x",
          source, UNSIGNED_BYTE, type));
    }
    int[] dimensions = new int[magic & 0xff];
    for (int i = 0; i < dimensions.length; i++) {
      dimensions[i] = readInt(data, source, "size of dimension " + i);
      if (dimensions[i] < 0) {
        throw new IllegalArgumentException(String.format(
            "IDX file %s: size of dimension %d must be non-negative but was %d",
            source, i, dimensions[i]));
      }
    }
    return new IdxHeader(magic, dimensions, recordSize(dimensions, source));
  }

  private static int recordSize(int[] dimensions, String source) {
    int size = 1;
    for (int i = 1; i < dimensions.length; i++) {
      try {
        size = Math.multiplyExact(size, dimensions[i]);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(String.format(
            "IDX file %s: a record of shape %s must hold at most %d bytes",
            source, Arrays.toString(Arrays.copyOfRange(dimensions, 1, dimensions.length)),
            Integer.MAX_VALUE), e);
      }
    }
    return size;
  }

  private static int readInt(DataInputStream data, String source, String what)
      throws IOException {
    try {
      return data.readInt();
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          "IDX file " + source + " ends inside its header, while reading the " + what, e);
    }
  }

  /** The whole magic number, for example {@link #IMAGES_MAGIC}. */
  public int magic() {
    return magic;
  }

  /** A copy of the sizes of all dimensions, the record count first. */
  public int[] dimensions() {
    return dimensions.clone();
  }

  /** The size of one dimension. */
  public int dimension(int index) {
    return dimensions[index];
  }

  /** Number of records: the size of the first dimension, or 1 for a scalar file. */
  public int count() {
    return dimensions.length == 0 ? 1 : dimensions[0];
  }

  /** Bytes in one record: the product of all sizes but the first (1 for a label file). */
  public int recordSize() {
    return recordSize;
  }

  /** Bytes before the first record: the magic number and one size per dimension. */
  public long headerLength() {
    return 4L + 4L * dimensions.length;
  }

  /** Bytes the whole decompressed file must hold: the header and every record. */
  public long expectedLength() {
    return headerLength() + (long) count() * recordSize();
  }

  @Override
  public String toString() {
    return String.format("IdxHeader(magic=0x%08x, dimensions=%s)",
        magic, Arrays.toString(dimensions));
  }
}
