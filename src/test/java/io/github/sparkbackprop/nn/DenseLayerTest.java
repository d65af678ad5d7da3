package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dense layer: its forward pass follows the documented column-major layout, and its backward
 * pass matches central differences of {@code L = sum c . z} for weights, biases and inputs.
 */
class DenseLayerTest {
  private static final int IN = 4;
  private static final int OUT = 3;
  private static final int ROWS = 5;
  /** The layer's parameters start here, with other floats before and after them. */
  private static final int OFFSET = 7;
  private static final int PADDING = 6;
  private static final double STEP = 1e-2;

  private final SplittableRandom random = new SplittableRandom(23);
  private final DenseLayer layer = new DenseLayer(Shape.vector(IN), OUT, WeightInit.XAVIER);
  private final float[] params =
      GradientCheck.uniform(random, OFFSET + layer.parameterCount() + PADDING, 1.0);
  private final float[] x = GradientCheck.uniform(random, ROWS * IN, 1.0);
  private final float[] c = GradientCheck.uniform(random, ROWS * OUT, 1.0);

  @Test
  void forwardIsWeightsTimesInputPlusBias() {
    float[] z = new float[ROWS * OUT];
    layer.forward(params, OFFSET, x, z, ROWS, false);
    for (int r = 0; r < ROWS; r++) {
      for (int o = 0; o < OUT; o++) {
        double expected = params[OFFSET + OUT * IN + o];
        for (int i = 0; i < IN; i++) {
          expected += (double) params[OFFSET + i * OUT + o] * x[r * IN + i];
        }
        assertEquals(expected, z[r * OUT + o], 1e-5, "row " + r + ", unit " + o);
      }
    }
  }

  @Test
  void parameterGradientMatchesCentralDifferences() {
    float[] before = GradientCheck.uniform(random, params.length, 1.0);
    float[] gradient = before.clone();
    backward(gradient, new float[ROWS * IN]);
    float[] added = new float[params.length];
    for (int i = 0; i < params.length; i++) {
      added[i] = gradient[i] - before[i];
    }

    int weights = OUT * IN;
    double[] numeric =
        GradientCheck.numeric(params, OFFSET, OFFSET + layer.parameterCount(), STEP, this::loss);
    double[] numericWeights = Arrays.copyOfRange(numeric, 0, weights);
    double[] numericBiases = Arrays.copyOfRange(numeric, weights, numeric.length);

    GradientCheck.assertAgree("weights", added, OFFSET, numericWeights);
    GradientCheck.assertAgree("biases", added, OFFSET + weights, numericBiases);
    for (int i = 0; i < OFFSET; i++) {
      assertEquals(before[i], gradient[i], "gradient before the layer's slice, at " + i);
    }
    for (int i = OFFSET + layer.parameterCount(); i < params.length; i++) {
      assertEquals(before[i], gradient[i], "gradient after the layer's slice, at " + i);
    }
  }

  @Test
  void inputGradientMatchesCentralDifferences() {
    float[] gradInput = GradientCheck.uniform(random, ROWS * IN, 5.0);
    backward(new float[params.length], gradInput);

    double[] numeric = GradientCheck.numeric(x, 0, x.length, STEP, this::loss);

    GradientCheck.assertAgree("input", gradInput, 0, numeric);
  }

  @Test
  void withoutInputGradientTheParameterGradientIsTheSame() {
    float[] withInput = new float[params.length];
    backward(withInput, new float[ROWS * IN]);
    float[] withoutInput = new float[params.length];
    backward(withoutInput, null);

    assertArrayEquals(withInput, withoutInput);
  }

  @Test
  void initialiseZeroesBiasesAndTouchesOnlyItsSlice() {
    float[] fresh = new float[OFFSET + layer.parameterCount() + PADDING];
    Arrays.fill(fresh, 9f);
    layer.initialise(fresh, OFFSET, new SplittableRandom(1));
    for (int o = 0; o < OUT; o++) {
      assertEquals(0f, fresh[OFFSET + OUT * IN + o], "bias " + o);
    }
    assertEquals(9f, fresh[OFFSET - 1]);
    assertEquals(9f, fresh[OFFSET + layer.parameterCount()]);
  }

  private void backward(float[] gradient, float[] gradInput) {
    float[] z = new float[ROWS * OUT];
    layer.forward(params, OFFSET, x, z, ROWS, true);
    layer.backward(params, OFFSET, x, z, c.clone(), gradient, gradInput, ROWS);
  }

  private double loss() {
    float[] z = new float[ROWS * OUT];
    layer.forward(params, OFFSET, x, z, ROWS, false);
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      sum += (double) c[i] * z[i];
    }
    return sum;
  }
}
