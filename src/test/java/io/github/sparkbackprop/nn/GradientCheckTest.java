package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.activation.Activation;
import io.github.sparkbackprop.nn.activation.Tanh;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The gradient checks can fail: a backward pass with a wrong sign or scale is caught. */
class GradientCheckTest {
  private static final int ROWS = 4;
  private static final int COLS = 3;

  @Test
  void acceptsTheTrueDerivative() {
    assertEquals(-1, mismatchFor(new Tanh()));
  }

  @Test
  void catchesAFlippedSign() {
    assertTrue(mismatchFor(new ScaledBackward(new Tanh(), -1f)) >= 0);
  }

  @Test
  void catchesAFactorOfTwo() {
    assertTrue(mismatchFor(new ScaledBackward(new Tanh(), 2f)) >= 0);
  }

  @Test
  void toleranceIsRelativeToMagnitude() {
    assertTrue(GradientCheck.agree(100.0, 100.9));
    assertFalse(GradientCheck.agree(100.0, 102.0));
    assertTrue(GradientCheck.agree(0.001, 0.009));
    assertFalse(GradientCheck.agree(0.5, -0.5));
  }

  private static int mismatchFor(Activation activation) {
    SplittableRandom random = new SplittableRandom(11);
    float[] x = GradientCheck.uniform(random, ROWS * COLS, 1.5);
    float[] c = GradientCheck.uniform(random, ROWS * COLS, 1.0);
    float[] y = new float[x.length];
    activation.forward(x, y, ROWS, COLS);
    float[] analytic = new float[x.length];
    activation.backward(x, y, c, analytic, ROWS, COLS);
    double[] numeric = GradientCheck.numeric(x, 0, x.length, 1e-2, () -> {
      float[] out = new float[x.length];
      activation.forward(x, out, ROWS, COLS);
      double sum = 0;
      for (int i = 0; i < out.length; i++) {
        sum += (double) c[i] * out[i];
      }
      return sum;
    });
    return GradientCheck.firstMismatch(analytic, 0, numeric);
  }

  /** A deliberately wrong activation: the forward pass of another, its backward times a factor. */
  private static final class ScaledBackward implements Activation {
    private static final long serialVersionUID = 1L;
    private final Activation inner;
    private final float factor;

    ScaledBackward(Activation inner, float factor) {
      this.inner = inner;
      this.factor = factor;
    }

    @Override
    public String name() {
      return "scaled " + inner.name();
    }

    @Override
    public void forward(float[] pre, float[] out, int rows, int cols) {
      inner.forward(pre, out, rows, cols);
    }

    @Override
    public void backward(float[] pre, float[] out, float[] gradOut, float[] gradPre, int rows,
        int cols) {
      inner.backward(pre, out, gradOut, gradPre, rows, cols);
      for (int i = 0; i < rows * cols; i++) {
        gradPre[i] *= factor;
      }
    }
  }
}
