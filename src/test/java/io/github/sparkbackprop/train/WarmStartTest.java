package io.github.sparkbackprop.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Architecture;
import org.junit.jupiter.api.Test;

/** A fit can continue from a trained model's weights when the networks match. */
class WarmStartTest {

  @Test
  void continuesWhereTheInitialModelStopped() {
    Blocks.StackedData data = Fixtures.stack(Fixtures.partitioned(Fixtures.blobs(240), 2));
    try {
      Architecture architecture = Fixtures.classifier();
      TrainingResult trained = new DistributedTrainer(architecture, Fixtures.config(5))
          .fit(data, architecture.initialParameters(1));
      double firstLoss = trained.history().get(0).loss();
      double lastLoss = trained.history().get(4).loss();

      float[] start = WarmStart.weights(architecture, Fixtures.classifier(),
          trained.parameters(), "test model");
      TrainingResult continued = new DistributedTrainer(architecture, Fixtures.config(1))
          .fit(data, start);

      double warmLoss = continued.history().get(0).loss();
      assertTrue(Math.abs(warmLoss - lastLoss) < 0.25 * (firstLoss - lastLoss),
          "the first warm epoch's loss " + warmLoss + " is near the model's last " + lastLoss
              + ", far below a fresh start's " + firstLoss);
    } finally {
      data.release();
    }
  }

  @Test
  void anotherNetworkIsRefusedNamingBoth() {
    Architecture model = Fixtures.architecture("dense(5, tanh), dense(3, softmax)",
        "crossentropy");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WarmStart.weights(Fixtures.classifier(), model,
            new float[model.parameterCount()], "/models/old"));
    assertTrue(e.getMessage().startsWith("The initial model /models/old has the network input 2"
        + " -> dense(5, tanh), dense(3, softmax)"), e.getMessage());
    assertTrue(e.getMessage().contains("but this fit trains input 2 -> " + Fixtures.CLASSIFIER),
        e.getMessage());
  }
}
