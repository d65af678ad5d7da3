package io.github.sparkbackprop.train;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Splits a fit's rows into training and validation blocks, either by a seeded fraction or, as
 * Spark's GBT estimators do with {@code validationIndicatorCol}, by a boolean column.
 *
 * <p>The fraction split decides each row by a hash of the seed and the row's position in the
 * DataFrame, so it does not depend on the partitioning: the same rows in the same order give the
 * same split. Each side is numbered from 0 and stacked and cached by {@link Blocks}.
 */
public final class ValidationSplit {
  private final Blocks.StackedData training;
  private final Blocks.StackedData validation;

  private ValidationSplit(Blocks.StackedData training, Blocks.StackedData validation) {
    this.training = training;
    this.validation = validation;
  }

  public Blocks.StackedData training() {
    return training;
  }

  public Blocks.StackedData validation() {
    return validation;
  }

  /** Frees both caches. */
  public void release() {
    training.release();
    validation.release();
  }

  /**
   * Puts about {@code fraction} of the rows, chosen by {@code seed}, into validation. Throws
   * {@link IllegalArgumentException} when the fraction is not in (0, 1) or leaves either side
   * empty.
   */
  public static ValidationSplit byFraction(Dataset<Row> rows, ExampleReader reader,
      double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction must be in (0, 1) but was " + fraction);
    }
    JavaPairRDD<Row, Long> indexed =
        rows.javaRDD().zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      JavaRDD<Row> train = indexed.filter(t -> !inValidation(seed, t._2(), fraction)).keys();
      JavaRDD<Row> valid = indexed.filter(t -> inValidation(seed, t._2(), fraction)).keys();
      ValidationSplit split = stackBoth(train, valid, reader);
      split.checkBothSides("validationFraction " + fraction);
      return split;
    } finally {
      indexed.unpersist(false);
    }
  }

  /**
   * Puts the rows whose boolean column at {@code indicatorIndex} (named {@code column}, for
   * messages) is true into validation, the others into training. A null indicator fails naming
   * the row.
   */
  public static ValidationSplit byIndicator(Dataset<Row> rows, ExampleReader reader,
      int indicatorIndex, String column) {
    JavaPairRDD<Row, Long> indexed =
        rows.javaRDD().zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      JavaRDD<Row> train =
          indexed.filter(t -> !indicator(t._1(), indicatorIndex, t._2(), column)).keys();
      JavaRDD<Row> valid =
          indexed.filter(t -> indicator(t._1(), indicatorIndex, t._2(), column)).keys();
      ValidationSplit split = stackBoth(train, valid, reader);
      split.checkBothSides("column '" + column + "' (Param validationIndicatorCol)");
      return split;
    } finally {
      indexed.unpersist(false);
    }
  }

  private static ValidationSplit stackBoth(JavaRDD<Row> train, JavaRDD<Row> valid,
      ExampleReader reader) {
    Blocks.StackedData training = Blocks.stack(train, reader);
    try {
      return new ValidationSplit(training, Blocks.stack(valid, reader));
    } catch (RuntimeException e) {
      training.release();
      throw e;
    }
  }

  private void checkBothSides(String what) {
    if (training.rows() == 0 || validation.rows() == 0) {
      long total = training.rows() + validation.rows();
      release();
      throw new IllegalArgumentException(what + " puts " + validation.rows() + " of the "
          + total + " rows into validation, leaving " + (training.rows() == 0 ? "no training"
          : "no validation") + " rows");
    }
  }

  /** Whether row {@code index} is held out: a hash of seed and index, uniform in [0, 1). */
  static boolean inValidation(long seed, long index, double fraction) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53 < fraction;
  }

  private static boolean indicator(Row row, int index, long rowIndex, String column) {
    if (row.isNullAt(index)) {
      throw new IllegalArgumentException("Column '" + column + "' (Param validationIndicatorCol)"
          + " is null in row " + rowIndex + "; it must be true or false");
    }
    return row.getBoolean(index);
  }
}
