package io.github.sparkbackprop.jobs;

import io.github.sparkbackprop.data.HadoopConf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Reads a Parquet or CSV table from any Hadoop path for the jobs, and gives it the vector column
 * that the stages take, either found in the table or assembled from numeric columns.
 */
final class TableInput {

  /** The table formats the jobs read. */
  enum Format {
    PARQUET, CSV;

    /** The name users write: {@code parquet} or {@code csv}. */
    String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format that {@code key} names.
     *
     * @param what the key or option that gave it, for the message
     * @throws TrainJob.JobInputException naming the allowed values and the given one
     */
    static Format byKey(String key, String what) {
      for (Format format : values()) {
        if (format.key().equals(key)) {
          return format;
        }
      }
      throw new TrainJob.JobInputException(what + " must be one of " + keys() + " but was '"
          + key + "'");
    }

    static String keys() {
      return Arrays.stream(values()).map(Format::key).collect(Collectors.joining(", "));
    }
  }

  private TableInput() {
  }

  /**
   * Checks that {@code path} exists, through the file system its scheme names, configured from
   * the class path: called before Spark starts.
   *
   * @param what the key or option that gave the path, for the message
   * @throws TrainJob.JobInputException if nothing is there
   */
  static void checkExists(String path, String what) {
    if (!exists(path, what)) {
      throw new TrainJob.JobInputException(what + " names " + path + ", which does not exist");
    }
  }

  /** Whether {@code path} (given by option or key {@code what}) exists, before Spark starts. */
  static boolean exists(String path, String what) {
    Path hadoopPath = new Path(path);
    try {
      return hadoopPath.getFileSystem(HadoopConf.beforeSpark()).exists(hadoopPath);
    } catch (IOException e) {
      throw new UncheckedIOException("looking for " + path + " (" + what + ") failed", e);
    }
  }


  /**
   * Reads a table; a CSV file's column types are inferred, and its first line holds the names
   * when {@code csvHeader} is true (Spark names the columns {@code _c0}, {@code _c1}, ...
   * otherwise). A malformed CSV line fails the read.
   */
  static Dataset<Row> read(SparkSession spark, Format format, String path, boolean csvHeader) {
    if (format == Format.PARQUET) {
      return spark.read().parquet(path);
    }
    return spark.read()
        .option("header", csvHeader)
        .option("inferSchema", true)
        .option("mode", "FAILFAST")
        .csv(path);
  }

  /**
   * Returns {@code rows} with a vector column {@code featuresCol}: as they are when
   * {@code featureCols} is empty and the column exists, else with the numeric columns
   * {@code featureCols} assembled into it, in the order given.
   *
   * @param option the key or option that names {@code featureCols}, for the messages
   * @throws TrainJob.JobInputException naming the missing or mistyped column and what it needs
   */
  static Dataset<Row> withFeatures(Dataset<Row> rows, String featuresCol, List<String> featureCols,
      String option) {
    StructType schema = rows.schema();
    if (featureCols.isEmpty()) {
      requireVector(schema, featuresCol, option);
      return rows;
    }
    if (Arrays.asList(schema.fieldNames()).contains(featuresCol)) {
      throw new TrainJob.JobInputException("Column '" + featuresCol + "' already exists, so "
          + option + " cannot assemble the feature columns into it; drop " + option
          + " to use the column as it is");
    }
    for (String name : featureCols) {
      requireNumeric(schema, name, option);
    }
    return new VectorAssembler()
        .setInputCols(featureCols.toArray(new String[0]))
        .setOutputCol(featuresCol)
        .transform(rows);
  }

  /**
   * Splits a comma-separated list of column names; a blank value gives an empty list, and
   * {@code *} every column of {@code schema} except {@code exclude}.
   */
  static List<String> columnList(String value, StructType schema, String exclude) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    if (value.trim().equals("*")) {
      List<String> all = new ArrayList<>(Arrays.asList(schema.fieldNames()));
      all.remove(exclude);
      return all;
    }
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(name -> !name.isEmpty())
        .collect(Collectors.toList());
  }

  /**
   * The field {@code name} of {@code schema}.
   *
   * @throws TrainJob.JobInputException listing the columns there are
   */
  static StructField field(StructType schema, String name, String option) {
    for (StructField field : schema.fields()) {
      if (field.name().equals(name)) {
        return field;
      }
    }
    throw new TrainJob.JobInputException("Column '" + name + "' (" + option + ") does not exist;"
        + " the input has the columns " + String.join(", ", schema.fieldNames()));
  }

  /**
   * Deals the rows of {@code rows} to {@code partitions} partitions by their position in the
   * table, row {@code i} to partition {@code i mod partitions}, each partition in table order:
   * the same layout every run, whichever executors read the files. Spark's own
   * {@code repartition} deals the same rows to each partition, but their order within it
   * follows the order in which shuffle blocks arrive, which changes the mini-batches.
   */
  // TODO: the table order is the order of Spark's file splits; a file larger than
  // spark.sql.files.openCostInBytes may be split by the number of cores present when the job
  // starts. Numbering rows by file name and offset (or by a key column) would remove that.
  static Dataset<Row> spread(Dataset<Row> rows, int partitions) {
    JavaRDD<Row> dealt = rows.javaRDD()
        .zipWithIndex()
        .mapToPair(Tuple2::swap)
        .repartitionAndSortWithinPartitions(new HashPartitioner(partitions))
        .values();
    return rows.sparkSession().createDataFrame(dealt, rows.schema());
  }

  private static void requireVector(StructType schema, String name, String option) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new TrainJob.JobInputException("Column '" + name + "' does not exist; name the"
          + " numeric columns to assemble into it with " + option + " (the input has the"
          + " columns " + String.join(", ", schema.fieldNames()) + ")");
    }
    DataType type = schema.apply(name).dataType();
    if (!type.equals(SQLDataTypes.VectorType())) {
      throw new TrainJob.JobInputException("Column '" + name + "' must be of type vector but"
          + " was actually " + type.simpleString() + "; name the numeric columns to assemble"
          + " into it with " + option);
    }
  }

  private static void requireNumeric(StructType schema, String name, String option) {
    DataType type = field(schema, name, option).dataType();
    if (!(type instanceof NumericType)) {
      throw new TrainJob.JobInputException("Column '" + name + "' (" + option + ") must be"
          + " numeric but was actually " + type.simpleString());
    }
  }
}
