package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Param weightCol: in full-batch descent the gradient is the weighted mean over all rows, so a
 * row of weight 2 counts exactly as that row twice, up to the order of float additions.
 */
class RowWeightTest {
  /** Every third row weighs 2. */
  private static final List<Row> WEIGHTED = new ArrayList<>();
  /** The same rows without weights, every third one twice. */
  private static final List<Row> DUPLICATED = new ArrayList<>();
  /** The same rows once each, without weights. */
  private static final List<Row> PLAIN = new ArrayList<>();

  static {
    Random random = new Random(8);
    for (int i = 0; i < 40; i++) {
      double x0 = random.nextGaussian();
      double x1 = random.nextGaussian();
      double label = i % 2;
      double target = Math.sin(x0) + 0.5 * x1;
      Vector features = Vectors.dense(x0 + label, x1);
      double weight = i % 3 == 0 ? 2.0 : 1.0;
      WEIGHTED.add(RowFactory.create(label, target, features, weight));
      PLAIN.add(RowFactory.create(label, target, features, 1.0));
      DUPLICATED.add(RowFactory.create(label, target, features, 1.0));
      if (weight == 2.0) {
        DUPLICATED.add(RowFactory.create(label, target, features, 1.0));
      }
    }
  }

  private static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("target", DataTypes.DoubleType)
      .add("features", new org.apache.spark.ml.linalg.VectorUDT())
      .add("w", DataTypes.DoubleType);

  private static Dataset<Row> frame(List<Row> rows) {
    return TestSpark.session().createDataFrame(rows, SCHEMA).repartition(2);
  }

  @Test
  void regressorWeightOfTwoEqualsDuplicatingTheRow() {
    NeuralNetworkRegressor regressor = new NeuralNetworkRegressor()
        .setLabelCol("target")
        .setLayers("dense(6, tanh), dense(1)")
        .setBatchSize(1000)
        .setMaxEpochs(5)
        .setLearningRate(0.01);
    assertWeightsAct(regressor.fit(frame(DUPLICATED)).weights(),
        regressor.fit(frame(PLAIN)).weights(),
        regressor.setWeightCol("w").fit(frame(WEIGHTED)).weights());
  }

  @Test
  void classifierWeightOfTwoEqualsDuplicatingTheRow() {
    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier()
        .setLayers("dense(6, tanh), dense(2, softmax)")
        .setBatchSize(1000)
        .setMaxEpochs(5)
        .setLearningRate(0.01);
    assertWeightsAct(classifier.fit(frame(DUPLICATED)).weights(),
        classifier.fit(frame(PLAIN)).weights(),
        classifier.setWeightCol("w").fit(frame(WEIGHTED)).weights());
  }

  /** Weighted equals duplicated, and differs from unweighted. */
  private static void assertWeightsAct(float[] duplicated, float[] plain, float[] weighted) {
    assertArrayEquals(duplicated, weighted, 1e-5f);
    float largest = 0;
    for (int i = 0; i < plain.length; i++) {
      largest = Math.max(largest, Math.abs(plain[i] - weighted[i]));
    }
    assertTrue(largest > 1e-4, "the weights must change the fit; largest change " + largest);
  }
}
