package io.github.sparkbackprop.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Fashion-MNIST (Zalando, 2017): 60,000 training and 10,000 test images of 28 x 28 grey pixels
 * in 10 clothing classes, read from a directory of its four gzipped IDX files.
 *
 * <p>Debian's package {@code dataset-fashion-mnist} installs the files under {@link #DEFAULT_DIR};
 * any directory, on any Hadoop file system, that holds the same four file names works as well.
 * The rows have the columns of {@link IdxReader#SCHEMA}: {@code label} 0 to 9 and 784
 * {@code features} in [0, 1].
 */
public final class FashionMnist {

  /** Where Debian's package {@code dataset-fashion-mnist} installs the files. */
  public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";

  /** The training images, 60,000 of them. */
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";

  /** The training labels. */
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";

  /** The test images, 10,000 of them. */
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";

  /** The test labels. */
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

  private static final List<String> ALL_FILES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  private FashionMnist() {
  }

  /**
   * Reads the 60,000 training rows.
   *
   * @param dir a directory holding at least {@link #TRAIN_IMAGES} and {@link #TRAIN_LABELS}
   * @param partitions the number of partitions of the result
   * @throws IllegalArgumentException if a file is missing, saying where to get it
   */
  public static Dataset<Row> train(SparkSession spark, String dir, int partitions) {
    return read(spark, dir, TRAIN_IMAGES, TRAIN_LABELS, partitions);
  }

  /**
   * Reads the 10,000 test rows.
   *
   * @param dir a directory holding at least {@link #TEST_IMAGES} and {@link #TEST_LABELS}
   * @param partitions the number of partitions of the result
   * @throws IllegalArgumentException if a file is missing, saying where to get it
   */
  public static Dataset<Row> test(SparkSession spark, String dir, int partitions) {
    return read(spark, dir, TEST_IMAGES, TEST_LABELS, partitions);
  }

  /**
   * Checks that a directory holds all four files, through the Hadoop file system that the
   * directory's scheme names, configured from the class path.
   *
   * @throws IllegalArgumentException listing the missing files and saying where to get them
   */
  public static void checkPresent(String dir) {
    requirePresent(HadoopConf.beforeSpark(), dir, ALL_FILES);
  }

  private static Dataset<Row> read(
      SparkSession spark, String dir, String images, String labels, int partitions) {
    requirePresent(spark.sparkContext().hadoopConfiguration(), dir, List.of(images, labels));
    return IdxReader.read(spark, new Path(dir, images).toString(),
        new Path(dir, labels).toString(), partitions);
  }

  private static void requirePresent(Configuration conf, String dir, List<String> names) {
    List<String> missing = new ArrayList<>();
    try {
      for (String name : names) {
        if (!isFile(new Path(dir, name), conf)) {
          missing.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("looking for Fashion-MNIST files in " + dir + " failed", e);
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(String.format(
          "Fashion-MNIST directory %s lacks %s. Debian's package dataset-fashion-mnist installs "
              + "the files under %s (sudo apt-get install dataset-fashion-mnist); any directory "
              + "that holds the four files %s can be given instead.",
          dir, String.join(", ", missing), DEFAULT_DIR, String.join(", ", ALL_FILES)));
    }
  }

  private static boolean isFile(Path path, Configuration conf) throws IOException {
    try {
      return path.getFileSystem(conf).getFileStatus(path).isFile();
    } catch (FileNotFoundException e) {
      return false;
    }
  }
}
