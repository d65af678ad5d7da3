package io.github.sparkbackprop.optim;

import java.io.Serializable;

/**
 * A gradient-descent update rule over one flat parameter array.
 *
 * <p>Lifecycle: an optimizer holds only its hyperparameters and is immutable. Whatever it must
 * remember between steps (moments, the step counter) lives in an {@link OptimizerState} from
 * {@link #newState}, which the caller keeps, checkpoints and passes back to every {@link #update}.
 * The learning rate is an argument of each step so that schedules can vary it.
 */
public interface Optimizer extends Serializable {

  /** State for a parameter array of {@code size} floats, as before the first step. */
  OptimizerState newState(int size);

  /**
   * Applies one step: reads {@code gradient} (the mean gradient of the mini-batch), updates
   * {@code params} and {@code state} in place. {@code gradient} is left unchanged.
   */
  void update(float[] params, float[] gradient, OptimizerState state, double learningRate);
}
