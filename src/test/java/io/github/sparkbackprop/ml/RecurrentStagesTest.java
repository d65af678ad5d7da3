package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.testing.TestSpark;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Recurrent networks through the Spark stages on columns of sequences: a task that needs memory,
 * prediction on sequences of other lengths, and sequence-to-one regression.
 */
class RecurrentStagesTest {
  /** Test accuracy the LSTM must reach on {@link Sequences#firstAboveLast}. */
  private static final double MEMORY_ACCURACY = 0.9;
  /** The last step alone allows 75% at best; a dense network on it must stay below this. */
  private static final double NO_MEMORY_ACCURACY = 0.8;

  private static SparkSession spark() {
    return TestSpark.session();
  }

  private static Dataset<Row> frame(List<Row> rows) {
    return spark().createDataFrame(rows, Sequences.SCHEMA).repartition(2);
  }

  static NeuralNetworkClassifier memoryClassifier() {
    return new NeuralNetworkClassifier()
        .setLayers("lstm(12), dense(2, softmax)")
        .setBatchSize(600)
        .setMaxEpochs(25)
        .setLearningRate(0.08)
        .setSeed(3);
  }

  @Test
  void lstmRemembersTheFirstStepWhereTheLastStepAloneIsNotEnough() {
    List<Row> train = Sequences.firstAboveLast(600, 4, 9, 1);
    List<Row> test = Sequences.firstAboveLast(500, 4, 9, 2);
    NeuralNetworkClassificationModel lstm = memoryClassifier().fit(frame(train));
    double lstmAccuracy = Sequences.accuracy(lstm.transform(frame(test))
        .select("label", "prediction").collectAsList());

    NeuralNetworkClassificationModel dense = new NeuralNetworkClassifier()
        .setLayers("dense(12, tanh), dense(2, softmax)")
        .setBatchSize(600)
        .setMaxEpochs(25)
        .setLearningRate(0.08)
        .setSeed(3)
        .fit(spark().createDataFrame(Sequences.lastSteps(train), Sequences.LAST_STEP));
    double denseAccuracy = Sequences.accuracy(dense.transform(spark().createDataFrame(
        Sequences.lastSteps(test), Sequences.LAST_STEP)).select("label", "prediction")
        .collectAsList());

    assertTrue(lstmAccuracy >= MEMORY_ACCURACY, "LSTM accuracy " + lstmAccuracy);
    assertTrue(denseAccuracy < NO_MEMORY_ACCURACY, "last-step accuracy " + denseAccuracy);
  }

  @Test
  void modelTrainedOnOneLengthPredictsOnAnother() {
    NeuralNetworkClassificationModel model =
        memoryClassifier().fit(frame(Sequences.firstAboveLast(600, 6, 6, 4)));
    List<Row> longer = Sequences.firstAboveLast(400, 12, 12, 5);
    List<Row> scored = model.transform(frame(longer)).select("label", "prediction")
        .collectAsList();
    assertEquals(400, scored.size());
    double accuracy = Sequences.accuracy(scored);
    assertTrue(accuracy > 0.75, "accuracy on 12 steps after training on 6: " + accuracy);
  }

  @Test
  void paddingInAMixedBlockChangesNoPrediction() {
    NeuralNetworkClassificationModel model = memoryClassifier().setMaxEpochs(2)
        .fit(frame(Sequences.firstAboveLast(300, 3, 8, 6)));
    List<Row> shortOnes = Sequences.firstAboveLast(20, 3, 3, 7);
    List<Row> mixed = new java.util.ArrayList<>(shortOnes);
    mixed.addAll(Sequences.firstAboveLast(20, 15, 15, 8));
    List<Row> alone = model.transform(spark().createDataFrame(shortOnes, Sequences.SCHEMA)
        .coalesce(1)).select("probability").collectAsList();
    List<Row> together = model.transform(spark().createDataFrame(mixed, Sequences.SCHEMA)
        .coalesce(1)).select("probability").collectAsList();
    for (int i = 0; i < shortOnes.size(); i++) {
      double[] a = ((Vector) alone.get(i).get(0)).toArray();
      double[] b = ((Vector) together.get(i).get(0)).toArray();
      assertEquals(a[1], b[1], 1e-6, "row " + i);
    }
  }

  @Test
  void regressorLearnsASumOverSequencesOfSeveralLengths() {
    List<Row> train = Sequences.sums(600, 2, 6, 9);
    List<Row> test = Sequences.sums(300, 2, 6, 10);
    NeuralNetworkRegressionModel model = new NeuralNetworkRegressor()
        .setLayers("gru(16), dense(1)")
        .setBatchSize(150)
        .setMaxEpochs(40)
        .setLearningRate(0.03)
        .setSeed(5)
        .fit(frame(train));
    List<Row> scored = model.transform(frame(test)).select("label", "prediction")
        .collectAsList();
    double squares = 0;
    double sum = 0;
    double sumSquares = 0;
    for (Row row : scored) {
      double error = row.getDouble(1) - row.getDouble(0);
      squares += error * error;
      sum += row.getDouble(0);
      sumSquares += row.getDouble(0) * row.getDouble(0);
    }
    double rmse = Math.sqrt(squares / scored.size());
    double deviation = Math.sqrt(sumSquares / scored.size() - Math.pow(sum / scored.size(), 2));
    assertTrue(rmse < 0.25 * deviation, "RMSE " + rmse + " against deviation " + deviation);
  }
}
