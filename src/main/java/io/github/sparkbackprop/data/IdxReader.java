package io.github.sparkbackprop.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a pair of IDX files, images and labels as MNIST and Fashion-MNIST ship them, into a
 * DataFrame of {@code label} and {@code features}, in parallel and without passing the data
 * through the driver.
 *
 * <p>The image file must have magic number {@code 0x00000803} (unsigned bytes, dimensions count
 * x height x width) and the label file {@code 0x00000801} (unsigned bytes, dimension count).
 * Either may be gzipped, which is told by its first two bytes, not its name. Paths are Hadoop
 * paths: a local path, {@code file://}, {@code hdfs://} or any file system that the session's
 * Hadoop configuration knows.
 *
 * <p>The driver reads only the two headers and checks them; each of {@code numPartitions} tasks
 * then opens both files, moves to the start of its range of records and reads that range. A
 * plain file seeks there; a gzipped one cannot, so a task decompresses and discards everything
 * before its range, and the last tasks decompress most of the file. For a data set of
 * Fashion-MNIST's size (47 MB of pixels) that costs well under a second per task.
 *
 * <p>Example:
 * <pre>{@code
 * Dataset<Row> train = IdxReader.read(spark,
 *     "/data/train-images-idx3-ubyte.gz", "/data/train-labels-idx1-ubyte.gz", 4);
 * }</pre>
 */
public final class IdxReader {

  /** Name of the label column: the stored byte as a double, 0 to 9 for (Fashion-)MNIST. */
  public static final String LABEL_COL = "label";

  /** Name of the features column: a dense vector of height x width pixels in [0, 1]. */
  public static final String FEATURES_COL = "features";

  /** The schema of every DataFrame that {@link #read} returns. */
  public static final StructType SCHEMA = new StructType()
      .add(LABEL_COL, DataTypes.DoubleType, false)
      .add(FEATURES_COL, SQLDataTypes.VectorType(), false);

  private IdxReader() {
  }

  /**
   * Reads an image file and its label file into rows of {@code label} and {@code features}, in
   * file order.
   *
   * @param spark the session whose Hadoop configuration opens the files
   * @param imagesPath the IDX image file, gzipped or plain
   * @param labelsPath the IDX label file, gzipped or plain
   * @param numPartitions the number of partitions, each a contiguous range of records; may
   *     exceed the number of records, leaving some partitions empty
   * @return a DataFrame with {@link #SCHEMA}; reading it fails with an
   *     {@link IllegalArgumentException} naming the file and the record if a gzipped file turns
   *     out to be truncated or longer than its header declares
   * @throws IllegalArgumentException if {@code numPartitions} is not positive, a file is
   *     missing, a header is invalid, the two files hold different numbers of records, or a
   *     plain file's length does not match its header
   */
  public static Dataset<Row> read(
      SparkSession spark, String imagesPath, String labelsPath, int numPartitions) {
    if (numPartitions < 1) {
      throw new IllegalArgumentException(
          "numPartitions must be at least 1 but was " + numPartitions);
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    IdxSource source;
    try {
      source = inspect(conf, imagesPath, labelsPath);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the headers of IDX files " + imagesPath
          + " and " + labelsPath + " failed", e);
    }
    List<IdxSource.Range> ranges = IdxSource.Range.split(source.count(), numPartitions);
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(ranges, ranges.size())
        .flatMap(source::rows);
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * Reads the header of an IDX file through the session's Hadoop file systems.
   *
   * @param path a Hadoop path to an IDX file, gzipped or plain
   * @throws IllegalArgumentException if the file is missing or its header invalid
   * @throws UncheckedIOException if reading fails
   */
  public static IdxHeader readHeader(SparkSession spark, String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path file = new Path(path);
    try {
      IdxFiles.requireFile(file, conf, "file");
      try (InputStream in = IdxFiles.openAt(file, conf, IdxFiles.isGzip(file, conf), 0)) {
        return IdxHeader.parse(in, path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the header of IDX file " + path + " failed", e);
    }
  }

  /**
   * Reads the header of an IDX stream, gzipped or plain, without Spark or Hadoop.
   *
   * @param in a stream at the first byte of the file; read past the header, not closed
   * @param source the name to put in error messages
   * @throws IllegalArgumentException if the header is invalid
   * @throws IOException if reading fails
   */
  public static IdxHeader readHeader(InputStream in, String source) throws IOException {
    InputStream marked = in.markSupported() ? in : new BufferedInputStream(in);
    marked.mark(2);
    boolean gzip = marked.read() == 0x1f && marked.read() == 0x8b;
    marked.reset();
    return IdxHeader.parse(gzip ? new GZIPInputStream(marked) : marked, source);
  }

  /** Reads and checks both headers on the driver; no data record is read here. */
  private static IdxSource inspect(Configuration conf, String imagesPath, String labelsPath)
      throws IOException {
    Path imageFile = new Path(imagesPath);
    Path labelFile = new Path(labelsPath);
    FileStatus imageStatus = IdxFiles.requireFile(imageFile, conf, "image file");
    FileStatus labelStatus = IdxFiles.requireFile(labelFile, conf, "label file");
    boolean imagesGzip = IdxFiles.isGzip(imageFile, conf);
    boolean labelsGzip = IdxFiles.isGzip(labelFile, conf);
    IdxHeader images = header(imagesPath, conf, imagesGzip, IdxHeader.IMAGES_MAGIC);
    IdxHeader labels = header(labelsPath, conf, labelsGzip, IdxHeader.LABELS_MAGIC);
    if (images.dimension(1) == 0 || images.dimension(2) == 0) {
      throw new IllegalArgumentException(String.format(
          "IDX image file %s: images must have a positive height and width but are %d x %d",
          imagesPath, images.dimension(1), images.dimension(2)));
    }
    if (images.count() != labels.count()) {
      throw new IllegalArgumentException(String.format(
          "IDX files must hold as many labels as images, but image file %s holds %d images "
              + "and label file %s holds %d labels",
          imagesPath, images.count(), labelsPath, labels.count()));
    }
    if (!imagesGzip) {
      requireLength(imagesPath, images, imageStatus.getLen());
    }
    if (!labelsGzip) {
      requireLength(labelsPath, labels, labelStatus.getLen());
    }
    return new IdxSource(imagesPath, images, imagesGzip, labelsPath, labels, labelsGzip,
        IdxFiles.copyOf(conf));
  }

  private static IdxHeader header(String path, Configuration conf, boolean gzip, int magic)
      throws IOException {
    try (InputStream in = IdxFiles.openAt(new Path(path), conf, gzip, 0)) {
      return IdxHeader.parse(in, path, magic);
    }
  }

  /** A plain file's length is known before reading it, so a wrong one is reported here. */
  private static void requireLength(String path, IdxHeader header, long actual) {
    long expected = header.expectedLength();
    if (actual < expected) {
      long firstIncomplete = (actual - header.headerLength()) / header.recordSize();
      throw new IllegalArgumentException(String.format(
          "IDX file %s is truncated: %d records of %d bytes after a %d-byte header need %d "
              + "bytes but the file has %d; it ends inside record %d",
          path, header.count(), header.recordSize(), header.headerLength(), expected, actual,
          firstIncomplete));
    }
    if (actual > expected) {
      throw new IllegalArgumentException(String.format(
          "IDX file %s holds more data than its header declares: %d records of %d bytes after "
              + "a %d-byte header need %d bytes but the file has %d",
          path, header.count(), header.recordSize(), header.headerLength(), expected, actual));
    }
  }
}
