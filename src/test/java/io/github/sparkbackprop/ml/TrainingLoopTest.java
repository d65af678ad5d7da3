package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.train.EpochStats;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The distributed loop through the estimator: determinism, partitioning and descent modes. */
class TrainingLoopTest {
  private static final List<Row> ROWS = Datasets.blobs(200, 3, 11);

  private static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier()
        .setLayers("dense(8, tanh), dense(3, softmax)")
        .setMaxEpochs(3)
        .setBatchSize(16)
        .setLearningRate(0.01)
        .setSeed(5);
  }

  @Test
  void sameSeedAndPartitioningGiveBitIdenticalWeights() {
    Dataset<Row> data = Datasets.partitioned(ROWS, 70, 0, 130);
    float[] first = classifier().fit(data).weights();
    float[] second = classifier().fit(data).weights();
    assertArrayEquals(first, second);
    float[] otherSeed = classifier().setSeed(6).fit(data).weights();
    assertFalse(Arrays.equals(first, otherSeed));
  }

  @Test
  void everyEpochVisitsEveryRowOnceWhateverThePartitioning() {
    int[][] layouts = {{200}, {100, 100}, {1, 57, 0, 3, 139}};
    for (int[] layout : layouts) {
      NeuralNetworkClassificationModel model = classifier().fit(Datasets.partitioned(ROWS, layout));
      List<EpochStats> history = model.trainingHistory();
      assertEquals(3, history.size());
      for (EpochStats epoch : history) {
        assertEquals(200, epoch.rows(), "rows in an epoch for layout " + Arrays.toString(layout));
        assertEquals(13, epoch.steps(), "ceil(200 / 16) steps");
      }
    }
  }

  @Test
  void miniBatchScheduleDoesNotDependOnPartitioning() {
    // Each step's mini-batch holds the same rows whatever the layout, so the weights agree up to
    // the order of floating-point additions.
    float[] one = classifier().fit(Datasets.partitioned(ROWS, 200)).weights();
    float[] five = classifier().fit(Datasets.partitioned(ROWS, 1, 57, 0, 3, 139)).weights();
    float maxDiff = 0;
    for (int i = 0; i < one.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(one[i] - five[i]));
    }
    assertTrue(maxDiff < 1e-4, "largest weight difference " + maxDiff);
  }

  @Test
  void batchSizeChoosesBatchStochasticOrMiniBatchDescent() {
    Dataset<Row> data = Datasets.partitioned(ROWS.subList(0, 30), 10, 20);
    NeuralNetworkClassificationModel batch =
        classifier().setBatchSize(1000).setMaxEpochs(2).fit(data);
    NeuralNetworkClassificationModel stochastic =
        classifier().setBatchSize(1).setMaxEpochs(1).fit(data);
    NeuralNetworkClassificationModel mini = classifier().setBatchSize(7).setMaxEpochs(1).fit(data);
    assertEquals(1, batch.trainingHistory().get(0).steps());
    assertEquals(30, stochastic.trainingHistory().get(0).steps());
    assertEquals(5, mini.trainingHistory().get(0).steps());
    for (NeuralNetworkClassificationModel m : List.of(batch, stochastic, mini)) {
      assertEquals(30, m.trainingHistory().get(0).rows());
    }
  }

  @Test
  void lossFallsOnSeparableData() {
    NeuralNetworkClassificationModel model = classifier().setMaxEpochs(15)
        .fit(Datasets.partitioned(ROWS, 120, 80));
    List<EpochStats> history = model.trainingHistory();
    double first = history.get(0).loss();
    double last = history.get(history.size() - 1).loss();
    assertTrue(last < 0.5 * first, "loss went from " + first + " to " + last);
    long correct = model.transform(Datasets.partitioned(ROWS, 200))
        .filter("prediction = label").count();
    assertTrue(correct >= 190, correct + " of 200 right");
  }
}
