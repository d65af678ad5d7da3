package io.github.sparkbackprop.nn;

/** Copies each example unchanged and reports it as a vector; see {@link FlattenSpec}. */
public final class FlattenLayer implements Layer {
  private final Shape inputShape;
  private final Shape outputShape;

  FlattenLayer(Shape inputShape) {
    this.inputShape = inputShape;
    this.outputShape = Shape.vector(inputShape.size());
  }

  @Override
  public Shape inputShape() {
    return inputShape;
  }

  @Override
  public Shape outputShape() {
    return outputShape;
  }

  @Override
  public int parameterCount() {
    return 0;
  }

  @Override
  public void forward(float[] params, int offset, float[] input, float[] output, int rows,
      boolean training) {
    System.arraycopy(input, 0, output, 0, rows * inputShape.size());
  }

  @Override
  public void backward(float[] params, int offset, float[] input, float[] output,
      float[] gradOutput, float[] gradient, float[] gradInput, int rows) {
    if (gradInput != null) {
      System.arraycopy(gradOutput, 0, gradInput, 0, rows * inputShape.size());
    }
  }
}
