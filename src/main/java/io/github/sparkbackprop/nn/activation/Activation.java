package io.github.sparkbackprop.nn.activation;

import java.io.Serializable;

/**
 * A function applied to a layer's pre-activation, with its derivative.
 *
 * <p>Both methods work on {@code rows x cols} row-major blocks. {@code pre} is the input of the
 * forward pass and {@code out} its result; {@code backward} receives both, so that each function
 * can use whichever makes its derivative cheapest. Implementations are immutable.
 */
public interface Activation extends Serializable {

  /** The name used in network descriptions, for example {@code relu}. */
  String name();

  /** Writes {@code f(pre)} into {@code out}; the two arrays are distinct. */
  void forward(float[] pre, float[] out, int rows, int cols);

  /**
   * Writes the gradient with respect to {@code pre} into {@code gradPre}, given the gradient with
   * respect to {@code out} in {@code gradOut}. {@code gradPre} may be the same array as
   * {@code gradOut}.
   */
  void backward(float[] pre, float[] out, float[] gradOut, float[] gradPre, int rows, int cols);

  /** True for activations whose derivative is steep near zero and flat far away (He init suits the others). */
  default boolean saturating() {
    return false;
  }
}
