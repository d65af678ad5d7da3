package io.github.sparkbackprop.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.GradientCheck;
import io.github.sparkbackprop.nn.activation.Activation;
import io.github.sparkbackprop.nn.activation.Identity;
import io.github.sparkbackprop.nn.activation.Sigmoid;
import io.github.sparkbackprop.nn.activation.Softmax;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each loss's gradient against central differences, with and without row weights. A fused loss
 * is differentiated through its output activation ({@code L(z) = loss(f(z))}); mean squared error
 * and Huber's loss are not fused and are differentiated with respect to the output itself.
 */
class LossGradientTest {
  private static final int ROWS = 4;
  private static final int COLS = 3;
  private static final double STEP = 1e-2;

  static Stream<Arguments> losses() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (boolean weighted : new boolean[] {false, true}) {
      cases.add(Arguments.of(named(new SoftmaxCrossEntropy()), named(new Softmax()), weighted));
      cases.add(Arguments.of(named(new BinaryCrossEntropy()), named(new Sigmoid()), weighted));
      cases.add(Arguments.of(named(new MeanSquaredError()), named(new Identity()), weighted));
      // Residuals reach 4.5, so both the quadratic and the linear part of Huber's loss are hit.
      cases.add(Arguments.of(named(Losses.byName("huber(delta=0.5)")), named(new Identity()),
          weighted));
    }
    return cases.build();
  }

  private static Named<Loss> named(Loss loss) {
    return Named.of(loss.name(), loss);
  }

  private static Named<Activation> named(Activation activation) {
    return Named.of(activation.name(), activation);
  }

  @ParameterizedTest(name = "{0} through {1}, weighted={2}")
  @MethodSource("losses")
  void gradientMatchesCentralDifferences(Loss loss, Activation output, boolean weighted) {
    SplittableRandom random = new SplittableRandom(29);
    for (int trial = 0; trial < 3; trial++) {
      float[] z = GradientCheck.uniform(random, ROWS * COLS, 2.5);
      float[] targets = targets(loss, random);
      float[] weights = weighted ? rowWeights(random) : null;

      float[] analytic = new float[ROWS * COLS];
      loss.evaluate(apply(output, z), targets, weights, ROWS, COLS, analytic);
      double[] numeric = GradientCheck.numeric(z, 0, z.length, STEP,
          () -> loss.evaluate(apply(output, z), targets, weights, ROWS, COLS, null));

      GradientCheck.assertAgree(loss.name(), analytic, 0, numeric);
    }
  }

  @ParameterizedTest(name = "{0} through {1}")
  @MethodSource("losses")
  void rowWeightsScaleEachRowsLossAndGradient(Loss loss, Activation output, boolean ignored) {
    SplittableRandom random = new SplittableRandom(31);
    float[] y = apply(output, GradientCheck.uniform(random, ROWS * COLS, 2.0));
    float[] targets = targets(loss, random);
    float[] weights = rowWeights(random);
    float[] weightedGradient = new float[ROWS * COLS];
    double weightedTotal = loss.evaluate(y, targets, weights, ROWS, COLS, weightedGradient);
    float[] plainGradient = new float[ROWS * COLS];
    loss.evaluate(y, targets, null, ROWS, COLS, plainGradient);

    double expectedTotal = 0;
    int width = loss.targetWidth(COLS);
    for (int r = 0; r < ROWS; r++) {
      float[] row = Arrays.copyOfRange(y, r * COLS, (r + 1) * COLS);
      float[] rowTargets = Arrays.copyOfRange(targets, r * width, (r + 1) * width);
      double rowLoss = loss.evaluate(row, rowTargets, null, 1, COLS, null);
      assertTrue(rowLoss >= 0, loss.name() + " of row " + r + " is " + rowLoss);
      expectedTotal += weights[r] * rowLoss;
      for (int j = 0; j < COLS; j++) {
        int i = r * COLS + j;
        assertEquals(weights[r] * plainGradient[i], weightedGradient[i], 1e-6, "gradient " + i);
      }
    }
    assertEquals(expectedTotal, weightedTotal, 1e-9 * Math.max(1, expectedTotal));
  }

  @Test
  void crossEntropyRefusesLabelsOutsideTheClasses() {
    float[] p = {0.2f, 0.3f, 0.5f};
    for (float label : new float[] {-1f, 3f, 1.5f, Float.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new SoftmaxCrossEntropy().evaluate(p, new float[] {label}, null, 1, 3, null));
      assertTrue(e.getMessage().contains("[0, 3)"), e.getMessage());
      assertTrue(e.getMessage().contains(String.valueOf(label)), e.getMessage());
    }
  }

  @Test
  void confidentMistakesCostALargeFiniteLoss() {
    float[] certain = {1f, 0f};
    double crossEntropy =
        new SoftmaxCrossEntropy().evaluate(certain, new float[] {1f}, null, 1, 2, null);
    double binary =
        new BinaryCrossEntropy().evaluate(new float[] {0f}, new float[] {1f}, null, 1, 1, null);
    assertTrue(Double.isFinite(crossEntropy) && crossEntropy > 50, "cross-entropy " + crossEntropy);
    assertTrue(Double.isFinite(binary) && binary > 50, "binary cross-entropy " + binary);
  }

  @Test
  void unknownLossIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Losses.byName("hinge"));
    assertTrue(e.getMessage().contains("'hinge'"), e.getMessage());
    assertTrue(e.getMessage().contains("crossentropy"), e.getMessage());
  }

  /** Class indices for cross-entropy, values in [0, 1] (some exactly 0 or 1) otherwise. */
  private static float[] targets(Loss loss, SplittableRandom random) {
    int width = loss.targetWidth(COLS);
    float[] t = new float[ROWS * width];
    for (int i = 0; i < t.length; i++) {
      if (loss instanceof SoftmaxCrossEntropy) {
        t[i] = random.nextInt(COLS);
      } else if (loss instanceof BinaryCrossEntropy) {
        t[i] = i % 3 == 0 ? (float) random.nextInt(2) : (float) random.nextDouble();
      } else {
        t[i] = (float) random.nextDouble(-2, 2);
      }
    }
    return t;
  }

  private static float[] rowWeights(SplittableRandom random) {
    float[] weights = new float[ROWS];
    for (int r = 0; r < ROWS; r++) {
      weights[r] = (float) random.nextDouble(0.2, 3.0);
    }
    return weights;
  }

  private static float[] apply(Activation activation, float[] z) {
    float[] y = new float[z.length];
    activation.forward(z, y, ROWS, COLS);
    return y;
  }
}
