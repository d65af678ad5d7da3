package io.github.sparkbackprop.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Opening IDX files on any Hadoop file system, gzipped or plain, on the driver and in tasks. */
final class IdxFiles {

  /** Buffer of the decompressing and buffering streams: large enough to read whole images. */
  private static final int BUFFER_BYTES = 1 << 16;

  private IdxFiles() {
  }

  /**
   * Copies every entry of a Hadoop configuration, which is not serialisable, into a map that a
   * task closure can carry.
   */
  static HashMap<String, String> copyOf(Configuration conf) {
    HashMap<String, String> entries = new HashMap<>();
    for (Map.Entry<String, String> entry : conf) {
      entries.put(entry.getKey(), entry.getValue());
    }
    return entries;
  }

  /** Rebuilds, inside a task, the configuration that {@link #copyOf} copied on the driver. */
  static Configuration toConfiguration(Map<String, String> entries) {
    Configuration conf = new Configuration(false);
    entries.forEach(conf::set);
    return conf;
  }

  /**
   * Returns the status of a file that must exist.
   *
   * @param role what the file is, for messages: "image file", "label file"
   * @throws IllegalArgumentException naming the file if it does not exist or is a directory
   */
  static FileStatus requireFile(Path path, Configuration conf, String role) throws IOException {
    FileStatus status;
    try {
      status = path.getFileSystem(conf).getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("IDX " + role + " not found: " + path, e);
    }
    if (status.isDirectory()) {
      throw new IllegalArgumentException(
          "IDX " + role + " must be a file but is a directory: " + path);
    }
    return status;
  }

  /** Tells whether a file starts with the two gzip magic bytes {@code 0x1f 0x8b}. */
  static boolean isGzip(Path path, Configuration conf) throws IOException {
    try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /**
   * Opens a file and positions the decompressed stream at a byte offset: a plain file seeks
   * there, a gzipped one is decompressed from its start and the bytes before the offset
   * discarded.
   *
   * @param offset the offset in the decompressed data, 0 for the header
   * @return a buffered stream that the caller closes
   * @throws EOFException if the decompressed data ends before the offset
   */
  static InputStream openAt(Path path, Configuration conf, boolean gzip, long offset)
      throws IOException {
    FSDataInputStream raw = path.getFileSystem(conf).open(path);
    try {
      if (gzip) {
        InputStream in = new GZIPInputStream(raw, BUFFER_BYTES);
        discard(in, offset);
        return new BufferedInputStream(in, BUFFER_BYTES);
      }
      raw.seek(offset);
      return new BufferedInputStream(raw, BUFFER_BYTES);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** Reads and drops a number of bytes, in large chunks rather than the 512 of inflater skip. */
  private static void discard(InputStream in, long bytes) throws IOException {
    byte[] scratch = new byte[(int) Math.min(BUFFER_BYTES, Math.max(bytes, 1))];
    long left = bytes;
    while (left > 0) {
      int read = in.read(scratch, 0, (int) Math.min(scratch.length, left));
      if (read < 0) {
        throw new EOFException((bytes - left) + " bytes of data, fewer than " + bytes);
      }
      left -= read;
    }
  }
}
