package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.testing.TestSpark;
import io.github.sparkbackprop.train.EpochStats;
import io.github.sparkbackprop.train.TrainingSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batch normalisation through {@link NeuralNetworkClassifier}: the running statistics the
 * training loop keeps, scoring with them, a small CNN with batch normalisation, save and load, and
 * validation with early stopping.
 */
class BatchNormClassifierTest {
  private static final String CNN =
      "conv(4, 3), batchnorm(relu), maxpool(2), flatten, dense(2, softmax)";

  private static Dataset<Row> train;
  private static Dataset<Row> test;
  private static NeuralNetworkClassificationModel cnn;

  @TempDir
  Path dir;

  @BeforeAll
  static void fit() {
    train = ConvClassifierTest.bars(400, 11).repartition(2).cache();
    test = ConvClassifierTest.bars(200, 12).cache();
    cnn = classifier().fit(train);
  }

  private static NeuralNetworkClassifier classifier() {
    return ConvClassifierTest.classifier().setLayers(CNN);
  }

  private static double accuracy(NeuralNetworkClassificationModel m, Dataset<Row> data) {
    List<Row> scored = m.transform(data).select("label", "prediction").collectAsList();
    long right = scored.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count();
    return (double) right / scored.size();
  }

  @Test
  void aCnnWithBatchNormalisationLearnsTheBars() {
    double accuracy = accuracy(cnn, test);

    assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
  }

  /**
   * Features of fixed means and deviations go straight into the batch normalisation, whose running
   * mean and variance must end near the data's after 60 steps at momentum 0.9, whatever weight
   * decay, clipping and the optimizer would have done to them.
   */
  @ParameterizedTest(name = "{0}, weightDecay {1}, clipNorm {2}")
  @CsvSource({"adam, 0, 0", "sgd, 0.5, 0.01", "adamw, 0.5, 0"})
  void runningStatisticsConvergeToTheDataMeanAndVariance(String optimizer, double weightDecay,
      double clipNorm) {
    double[] means = {2, -1, 5};
    double[] deviations = {1, 0.5, 3};
    Random random = new Random(17);
    List<Row> rows = new ArrayList<>();
    double[] sum = new double[3];
    double[] squares = new double[3];
    int n = 2000;
    for (int i = 0; i < n; i++) {
      double[] x = new double[3];
      for (int j = 0; j < 3; j++) {
        x[j] = means[j] + deviations[j] * random.nextGaussian();
        sum[j] += x[j];
        squares[j] += x[j] * x[j];
      }
      rows.add(RowFactory.create(x[0] > 2 ? 1.0 : 0.0, Vectors.dense(x)));
    }
    Dataset<Row> data = TestSpark.session().createDataFrame(rows, Datasets.SCHEMA).repartition(2);

    float[] weights = new NeuralNetworkClassifier()
        .setLayers("batchnorm, dense(2, softmax)")
        .setOptimizer(optimizer)
        .setLearningRate(0.1)
        .setWeightDecay(weightDecay)
        .setClipNorm(clipNorm)
        .setMaxEpochs(3)
        .setBatchSize(100)
        .setSeed(3)
        .fit(data)
        .weights();

    for (int j = 0; j < 3; j++) {
      double mean = sum[j] / n;
      double variance = (squares[j] - n * mean * mean) / (n - 1);
      // gamma, beta, running mean, running variance: three floats each.
      assertEquals(mean, weights[6 + j], 0.05 + 0.05 * deviations[j], "running mean " + j);
      assertEquals(variance, weights[9 + j], 0.15 * variance, "running variance " + j);
    }
  }

  /** With training statistics one row alone would normalise to beta; running ones do not care. */
  @Test
  void aRowScoresTheSameAloneAsInABatch() {
    List<Row> all = cnn.transform(test).select("features", "probability").collectAsList();
    for (int i = 0; i < 5; i++) {
      Vector features = (Vector) all.get(i).get(0);
      Dataset<Row> alone = TestSpark.session().createDataFrame(
          List.of(RowFactory.create(0.0, features)), Datasets.SCHEMA);
      Vector single = (Vector) cnn.transform(alone).select("probability").first().get(0);
      Vector batch = (Vector) all.get(i).get(1);

      assertArrayEquals(batch.toArray(), single.toArray(), 1e-6, "row " + i);
      assertArrayEquals(cnn.predictRaw(features).toArray(),
          cnn.transform(alone).select("rawPrediction").first().<Vector>getAs(0).toArray(),
          1e-6, "row " + i + " raw");
    }
  }

  @Test
  void savedAndLoadedModelGivesIdenticalOutputs() throws IOException {
    String path = dir.resolve("bn-cnn").toString();
    cnn.write().save(path);
    NeuralNetworkClassificationModel loaded = NeuralNetworkClassificationModel.load(path);

    assertEquals(cnn.architecture().toString(), loaded.architecture().toString());
    assertArrayEquals(cnn.weights(), loaded.weights());
    assertEquals(outputs(cnn), outputs(loaded));
  }

  private static List<Row> outputs(NeuralNetworkClassificationModel m) {
    return m.transform(test).select("rawPrediction", "probability", "prediction").collectAsList();
  }

  /**
   * The validation loss of the restored best epoch equals the cross-entropy of the model's own
   * probabilities on the validation rows: validation scores with the running statistics, as
   * transform does.
   */
  @Test
  void validationAndEarlyStoppingUseTheRunningStatistics() {
    Dataset<Row> validation = ConvClassifierTest.bars(100, 13);
    Dataset<Row> flagged = train.withColumn("isValidation", functions.lit(false))
        .union(validation.withColumn("isValidation", functions.lit(true)));

    NeuralNetworkClassificationModel model = classifier()
        .setMaxEpochs(12)
        .setValidationIndicatorCol("isValidation")
        .setPatience(2)
        .setRestoreBestWeights(true)
        .fit(flagged);

    TrainingSummary summary = model.summary();
    for (EpochStats epoch : summary.epochs()) {
      assertTrue(epoch.hasValidation() && Double.isFinite(epoch.validationLoss()),
          epoch.toString());
    }
    double reported = summary.epochs().get(summary.bestEpoch() - 1).validationLoss();
    assertEquals(crossEntropy(model, validation), reported, 1e-4 * Math.max(1, reported));
    assertTrue(accuracy(model, validation) >= 0.9, "validation accuracy");
  }

  private static double crossEntropy(NeuralNetworkClassificationModel m, Dataset<Row> data) {
    List<Row> scored = m.transform(data).select("label", "probability").collectAsList();
    double sum = 0;
    for (Row row : scored) {
      sum -= Math.log(((Vector) row.get(1)).apply((int) row.getDouble(0)));
    }
    return sum / scored.size();
  }
}
