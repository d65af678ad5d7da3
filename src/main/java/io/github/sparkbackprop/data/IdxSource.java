package io.github.sparkbackprop.data;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

/**
 * A validated pair of IDX image and label files, as the driver found them, that tasks read one
 * range of records at a time.
 *
 * <p>It carries the Hadoop configuration as a plain map, since {@link Configuration} is not
 * serialisable; each task rebuilds it.
 */
final class IdxSource implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Pixels are unsigned bytes; dividing by this maps them onto [0, 1]. */
  private static final double PIXEL_MAX = 255.0;

  /** A half-open range {@code [start, end)} of record indices, one per Spark partition. */
  record Range(int start, int end) implements Serializable {

    /**
     * Cuts {@code count} records into {@code parts} contiguous ranges that differ in size by at
     * most one, in record order; some are empty when there are more parts than records.
     */
    static List<Range> split(int count, int parts) {
      List<Range> ranges = new ArrayList<>(parts);
      for (int i = 0; i < parts; i++) {
        ranges.add(new Range(
            (int) ((long) i * count / parts), (int) ((long) (i + 1) * count / parts)));
      }
      return ranges;
    }
  }

  private final String imagesPath;
  private final String labelsPath;
  private final IdxHeader images;
  private final IdxHeader labels;
  private final boolean imagesGzip;
  private final boolean labelsGzip;
  private final HashMap<String, String> conf;

  IdxSource(String imagesPath, IdxHeader images, boolean imagesGzip,
      String labelsPath, IdxHeader labels, boolean labelsGzip, HashMap<String, String> conf) {
    this.imagesPath = imagesPath;
    this.labelsPath = labelsPath;
    this.images = images;
    this.labels = labels;
    this.imagesGzip = imagesGzip;
    this.labelsGzip = labelsGzip;
    this.conf = conf;
  }

  /** Number of records, the same in both files. */
  int count() {
    return images.count();
  }

  /**
   * Opens both files at the start of a range and returns the range's rows, read lazily. The
   * streams close when the rows run out, and in any case when the current task completes.
   */
  Iterator<Row> rows(Range range) throws IOException {
    if (range.start() == range.end()) {
      return Collections.emptyIterator();
    }
    RowIterator rows = new RowIterator(range);
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> rows.close());
    }
    return rows;
  }

  /** Reads the records of one range from both files, one row per record. */
  private final class RowIterator implements Iterator<Row>, Closeable {

    private final Range range;
    private final InputStream imageIn;
    private final InputStream labelIn;
    private int next;
    private boolean closed;

    RowIterator(Range range) throws IOException {
      this.range = range;
      this.next = range.start();
      Configuration hadoopConf = IdxFiles.toConfiguration(conf);
      imageIn = open(imagesPath, images, imagesGzip, hadoopConf);
      InputStream labelStream;
      try {
        labelStream = open(labelsPath, labels, labelsGzip, hadoopConf);
      } catch (IOException | RuntimeException e) {
        imageIn.close();
        throw e;
      }
      labelIn = labelStream;
    }

    private InputStream open(String path, IdxHeader header, boolean gzip, Configuration hadoop)
        throws IOException {
      long offset = header.headerLength() + (long) range.start() * header.recordSize();
      try {
        return IdxFiles.openAt(new Path(path), hadoop, gzip, offset);
      } catch (EOFException e) {
        throw truncated(path, header, range.start(), e);
      }
    }

    @Override
    public boolean hasNext() {
      return next < range.end();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no record after " + (range.end() - 1));
      }
      byte[] pixels = new byte[images.recordSize()];
      read(imageIn, imagesPath, images, pixels);
      byte[] label = new byte[1];
      read(labelIn, labelsPath, labels, label);
      double[] features = new double[pixels.length];
      for (int i = 0; i < pixels.length; i++) {
        features[i] = (pixels[i] & 0xff) / PIXEL_MAX;
      }
      next++;
      if (next == count()) {
        requireEnd(imageIn, imagesPath, images);
        requireEnd(labelIn, labelsPath, labels);
      }
      if (!hasNext()) {
        close();
      }
      return RowFactory.create((double) (label[0] & 0xff), Vectors.dense(features));
    }

    private void read(InputStream in, String path, IdxHeader header, byte[] record) {
      try {
        if (in.readNBytes(record, 0, record.length) < record.length) {
          throw truncated(path, header, next, null);
        }
      } catch (EOFException e) {
        throw truncated(path, header, next, e);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "IDX file " + path + ": reading record " + next + " failed", e);
      }
    }

    /** Fails if data follow the last record: the driver cannot see that in a gzipped file. */
    private void requireEnd(InputStream in, String path, IdxHeader header) {
      try {
        if (in.read() >= 0) {
          throw new IllegalArgumentException(String.format(
              "IDX file %s holds more data than its header declares: expected %d bytes "
                  + "(%d records of %d bytes after a %d-byte header)",
              path, header.expectedLength(), header.count(), header.recordSize(),
              header.headerLength()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("IDX file " + path + ": reading past the last record "
            + "failed", e);
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        try {
          imageIn.close();
        } finally {
          labelIn.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("closing IDX files " + imagesPath + " and "
            + labelsPath + " failed", e);
      }
    }
  }

  private static IllegalArgumentException truncated(
      String path, IdxHeader header, int record, Exception cause) {
    return new IllegalArgumentException(String.format(
        "IDX file %s is truncated: it ends inside record %d of %d (records of %d bytes)",
        path, record, header.count(), header.recordSize()), cause);
  }
}
