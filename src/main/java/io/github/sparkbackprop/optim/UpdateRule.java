package io.github.sparkbackprop.optim;

import java.io.Serializable;

/**
 * One complete parameter update from a mean mini-batch gradient: clipping of the gradient's
 * global norm, then weight decay, then the optimizer's step, in that order (the order of
 * PyTorch's {@code clip_grad_norm_} followed by an optimizer with weight decay), so that the
 * clipping bound applies to the loss's gradient alone.
 *
 * <p>Immutable; the optimizer's state is the caller's, as in {@link Optimizer}.
 */
public final class UpdateRule implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Optimizer optimizer;
  private final WeightDecay weightDecay;
  /** The largest allowed global L2 norm of the gradient; 0 turns clipping off. */
  private final double clipNorm;

  public UpdateRule(Optimizer optimizer, WeightDecay weightDecay, double clipNorm) {
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException(
          "clipNorm must be a finite number >= 0 (0 for no clipping) but was " + clipNorm);
    }
    this.optimizer = optimizer;
    this.weightDecay = weightDecay;
    this.clipNorm = clipNorm;
  }

  /** The optimizer alone, without decay or clipping. */
  public static UpdateRule of(Optimizer optimizer) {
    return new UpdateRule(optimizer, WeightDecay.none(), 0);
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public WeightDecay weightDecay() {
    return weightDecay;
  }

  public double clipNorm() {
    return clipNorm;
  }

  /**
   * Applies one update: writes {@code gradient} (clipped, plus the L2 term), {@code params} and
   * {@code state}. Returns the gradient's norm before clipping.
   */
  public double apply(float[] params, float[] gradient, OptimizerState state,
      double learningRate) {
    double norm = GradientClipping.clip(gradient, clipNorm);
    weightDecay.apply(params, gradient, learningRate);
    optimizer.update(params, gradient, state, learningRate);
    return norm;
  }

  @Override
  public String toString() {
    return optimizer + ", weightDecay=" + weightDecay + ", clipNorm="
        + (clipNorm == 0 ? "off" : Double.toString(clipNorm));
  }
}
