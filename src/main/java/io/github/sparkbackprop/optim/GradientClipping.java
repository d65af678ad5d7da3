package io.github.sparkbackprop.optim;

/**
 * Rescales a gradient whose global L2 norm, over all parameters of the network at once, exceeds
 * a bound, keeping its direction (Pascanu et al., "On the difficulty of training recurrent neural
 * networks", ICML 2013).
 */
public final class GradientClipping {
  private GradientClipping() {}

  /** The L2 norm of {@code gradient}, accumulated in double precision. */
  public static double norm(float[] gradient) {
    double sum = 0;
    for (float g : gradient) {
      sum += (double) g * g;
    }
    return Math.sqrt(sum);
  }

  /**
   * Scales {@code gradient} in place so that its norm is at most {@code maxNorm} and returns the
   * norm it had before. A {@code maxNorm} of 0 or less turns clipping off.
   */
  public static double clip(float[] gradient, double maxNorm) {
    double norm = norm(gradient);
    if (maxNorm > 0 && norm > maxNorm) {
      float scale = (float) (maxNorm / norm);
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] *= scale;
      }
    }
    return norm;
  }
}
