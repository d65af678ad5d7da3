package io.github.sparkbackprop.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, gzipped or plain, including deliberately broken ones. */
final class IdxWriter {

  private IdxWriter() {
  }

  /**
   * Writes an unsigned-byte IDX file.
   *
   * @param magic the magic number to write, valid or not
   * @param dimensions the sizes to write after it, whatever the magic number says
   * @param data the bytes after the header, written as given, so they may disagree with it
   * @param gzip whether to gzip the whole file
   */
  static void write(Path file, int magic, int[] dimensions, byte[] data, boolean gzip)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    for (int size : dimensions) {
      out.writeInt(size);
    }
    out.write(data);
    out.flush();
    writeBytes(file, bytes.toByteArray(), gzip);
  }

  /** Writes {@code images.length} images of {@code height x width} pixels, row by row. */
  static void writeImages(Path file, int height, int width, int[][] images, boolean gzip)
      throws IOException {
    byte[] data = new byte[images.length * height * width];
    for (int i = 0; i < images.length; i++) {
      for (int p = 0; p < height * width; p++) {
        data[i * height * width + p] = (byte) images[i][p];
      }
    }
    write(file, IdxHeader.IMAGES_MAGIC, new int[] {images.length, height, width}, data, gzip);
  }

  /** Writes one unsigned byte per label. */
  static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
    byte[] data = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      data[i] = (byte) labels[i];
    }
    write(file, IdxHeader.LABELS_MAGIC, new int[] {labels.length}, data, gzip);
  }

  /** Writes bytes to a file, through gzip or not. */
  static void writeBytes(Path file, byte[] content, boolean gzip) throws IOException {
    try (OutputStream out = gzip
        ? new GZIPOutputStream(Files.newOutputStream(file))
        : Files.newOutputStream(file)) {
      out.write(content);
    }
  }
}
