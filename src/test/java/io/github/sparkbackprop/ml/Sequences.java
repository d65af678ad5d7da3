package io.github.sparkbackprop.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small sequence data sets for the recurrent stage tests, as rows of (label, features). */
final class Sequences {
  /** A label and a column of sequences, one vector per time step. */
  static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("features", DataTypes.createArrayType(new VectorUDT(), false));

  /** The vector of the last time step only, for a network without memory. */
  static final StructType LAST_STEP = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("features", new VectorUDT());

  private Sequences() {}

  /**
   * Sequences of {@code minLength} to {@code maxLength} steps of one value: the first and the
   * last uniform in [-1, 1], the ones between noise of deviation 0.3. The label is 1 when the
   * first value is larger than the last: only a network that remembers the first step can
   * predict it; the last step alone gives at most 75%.
   */
  static List<Row> firstAboveLast(int n, int minLength, int maxLength, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int length = minLength + random.nextInt(maxLength - minLength + 1);
      double first = 2 * random.nextDouble() - 1;
      double last = 2 * random.nextDouble() - 1;
      List<Vector> steps = new ArrayList<>();
      steps.add(Vectors.dense(first));
      for (int t = 1; t < length - 1; t++) {
        steps.add(Vectors.dense(0.3 * random.nextGaussian()));
      }
      steps.add(Vectors.dense(last));
      rows.add(RowFactory.create(first > last ? 1.0 : 0.0, steps));
    }
    return rows;
  }

  /** The rows of {@code sequences} with only their last step, as a plain vector column. */
  @SuppressWarnings("unchecked")
  static List<Row> lastSteps(List<Row> sequences) {
    List<Row> rows = new ArrayList<>();
    for (Row row : sequences) {
      List<Vector> steps = (List<Vector>) row.get(1);
      rows.add(RowFactory.create(row.getDouble(0), steps.get(steps.size() - 1)));
    }
    return rows;
  }

  /**
   * Sequences of {@code minLength} to {@code maxLength} steps of two values uniform in [-1, 1];
   * the target is the sum of the first values over the steps minus the last step's second value.
   */
  static List<Row> sums(int n, int minLength, int maxLength, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int length = minLength + random.nextInt(maxLength - minLength + 1);
      List<Vector> steps = new ArrayList<>();
      double target = 0;
      double second = 0;
      for (int t = 0; t < length; t++) {
        double a = 2 * random.nextDouble() - 1;
        second = 2 * random.nextDouble() - 1;
        target += a;
        steps.add(Vectors.dense(a, second));
      }
      rows.add(RowFactory.create(target - second, steps));
    }
    return rows;
  }

  /** The share of rows of {@code scored} whose {@code prediction} equals their label. */
  static double accuracy(List<Row> scored) {
    int right = 0;
    for (Row row : scored) {
      if (row.getDouble(0) == row.getDouble(1)) {
        right++;
      }
    }
    return (double) right / scored.size();
  }
}
