package io.github.sparkbackprop.data;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the 8 x 8 hand-written digits of Alpaydin and Kaynak (UCI, 1998), in the CSV layout that
 * scikit-learn ships as {@code digits.csv.gz}, into a DataFrame of {@code label} and
 * {@code features}.
 *
 * <p>Each line, without a header, holds 64 pixel counts from 0 to 16, row by row, then the digit
 * 0 to 9. The features are the counts divided by 16. The copy in {@code sample-data/} and its
 * origin are described in {@code sample-data/README.md}.
 */
public final class DigitsCsv {

  /** Pixels per image: 8 x 8. */
  public static final int PIXELS = 64;

  /** The largest pixel count: each pixel counts the set bits of a 4 x 4 block. */
  public static final int PIXEL_MAX = 16;

  /** Number of classes, the digits 0 to 9. */
  public static final int CLASSES = 10;

  /** The file's columns: {@code pixel0} to {@code pixel63}, then {@code digit}. */
  private static final StructType CSV_SCHEMA = csvSchema();

  private DigitsCsv() {
  }

  /**
   * Reads a digits CSV file, gzipped or plain, with Spark's CSV reader.
   *
   * @param path a Hadoop path or glob; a {@code .gz} name is decompressed
   * @return rows with the schema of {@link IdxReader#SCHEMA}: a {@code label} 0 to 9 and 64
   *     {@code features} in [0, 1]; reading them fails on a malformed line, or with an
   *     {@link IllegalArgumentException} naming the column and value of a count out of range
   */
  public static Dataset<Row> read(SparkSession spark, String path) {
    Dataset<Row> csv = spark.read()
        .option("header", "false")
        .option("mode", "FAILFAST")
        .schema(CSV_SCHEMA)
        .csv(path);
    return csv.map(toRow(path), Encoders.row(IdxReader.SCHEMA));
  }

  private static StructType csvSchema() {
    StructType schema = new StructType();
    for (int i = 0; i < PIXELS; i++) {
      schema = schema.add("pixel" + i, DataTypes.IntegerType, false);
    }
    return schema.add("digit", DataTypes.IntegerType, false);
  }

  private static MapFunction<Row, Row> toRow(String path) {
    return line -> {
      double[] features = new double[PIXELS];
      for (int i = 0; i < PIXELS; i++) {
        features[i] = (double) checked(line, i, PIXEL_MAX, path) / PIXEL_MAX;
      }
      double label = checked(line, PIXELS, CLASSES - 1, path);
      return RowFactory.create(label, Vectors.dense(features));
    };
  }

  private static int checked(Row line, int column, int max, String path) {
    String name = CSV_SCHEMA.fields()[column].name();
    if (line.isNullAt(column)) {
      throw new IllegalArgumentException(
          "digits CSV " + path + ": column " + name + " must hold a value but is empty");
    }
    int value = line.getInt(column);
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(String.format(
          "digits CSV %s: column %s must be in 0..%d but was %d", path, name, max, value));
    }
    return value;
  }
}
