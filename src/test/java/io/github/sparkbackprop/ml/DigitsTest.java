package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.data.DigitsCsv;
import io.github.sparkbackprop.testing.TestSpark;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** A real data set end to end: the 8x8 digits shipped in sample-data/. */
class DigitsTest {
  /** Small MLPs reach about 0.97 on this split; the bound leaves room for unlucky seeds. */
  private static final double MIN_TEST_ACCURACY = 0.93;

  @Test
  void multilayerNetworkClassifiesHeldOutDigits() {
    Dataset<Row> digits = DigitsCsv.read(TestSpark.session(), "sample-data/digits.csv.gz");
    Dataset<Row>[] split = digits.randomSplit(new double[] {0.8, 0.2}, 42);
    Dataset<Row> train = split[0].repartition(2).cache();
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setLayers("dense(64, relu), dense(10, softmax)")
        .setMaxEpochs(25)
        .setBatchSize(64)
        .setLearningRate(0.003)
        .fit(train);
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(split[1]));
    assertTrue(accuracy >= MIN_TEST_ACCURACY, "test accuracy " + accuracy);
    train.unpersist();
  }
}
