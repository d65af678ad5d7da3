package io.github.sparkbackprop.nn;

import io.github.sparkbackprop.nn.activation.Activation;

/** Applies an {@link Activation} to every example; it has no parameters and keeps the shape. */
public final class ActivationLayer implements Layer {
  private final Shape shape;
  private final Activation activation;

  public ActivationLayer(Shape shape, Activation activation) {
    this.shape = shape;
    this.activation = activation;
  }

  public Activation activation() {
    return activation;
  }

  @Override
  public Shape inputShape() {
    return shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public int parameterCount() {
    return 0;
  }

  @Override
  public void forward(float[] params, int offset, float[] input, float[] output, int rows,
      boolean training) {
    activation.forward(input, output, rows, shape.size());
  }

  @Override
  public void backward(float[] params, int offset, float[] input, float[] output,
      float[] gradOutput, float[] gradient, float[] gradInput, int rows) {
    if (gradInput != null) {
      activation.backward(input, output, gradOutput, gradInput, rows, shape.size());
    }
  }
}
