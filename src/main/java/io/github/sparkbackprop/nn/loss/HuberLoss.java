package io.github.sparkbackprop.nn.loss;

import io.github.sparkbackprop.nn.Layer;
import java.util.Locale;

/**
 * Huber's loss averaged over the outputs of an example: for each residual {@code d = y - t},
 * {@code d^2 / 2} while {@code |d| <= delta} and {@code delta (|d| - delta / 2)} beyond, so that
 * the gradient, {@code d} inside and {@code delta sign(d)} outside, never exceeds {@code delta}
 * and a few far-off targets cannot pull the fit as hard as they do under squared error (P. J.
 * Huber, "Robust Estimation of a Location Parameter", Annals of Mathematical Statistics, 1964).
 *
 * <p>Works with any output activation; a regressor uses the identity.
 */
public final class HuberLoss implements Loss {
  private static final long serialVersionUID = 1L;

  /** The residual size where the loss turns from quadratic to linear. */
  private final double delta;

  public HuberLoss(double delta) {
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("Huber loss: delta must be a positive number but was "
          + delta);
    }
    this.delta = delta;
  }

  public double delta() {
    return delta;
  }

  /** {@code huber(delta=D)}, which {@link Losses#byName} reads back. */
  @Override
  public String name() {
    return String.format(Locale.ROOT, "huber(delta=%s)", delta);
  }

  @Override
  public boolean fusedWithOutputActivation() {
    return false;
  }

  @Override
  public void checkOutput(Layer outputLayer) {
    // Any output can be compared with a target of the same size.
  }

  @Override
  public int targetWidth(int outputSize) {
    return outputSize;
  }

  @Override
  public double evaluate(float[] output, float[] targets, float[] rowWeights, int rows, int cols,
      float[] gradient) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      float weight = rowWeights == null ? 1f : rowWeights[r];
      double rowLoss = 0;
      for (int j = 0; j < cols; j++) {
        int i = r * cols + j;
        double d = (double) output[i] - targets[i];
        double size = Math.abs(d);
        double slope;
        if (size <= delta) {
          rowLoss += 0.5 * d * d;
          slope = d;
        } else {
          rowLoss += delta * (size - 0.5 * delta);
          slope = Math.copySign(delta, d);
        }
        if (gradient != null) {
          gradient[i] = (float) (weight * slope / cols);
        }
      }
      total += weight * rowLoss / cols;
    }
    return total;
  }

  @Override
  public String toString() {
    return name();
  }
}
