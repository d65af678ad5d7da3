package io.github.sparkbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Validation after every epoch, with the held-out rows chosen by a fraction or by a column. */
class ValidationTest {
  private static final List<Row> ROWS = Fixtures.blobs(240);

  @Test
  void aSeededFractionIsHeldOutAndScoredEveryEpoch() {
    Dataset<Row> data = Fixtures.partitioned(ROWS, 3);
    ValidationSplit split = ValidationSplit.byFraction(data, new Fixtures.Reader(1), 0.25, 7);
    try {
      long held = split.validation().rows();
      assertEquals(240, split.training().rows() + held);
      assertTrue(held > 35 && held < 85, "about a quarter held out: " + held);
      ValidationSplit again = ValidationSplit.byFraction(Fixtures.partitioned(ROWS, 2),
          new Fixtures.Reader(1), 0.25, 7);
      assertEquals(held, again.validation().rows(), "the split does not follow the partitions");
      again.release();

      TrainingResult result = new DistributedTrainer(Fixtures.classifier(), Fixtures.config(3))
          .fit(split.training(), split.validation(), Fixtures.classifier().initialParameters(1));
      assertValidatedEveryEpoch(result, "accuracy", 3);
      List<EpochStats> epochs = result.history();
      assertTrue(epochs.get(2).validationLoss() < epochs.get(0).validationLoss(),
          "validation loss falls on separable blobs: " + epochs);
      assertTrue(epochs.get(2).validationMetric() > 0.6, "accuracy: " + epochs.get(2));
    } finally {
      split.release();
    }
  }

  @Test
  void anIndicatorColumnChoosesTheValidationRows() {
    Dataset<Row> data = Fixtures.partitioned(ROWS, 2);
    ValidationSplit split = ValidationSplit.byIndicator(data, new Fixtures.Reader(1), 2,
        "isValidation");
    try {
      assertEquals(48, split.validation().rows(), "every fifth row is marked");
      assertEquals(192, split.training().rows());
      Architecture regressor = Fixtures.architecture("dense(4, tanh), dense(1)", "mse");
      TrainingResult result = new DistributedTrainer(regressor, Fixtures.config(2))
          .fit(split.training(), split.validation(), regressor.initialParameters(1));
      assertValidatedEveryEpoch(result, "rmse", 2);
    } finally {
      split.release();
    }
  }

  @Test
  void aNullIndicatorNamesTheRow() {
    List<Row> rows = new ArrayList<>(ROWS.subList(0, 10));
    rows.set(4, RowFactory.create(1.0, Vectors.dense(0, 0), null));
    Exception e = assertThrows(Exception.class, () -> TestSpark.withoutTaskFailureLogs(
        () -> ValidationSplit.byIndicator(Fixtures.partitioned(rows, 1), new Fixtures.Reader(1),
            2, "isValidation")));
    assertTrue(e.getMessage().contains("Column 'isValidation' (Param validationIndicatorCol) is"
        + " null in row 4; it must be true or false"), e.getMessage());
  }

  @Test
  void aFractionThatLeavesNoValidationRowIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ValidationSplit.byFraction(Fixtures.partitioned(ROWS.subList(0, 3), 1),
            new Fixtures.Reader(1), 0.001, 7));
    assertEquals("validationFraction 0.001 puts 0 of the 3 rows into validation, leaving no"
        + " validation rows", e.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> ValidationSplit.byFraction(Fixtures.partitioned(ROWS, 1), new Fixtures.Reader(1),
            1.0, 7));
    assertEquals("validationFraction must be in (0, 1) but was 1.0", range.getMessage());
  }

  private static void assertValidatedEveryEpoch(TrainingResult result, String metric,
      int epochs) {
    assertEquals(metric, result.summary().metricName());
    assertEquals(epochs, result.history().size());
    for (EpochStats stats : result.history()) {
      assertTrue(stats.hasValidation(), stats.toString());
      assertTrue(Double.isFinite(stats.validationLoss()) && stats.validationLoss() > 0,
          stats.toString());
      assertTrue(stats.validationMetric() >= 0, stats.toString());
      if (metric.equals("accuracy")) {
        assertTrue(stats.validationMetric() <= 1, stats.toString());
      }
      assertEquals(0.05, stats.learningRate(), 0, "the constant schedule's rate");
    }
  }
}
