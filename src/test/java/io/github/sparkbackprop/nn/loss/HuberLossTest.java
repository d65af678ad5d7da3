package io.github.sparkbackprop.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.GradientCheck;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Huber's loss: its gradient against central differences, its two regimes and its name. */
class HuberLossTest {
  private static final int ROWS = 5;
  private static final int COLS = 2;

  @Test
  void gradientMatchesCentralDifferencesWithAndWithoutRowWeights() {
    SplittableRandom random = new SplittableRandom(3);
    for (double delta : new double[] {0.3, 1.0, 2.5}) {
      HuberLoss loss = new HuberLoss(delta);
      for (boolean weighted : new boolean[] {false, true}) {
        // Residuals up to 4 in size fall on both sides of every delta tried.
        float[] y = GradientCheck.uniform(random, ROWS * COLS, 4.0);
        float[] t = GradientCheck.uniform(random, ROWS * COLS, 1.0);
        float[] w = weighted ? weights(random) : null;
        float[] analytic = new float[ROWS * COLS];
        loss.evaluate(y, t, w, ROWS, COLS, analytic);
        double[] numeric = GradientCheck.numeric(y, 0, y.length, 1e-3,
            () -> loss.evaluate(y, t, w, ROWS, COLS, null));
        GradientCheck.assertAgree(loss.name() + " weighted=" + weighted, analytic, 0, numeric);
      }
    }
  }

  @Test
  void quadraticInsideDeltaAndLinearBeyond() {
    HuberLoss loss = new HuberLoss(1.0);
    float[] gradient = new float[1];
    assertEquals(0.125, loss.evaluate(new float[] {0.5f}, new float[] {0f}, null, 1, 1, gradient),
        1e-12);
    assertEquals(0.5f, gradient[0]);
    // 1 * (3 - 1/2): the slope is capped at delta however far off the target is.
    assertEquals(2.5, loss.evaluate(new float[] {-3f}, new float[] {0f}, null, 1, 1, gradient),
        1e-12);
    assertEquals(-1f, gradient[0]);
  }

  @Test
  void nameReadsBackToTheSameLoss() {
    HuberLoss loss = new HuberLoss(0.25);
    Loss read = Losses.byName(loss.name());
    assertTrue(read instanceof HuberLoss, loss.name());
    assertEquals(0.25, ((HuberLoss) read).delta());
    assertEquals(Losses.DEFAULT_HUBER_DELTA, ((HuberLoss) Losses.byName("huber")).delta());
  }

  @Test
  void deltaMustBePositive() {
    for (double delta : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new HuberLoss(delta));
      assertTrue(e.getMessage().contains("delta") && e.getMessage().contains(String.valueOf(delta)),
          e.getMessage());
    }
  }

  private static float[] weights(SplittableRandom random) {
    float[] w = new float[ROWS];
    for (int r = 0; r < ROWS; r++) {
      w[r] = (float) random.nextDouble(0, 3);
    }
    return w;
  }
}
