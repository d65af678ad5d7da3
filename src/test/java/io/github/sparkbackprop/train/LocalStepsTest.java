package io.github.sparkbackprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.RunningStatistics;
import io.github.sparkbackprop.optim.Optimizers;
import io.github.sparkbackprop.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Jobs of several local steps: what they equal, how many jobs they take, what they learn. */
class LocalStepsTest {
  private static final List<Row> ROWS = Fixtures.blobs(240);

  private static TrainingResult train(int partitions, TrainingConfig config) {
    return train(partitions, config, CheckpointTest.architecture());
  }

  private static TrainingResult train(int partitions, TrainingConfig config,
      Architecture architecture) {
    Blocks.StackedData data = Fixtures.stack(Fixtures.partitioned(ROWS, partitions));
    try {
      return new DistributedTrainer(architecture, config)
          .fit(data, architecture.initialParameters(1));
    } finally {
      data.release();
    }
  }

  @Test
  void onOnePartitionLocalStepsAreTheExactSteps() {
    float[] exact = train(1, Fixtures.config(3)).parameters();
    float[] local = train(1, Fixtures.config(3).withLocalSteps(4)).parameters();
    double worst = 0;
    for (int i = 0; i < exact.length; i++) {
      worst = Math.max(worst, Math.abs(exact[i] - local[i]) / Math.max(1, Math.abs(exact[i])));
    }
    // The only difference is multiplying by the task's row weight and dividing again.
    assertTrue(worst <= 1e-5, "local steps on one partition differ by " + worst + " relative");
  }

  @Test
  void tasksFoldBatchNormalisationStatisticsAsTheDriverDoes() {
    Architecture architecture =
        Fixtures.architecture("dense(8), batchnorm(tanh), dense(3, softmax)", "crossentropy");
    // Plain SGD: the bias before batch normalisation has a gradient of rounding noise only,
    // which Adam would scale up to full steps and so amplify the paths' last-bit differences.
    TrainingConfig sgd = new TrainingConfig(32, 2, 3, Optimizers.byName("sgd", 0), 0.1, true);
    float[] exact = train(1, sgd, architecture).parameters();
    float[] local = train(1, sgd.withLocalSteps(3), architecture).parameters();
    RunningStatistics statistics = architecture.runningStatistics();
    int checked = 0;
    for (int i = 0; i < exact.length; i++) {
      assertEquals(exact[i], local[i], 1e-5 * Math.max(1, Math.abs(exact[i])), "parameter " + i);
      checked += statistics.contains(i) ? 1 : 0;
    }
    assertEquals(16, checked, "running means and variances of 8 units");
  }

  @Test
  void eachJobTakesLocalStepsAndTheTasksTimeIsMeasured() {
    // 240 rows in mini-batches of 32: 8 steps per epoch, in jobs of 3, 3 and 2 steps.
    TrainingResult result = train(2, Fixtures.config(2).withLocalSteps(3));
    for (EpochStats epoch : result.history()) {
      assertEquals(8, epoch.steps());
      assertEquals(3, epoch.jobs());
      assertEquals(240, epoch.rows());
      assertTrue(epoch.taskSeconds() > 0 && epoch.taskSeconds() <= epoch.seconds(),
          "task seconds " + epoch.taskSeconds() + " of " + epoch.seconds());
    }
    EpochStats exact = train(2, Fixtures.config(1)).history().get(0);
    assertEquals(8, exact.jobs());
  }

  @Test
  void localStepsAreRepeatableAndLearnAboutAsWellAsExactSteps() {
    TrainingConfig config = Fixtures.config(6).withLocalSteps(4);
    TrainingResult local = train(2, config);
    assertArrayEquals(local.parameters(), train(2, config).parameters());
    double exactLoss = last(train(2, Fixtures.config(6)).history()).loss();
    double localLoss = last(local.history()).loss();
    // Three equally likely classes start at a loss of ln 3 = 1.10.
    assertTrue(exactLoss < 0.8, "exact steps reach " + exactLoss);
    assertTrue(localLoss < exactLoss * 1.15, "local steps reach " + localLoss
        + " against exact " + exactLoss);
  }

  @Test
  void theClassifierTakesLocalStepsAsAParam() {
    Dataset<Row> rows = Fixtures.partitioned(ROWS, 2);
    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier()
        .setLayers(Fixtures.CLASSIFIER).setBatchSize(32).setMaxEpochs(2).setLocalSteps(4);
    NeuralNetworkClassificationModel model = classifier.fit(rows);
    assertEquals(4, model.getLocalSteps());
    assertEquals(2, model.trainingHistory().get(0).jobs());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> classifier.setLocalSteps(0));
    assertTrue(e.getMessage().contains("localSteps"), e.getMessage());
  }

  private static EpochStats last(List<EpochStats> history) {
    return history.get(history.size() - 1);
  }
}
