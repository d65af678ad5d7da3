package io.github.sparkbackprop.nn;

import java.util.SplittableRandom;

/**
 * A fully connected layer without activation: {@code z = W x + b}.
 *
 * <p>Parameters: the {@code out x in} weight matrix {@code W}, column-major (entry
 * {@code (o, i)} at {@code i * out + o}), followed by the {@code out} biases. With the batch
 * {@code X} stored row-major, BLAS sees {@code X^T} ({@code in x rows}), so the forward pass is the
 * single product {@code Z^T = W X^T}.
 */
public final class DenseLayer implements Layer {
  private final Shape inputShape;
  private final int in;
  private final int out;
  private final WeightInit init;

  public DenseLayer(Shape inputShape, int units, WeightInit init) {
    this.inputShape = inputShape;
    this.in = inputShape.size();
    this.out = units;
    this.init = init;
  }

  @Override
  public Shape inputShape() {
    return inputShape;
  }

  @Override
  public Shape outputShape() {
    return Shape.vector(out);
  }

  @Override
  public int parameterCount() {
    return out * in + out;
  }

  @Override
  public long forwardMultiplyAdds() {
    return (long) out * in;
  }

  @Override
  public void initialise(float[] params, int offset, SplittableRandom random) {
    init.fill(params, offset, out * in, in, out, random);
    java.util.Arrays.fill(params, offset + out * in, offset + out * in + out, 0f);
  }

  @Override
  public void forward(float[] params, int offset, float[] input, float[] output, int rows,
      boolean training) {
    int biasOffset = offset + out * in;
    for (int r = 0; r < rows; r++) {
      System.arraycopy(params, biasOffset, output, r * out, out);
    }
    Blas.gemm(false, false, out, rows, in, 1f, params, offset, out, input, 0, in, 1f, output, 0,
        out);
  }

  @Override
  public void backward(float[] params, int offset, float[] input, float[] output,
      float[] gradOutput, float[] gradient, float[] gradInput, int rows) {
    // dW (out x in) += dZ^T (out x rows) * X (rows x in); X is stored as X^T, hence the transpose.
    Blas.gemm(false, true, out, in, rows, 1f, gradOutput, 0, out, input, 0, in, 1f,
        gradient, offset, out);
    int biasOffset = offset + out * in;
    for (int r = 0; r < rows; r++) {
      int base = r * out;
      for (int o = 0; o < out; o++) {
        gradient[biasOffset + o] += gradOutput[base + o];
      }
    }
    if (gradInput != null) {
      // dX^T (in x rows) = W^T (in x out) * dZ^T (out x rows).
      Blas.gemm(true, false, in, rows, out, 1f, params, offset, out, gradOutput, 0, out, 0f,
          gradInput, 0, in);
    }
  }
}
