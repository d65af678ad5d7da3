package io.github.sparkbackprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Early stopping stops after patience epochs and returns the best epoch's weights. */
class EarlyStoppingTest {
  private static ValidationSplit split;

  @BeforeAll
  static void stack() {
    split = ValidationSplit.byIndicator(Fixtures.partitioned(Fixtures.blobs(240), 2),
        new Fixtures.Reader(1), 2, "isValidation");
  }

  @AfterAll
  static void release() {
    split.release();
  }

  @Test
  void stopsAfterPatienceAndRestoresTheBestWeights() {
    // No later epoch can beat epoch 1 by more than 10: it stays the best, and patience 2 stops
    // training after epoch 3.
    TrainingConfig config =
        Fixtures.config(8).withEarlyStopping(new EarlyStopping(2, 10.0, true));
    WeightsByEpoch weights = new WeightsByEpoch();
    TrainingResult result = new DistributedTrainer(Fixtures.classifier(), config)
        .addListener(weights)
        .fit(split.training(), split.validation(), Fixtures.classifier().initialParameters(1));

    assertEquals(3, result.history().size());
    StopReason reason = result.summary().stopReason();
    assertEquals(StopReason.Kind.EARLY_STOPPING, reason.kind());
    assertEquals(1, reason.bestEpoch());
    assertEquals("early stopping at epoch 3, best epoch 1: the validation loss did not improve by"
        + " more than 10.0 for 2 epochs", result.stopReason());
    assertArrayEquals(weights.byEpoch.get(0), result.parameters());
  }

  @Test
  void restoreBestReturnsTheEpochWithTheLowestValidationLoss() {
    // A rate this high makes the validation loss move up and down.
    TrainingConfig config = new TrainingConfig(16, 5, 3,
        io.github.sparkbackprop.optim.Optimizers.byName("sgd", 0), 1.5, true)
        .withEarlyStopping(new EarlyStopping(0, 0, true));
    WeightsByEpoch weights = new WeightsByEpoch();
    TrainingResult result = new DistributedTrainer(Fixtures.classifier(), config)
        .addListener(weights)
        .fit(split.training(), split.validation(), Fixtures.classifier().initialParameters(1));

    assertEquals(5, result.history().size(), "patience 0 never stops early");
    int best = 0;
    for (int i = 1; i < result.history().size(); i++) {
      if (result.history().get(i).validationLoss() < result.history().get(best).validationLoss()) {
        best = i;
      }
    }
    assertEquals(best + 1, result.summary().bestEpoch());
    assertEquals(StopReason.Kind.MAX_EPOCHS, result.summary().stopReason().kind());
    assertArrayEquals(weights.byEpoch.get(best), result.parameters());
  }

  /** Copies the weights at the end of every epoch. */
  private static final class WeightsByEpoch implements TrainingListener {
    final List<float[]> byEpoch = new ArrayList<>();

    @Override
    public void onEpochEnd(EpochStats stats) {}

    @Override
    public void onEpochWeights(int epoch, float[] weights) {
      byEpoch.add(weights.clone());
    }
  }
}
