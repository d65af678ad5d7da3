package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.train.EpochStats;
import io.github.sparkbackprop.train.StopReason;
import io.github.sparkbackprop.train.TrainingSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training-control Params on the estimators: validation, early stopping, schedules,
 * checkpoints and warm start, and the training summary saved with the model.
 */
class TrainingControlsTest {
  private static final String LAYERS = "dense(8, tanh), dropout(0.1), dense(3, softmax)";

  private static Dataset<Row> data;

  @TempDir
  Path dir;

  @BeforeAll
  static void data() {
    data = Datasets.partitioned(Datasets.blobs(180, 3, 5), 90, 90)
        .withColumn("isValidation", functions.col("label").equalTo(0.0)
            .and(functions.rand(3).lt(0.5)));
  }

  private static NeuralNetworkClassifier classifier(int epochs) {
    return new NeuralNetworkClassifier()
        .setLayers(LAYERS)
        .setMaxEpochs(epochs)
        .setBatchSize(32)
        .setLearningRate(0.05)
        .setSeed(9);
  }

  @Test
  void validationFractionReportsLossAndAccuracyEveryEpoch() {
    NeuralNetworkClassificationModel model = classifier(3)
        .setValidationFraction(0.25)
        .setLearningRateSchedule("cosine(warmup=1)")
        .setOptimizer("adamw")
        .setWeightDecay(0.01)
        .setClipNorm(5.0)
        .fit(data);

    TrainingSummary summary = model.summary();
    assertEquals("accuracy", summary.metricName());
    assertEquals(3, summary.totalEpochs());
    for (EpochStats epoch : summary.epochs()) {
      assertTrue(epoch.hasValidation(), epoch.toString());
      assertTrue(epoch.validationMetric() >= 0 && epoch.validationMetric() <= 1,
          epoch.toString());
    }
    assertEquals(StopReason.Kind.MAX_EPOCHS, summary.stopReason().kind());
  }

  @Test
  void anIndicatorColumnValidatesTheRegressor() {
    NeuralNetworkRegressionModel model = new NeuralNetworkRegressor()
        .setLayers("dense(4, tanh), dense(1)")
        .setMaxEpochs(2)
        .setBatchSize(32)
        .setValidationIndicatorCol("isValidation")
        .setPatience(1)
        .setMinDelta(100.0)
        .fit(data);

    assertEquals("rmse", model.summary().metricName());
    assertTrue(model.summary().epochs().get(0).hasValidation());
    assertEquals(StopReason.Kind.EARLY_STOPPING, model.summary().stopReason().kind(),
        "no epoch improves by 100");
  }

  @Test
  void theSummaryIsSavedAndLoadedWithTheModel() throws IOException {
    NeuralNetworkClassificationModel model = classifier(2).setValidationFraction(0.2).fit(data);
    String path = dir.resolve("model").toString();
    model.write().save(path);
    assertTrue(Files.exists(dir.resolve("model").resolve("summary.json")));

    NeuralNetworkClassificationModel loaded = NeuralNetworkClassificationModel.load(path);

    assertTrue(loaded.hasSummary());
    assertEquals(model.summary().toJson(), loaded.summary().toJson());
    assertEquals(2, loaded.trainingHistory().size());
    assertTrue(loaded.copy(new org.apache.spark.ml.param.ParamMap()).hasSummary());
  }

  @Test
  void checkpointParamsWriteCheckpoints() {
    String checkpoints = dir.resolve("checkpoints").toString();
    classifier(3).setCheckpointDir(checkpoints).setCheckpointInterval(2).setKeepCheckpoints(1)
        .fit(data);
    assertTrue(Files.isDirectory(dir.resolve("checkpoints").resolve("checkpoint-000003")));
    assertTrue(Files.notExists(dir.resolve("checkpoints").resolve("checkpoint-000002")));
  }

  @Test
  void aSavedInitialModelIsAWarmStartOfTheSameNetworkOnly() throws IOException {
    NeuralNetworkClassificationModel first = classifier(4).fit(data);
    String path = dir.resolve("first").toString();
    first.write().save(path);
    List<EpochStats> trained = first.summary().epochs();

    NeuralNetworkClassificationModel continued = classifier(1).setInitialModel(path).fit(data);
    double warm = continued.summary().epochs().get(0).loss();
    double start = trained.get(0).loss();
    double end = trained.get(3).loss();
    assertTrue(Math.abs(warm - end) < 0.3 * (start - end),
        "warm start at " + warm + " continues from " + end + ", not from " + start);

    NeuralNetworkClassificationModel fromObject = classifier(1).setInitialModel(first).fit(data);
    assertEquals(warm, fromObject.summary().epochs().get(0).loss(), 0,
        "the model and its saved copy start the same fit");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> classifier(1).setLayers("dense(5, relu), dense(3, softmax)").setInitialModel(path)
            .fit(data));
    assertTrue(e.getMessage().contains("has the network input 2 -> " + LAYERS), e.getMessage());
    assertTrue(e.getMessage().contains("but this fit trains input 2 -> dense(5, relu), dense(3,"
        + " softmax)"), e.getMessage());
  }

  @Test
  void conflictingOrInvalidSettingsAreRefused() {
    IllegalStateException both = assertThrows(IllegalStateException.class,
        () -> classifier(1).setValidationFraction(0.2).setValidationIndicatorCol("isValidation")
            .fit(data));
    assertEquals("Params validationFraction (0.2) and validationIndicatorCol ('isValidation')"
        + " are both set; set one of them", both.getMessage());
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> classifier(1).setValidationIndicatorCol("label").fit(data));
    assertEquals("Column 'label' (Param validationIndicatorCol) must be of type boolean but was"
        + " actually double", type.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> classifier(1).setLearningRateSchedule("linear(every=2)"));
    assertThrows(IllegalArgumentException.class, () -> classifier(1).setValidationFraction(1.0));
  }
}
