package io.github.sparkbackprop.nn.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.ActivationLayer;
import io.github.sparkbackprop.nn.GradientCheck;
import io.github.sparkbackprop.nn.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every activation's backward pass, through {@link ActivationLayer}, against central
 * differences of {@code L(x) = sum_i c_i f(x)_i} for random weights {@code c}.
 */
class ActivationGradientTest {
  private static final int ROWS = 3;
  private static final int COLS = 5;
  private static final double STEP = 1e-2;
  /** Inputs stay this far from 0, where relu and leakyrelu have a kink (and elu a slope jump). */
  private static final double KINK_MARGIN = 0.1;
  private static final float[] NO_PARAMETERS = new float[0];

  /** Every named activation with its default alpha, plus non-default alphas. */
  static List<Named<Activation>> activations() {
    List<Named<Activation>> all = new ArrayList<>();
    for (String name : Activations.NAMES) {
      all.add(Named.of(name, Activations.byName(name, null)));
    }
    all.add(Named.of("leakyrelu alpha=0.3", Activations.byName("leakyrelu", 0.3f)));
    all.add(Named.of("elu alpha=0.5", Activations.byName("elu", 0.5f)));
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void backwardMatchesCentralDifferences(Activation activation) {
    SplittableRandom random = new SplittableRandom(17);
    for (int trial = 0; trial < 3; trial++) {
      ActivationLayer layer = new ActivationLayer(Shape.vector(COLS), activation);
      float[] x = awayFromZero(random, ROWS * COLS);
      float[] c = GradientCheck.uniform(random, ROWS * COLS, 1.0);

      float[] gradInput = backward(layer, x, c);
      double[] numeric =
          GradientCheck.numeric(x, 0, x.length, STEP, () -> weightedSum(layer, x, c));

      GradientCheck.assertAgree(activation.name(), gradInput, 0, numeric);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void backwardMayWriteOverItsInputGradient(Activation activation) {
    SplittableRandom random = new SplittableRandom(5);
    float[] x = awayFromZero(random, ROWS * COLS);
    float[] y = new float[x.length];
    activation.forward(x, y, ROWS, COLS);
    float[] gradOut = GradientCheck.uniform(random, x.length, 1.0);
    float[] separate = new float[x.length];
    activation.backward(x, y, gradOut.clone(), separate, ROWS, COLS);

    float[] shared = gradOut.clone();
    activation.backward(x, y, shared, shared, ROWS, COLS);

    assertArrayEquals(separate, shared, activation.name() + " in place");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void extremeInputsStayFinite(Activation activation) {
    float[] x = {-1000f, -80f, 0f, 80f, 1000f};
    float[] y = new float[x.length];
    activation.forward(x, y, 1, x.length);
    float[] grad = new float[x.length];
    activation.backward(x, y, new float[] {1f, 1f, 1f, 1f, 1f}, grad, 1, x.length);
    for (int i = 0; i < x.length; i++) {
      assertTrue(Float.isFinite(y[i]), activation.name() + "(" + x[i] + ") = " + y[i]);
      assertTrue(Float.isFinite(grad[i]), activation.name() + "'(" + x[i] + ") = " + grad[i]);
    }
  }

  @Test
  void softmaxRowsAreDistributions() {
    SplittableRandom random = new SplittableRandom(3);
    float[] x = GradientCheck.uniform(random, ROWS * COLS, 30.0);
    float[] y = new float[x.length];
    new Softmax().forward(x, y, ROWS, COLS);
    for (int r = 0; r < ROWS; r++) {
      double sum = 0;
      for (int j = 0; j < COLS; j++) {
        float p = y[r * COLS + j];
        assertTrue(p >= 0f && p <= 1f, "probability " + p);
        sum += p;
      }
      assertEquals(1.0, sum, 1e-5, "row " + r);
    }
  }

  @Test
  void unknownActivationIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Activations.byName("swish", null));
    assertTrue(e.getMessage().contains("'swish'"), e.getMessage());
    assertTrue(e.getMessage().contains("relu"), e.getMessage());
  }

  /** Values in {@code [-2, -0.1] U [0.1, 2]}. */
  private static float[] awayFromZero(SplittableRandom random, int count) {
    float[] x = new float[count];
    for (int i = 0; i < count; i++) {
      double magnitude = random.nextDouble(KINK_MARGIN, 2.0);
      x[i] = (float) (random.nextBoolean() ? magnitude : -magnitude);
    }
    return x;
  }

  private static float[] backward(ActivationLayer layer, float[] x, float[] c) {
    float[] y = new float[x.length];
    layer.forward(NO_PARAMETERS, 0, x, y, ROWS, true);
    float[] gradInput = new float[x.length];
    layer.backward(NO_PARAMETERS, 0, x, y, c.clone(), NO_PARAMETERS, gradInput, ROWS);
    return gradInput;
  }

  private static double weightedSum(ActivationLayer layer, float[] x, float[] c) {
    float[] y = new float[x.length];
    layer.forward(NO_PARAMETERS, 0, x, y, ROWS, false);
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += (double) c[i] * y[i];
    }
    return sum;
  }
}
