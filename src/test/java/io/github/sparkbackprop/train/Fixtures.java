package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.loss.Losses;
import io.github.sparkbackprop.optim.Optimizers;
import io.github.sparkbackprop.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small data sets, networks and settings shared by the trainer's tests. */
final class Fixtures {
  static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("features", new VectorUDT())
      .add("isValidation", DataTypes.BooleanType);

  /** A small classifier for 2 features and 3 classes. */
  static final String CLASSIFIER = "dense(8, tanh), dense(3, softmax)";

  private Fixtures() {}

  /**
   * {@code n} rows of 3 overlapping Gaussian blobs in 2 dimensions; every fifth row is marked for
   * validation.
   */
  static List<Row> blobs(int n) {
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 3;
      double angle = 2 * Math.PI * label / 3;
      rows.add(RowFactory.create((double) label, Vectors.dense(
          Math.cos(angle) + 0.6 * random.nextGaussian(),
          Math.sin(angle) + 0.6 * random.nextGaussian()), i % 5 == 0));
    }
    return rows;
  }

  /** The rows in {@code partitions} partitions of nearly equal size, in order. */
  static Dataset<Row> partitioned(List<Row> rows, int partitions) {
    List<List<Row>> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      int from = (int) ((long) rows.size() * p / partitions);
      int to = (int) ((long) rows.size() * (p + 1) / partitions);
      parts.add(new ArrayList<>(rows.subList(from, to)));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
    JavaRDD<Row> rdd = jsc.parallelize(parts, partitions).flatMap(List::iterator);
    return TestSpark.session().createDataFrame(rdd, SCHEMA);
  }

  static Architecture classifier() {
    return new Architecture(NetworkSpec.parse(CLASSIFIER), Shape.vector(2),
        Losses.byName("crossentropy"));
  }

  static Architecture architecture(String layers, String loss) {
    return new Architecture(NetworkSpec.parse(layers), Shape.vector(2), Losses.byName(loss));
  }

  /** Adam at 0.05 in mini-batches of 32, shuffled, seed 3. */
  static TrainingConfig config(int maxEpochs) {
    return new TrainingConfig(32, maxEpochs, 3, Optimizers.byName("adam", 0.9), 0.05, true);
  }

  static Blocks.StackedData stack(Dataset<Row> rows) {
    return Blocks.stack(rows, new Reader(1));
  }

  /** Reads column 0 as the target and column 1 as the features. */
  static final class Reader implements ExampleReader {
    private static final long serialVersionUID = 1L;

    private final int targetWidth;

    Reader(int targetWidth) {
      this.targetWidth = targetWidth;
    }

    @Override
    public int featureSize() {
      return 2;
    }

    @Override
    public int targetWidth() {
      return targetWidth;
    }

    @Override
    public boolean weighted() {
      return false;
    }

    @Override
    public float read(Row row, long index, float[] features, int featureOffset, float[] targets,
        int targetOffset) {
      Vector v = (Vector) row.get(1);
      features[featureOffset] = (float) v.apply(0);
      features[featureOffset + 1] = (float) v.apply(1);
      targets[targetOffset] = (float) row.getDouble(0);
      return 1f;
    }
  }
}
