package io.github.sparkbackprop.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A 2-D convolution without activation: {@code filters} kernels of {@code channels x k x k}
 * slide over a {@code channels x height x width} image and give {@code filters x outH x outW}.
 *
 * <p>The product goes through BLAS by unfolding (im2col), a group of examples at a time. For a
 * group of {@code G} examples the unfolded matrix {@code U} has one row per example and output
 * position, {@code M = G * P} rows for {@code P = outH * outW} positions, and one column per
 * kernel tap {@code q = (c * k + dy) * k + dx}, {@code Q = channels * k * k} columns.
 * {@code U(g * P + p, q)} is the input value of example {@code g} under tap {@code q} when the
 * window sits at position {@code p}, or zero in the padding. It is stored column-major
 * ({@code U(m, q)} at {@code q * M + m}), so each tap's column is written contiguously.
 *
 * <p>Parameters: the kernels as the column-major {@code Q x filters} matrix {@code K} (filter
 * {@code f}'s taps contiguous at {@code f * Q}), followed by the {@code filters} biases. The
 * group's output is the column-major {@code M x filters} product {@code Y = U K}, one BLAS call,
 * whose columns are then copied plane by plane into the row-major batch, biases added.
 *
 * <p>Backward, per group, with {@code dY} gathered into the same {@code M x filters} layout: the
 * kernel gradient {@code U^T dY} sums the contribution of every position of every example, the
 * bias gradient sums each column of {@code dY}, and the input gradient folds
 * {@code dU = dY K^T} back onto the images (col2im), adding where windows overlap.
 *
 * <p>The layer owns its scratch buffers ({@code U}, {@code Y} or {@code dY}, {@code dU}), sized
 * for one group and reused from call to call; {@code U} is rebuilt in the backward pass rather
 * than kept for the whole batch. Groups hold as many examples as fit {@link #GROUP_FLOATS} floats
 * of {@code U}, at least one.
 */
public final class ConvLayer implements Layer {
  /**
   * Size of the unfolded matrix of a group, in floats (1 MB): large enough for long BLAS calls,
   * small enough to stay near the cache.
   */
  static final int GROUP_FLOATS = 1 << 18;

  private final Shape inputShape;
  private final Shape outputShape;
  private final Window window;
  private final int filters;
  private final int taps;
  private final int positions;
  private final WeightInit init;
  /** The most examples in one group. */
  private final int maxGroup;
  /** The unfolded group, {@code M x taps} column-major with {@code M = group * positions}. */
  private float[] unfolded = new float[0];
  /** The group's output or output gradient, {@code M x filters} column-major. */
  private float[] product = new float[0];
  /** The gradient with respect to {@link #unfolded}, same layout; allocated at first need. */
  private float[] unfoldedGradient = new float[0];

  ConvLayer(Shape inputShape, Window window, int filters, WeightInit init) {
    this(inputShape, window, filters, init, GROUP_FLOATS);
  }

  /** With groups limited to {@code groupFloats} floats of unfolded input; tests vary it. */
  ConvLayer(Shape inputShape, Window window, int filters, WeightInit init, int groupFloats) {
    this.inputShape = inputShape;
    this.window = window;
    this.filters = filters;
    this.taps = window.channels * window.size * window.size;
    this.positions = window.outputPlane();
    this.outputShape = Shape.image(filters, window.outHeight, window.outWidth);
    this.init = init;
    long perExample = (long) positions * taps;
    this.maxGroup = (int) Math.max(1, Math.min(Integer.MAX_VALUE, groupFloats / perExample));
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
  public long forwardMultiplyAdds() {
    return (long) positions * taps * filters;
  }

  @Override
  public int parameterCount() {
    return taps * filters + filters;
  }

  @Override
  public void initialise(float[] params, int offset, SplittableRandom random) {
    int kernelArea = window.size * window.size;
    init.fill(params, offset, taps * filters, taps, filters * kernelArea, random);
    Arrays.fill(params, offset + taps * filters, offset + parameterCount(), 0f);
  }

  @Override
  public void forward(float[] params, int offset, float[] input, float[] output, int rows,
      boolean training) {
    int biasOffset = offset + taps * filters;
    for (int first = 0; first < rows; first += maxGroup) {
      int group = Math.min(maxGroup, rows - first);
      int m = group * positions;
      ensureScratch(group, false);
      for (int g = 0; g < group; g++) {
        unfold(input, (first + g) * inputShape.size(), g * positions, m);
      }
      Blas.gemm(false, false, m, filters, taps, 1f, unfolded, 0, m, params, offset, taps, 0f,
          product, 0, m);
      for (int g = 0; g < group; g++) {
        int out = (first + g) * outputShape.size();
        for (int f = 0; f < filters; f++) {
          float bias = params[biasOffset + f];
          int from = f * m + g * positions;
          int to = out + f * positions;
          for (int p = 0; p < positions; p++) {
            output[to + p] = product[from + p] + bias;
          }
        }
      }
    }
  }

  @Override
  public void backward(float[] params, int offset, float[] input, float[] output,
      float[] gradOutput, float[] gradient, float[] gradInput, int rows) {
    int biasOffset = offset + taps * filters;
    for (int first = 0; first < rows; first += maxGroup) {
      int group = Math.min(maxGroup, rows - first);
      int m = group * positions;
      ensureScratch(group, gradInput != null);
      for (int g = 0; g < group; g++) {
        unfold(input, (first + g) * inputShape.size(), g * positions, m);
        int out = (first + g) * outputShape.size();
        for (int f = 0; f < filters; f++) {
          System.arraycopy(gradOutput, out + f * positions, product, f * m + g * positions,
              positions);
        }
      }
      // dK (taps x filters) += U^T (taps x M) dY (M x filters).
      Blas.gemm(true, false, taps, filters, m, 1f, unfolded, 0, m, product, 0, m, 1f,
          gradient, offset, taps);
      for (int f = 0; f < filters; f++) {
        float sum = 0f;
        for (int i = f * m, end = i + m; i < end; i++) {
          sum += product[i];
        }
        gradient[biasOffset + f] += sum;
      }
      if (gradInput != null) {
        // dU (M x taps) = dY (M x filters) K^T (filters x taps).
        Blas.gemm(false, true, m, taps, filters, 1f, product, 0, m, params, offset, taps, 0f,
            unfoldedGradient, 0, m);
        for (int g = 0; g < group; g++) {
          fold(gradInput, (first + g) * inputShape.size(), g * positions, m);
        }
      }
    }
  }

  private void ensureScratch(int group, boolean withGradient) {
    int m = group * positions;
    if (unfolded.length < m * taps) {
      unfolded = new float[m * taps];
      product = new float[m * filters];
    }
    if (withGradient && unfoldedGradient.length < m * taps) {
      unfoldedGradient = new float[m * taps];
    }
  }

  /**
   * Writes the example at {@code input[from, ...)} into rows {@code [row, row + positions)} of
   * {@link #unfolded}, whose columns are {@code ld} floats apart.
   */
  private void unfold(float[] input, int from, int row, int ld) {
    Window w = window;
    int k = w.size;
    int q = 0;
    for (int c = 0; c < w.channels; c++) {
      int plane = from + c * w.inputPlane();
      for (int dy = 0; dy < k; dy++) {
        for (int dx = 0; dx < k; dx++, q++) {
          int column = q * ld + row;
          for (int oy = 0; oy < w.outHeight; oy++) {
            int y = oy * w.stride + dy - w.padTop;
            int at = column + oy * w.outWidth;
            if (y < 0 || y >= w.height) {
              Arrays.fill(unfolded, at, at + w.outWidth, 0f);
              continue;
            }
            int line = plane + y * w.width;
            for (int ox = 0; ox < w.outWidth; ox++) {
              int x = ox * w.stride + dx - w.padLeft;
              unfolded[at + ox] = x >= 0 && x < w.width ? input[line + x] : 0f;
            }
          }
        }
      }
    }
  }

  /**
   * Adds rows {@code [row, row + positions)} of {@link #unfoldedGradient}, whose columns are
   * {@code ld} floats apart, back onto the image at {@code gradInput[from, ...)}, which it first
   * clears (col2im).
   */
  private void fold(float[] gradInput, int from, int row, int ld) {
    Window w = window;
    int k = w.size;
    Arrays.fill(gradInput, from, from + inputShape.size(), 0f);
    int q = 0;
    for (int c = 0; c < w.channels; c++) {
      int plane = from + c * w.inputPlane();
      for (int dy = 0; dy < k; dy++) {
        for (int dx = 0; dx < k; dx++, q++) {
          int column = q * ld + row;
          for (int oy = 0; oy < w.outHeight; oy++) {
            int y = oy * w.stride + dy - w.padTop;
            if (y < 0 || y >= w.height) {
              continue;
            }
            int at = column + oy * w.outWidth;
            int line = plane + y * w.width;
            for (int ox = 0; ox < w.outWidth; ox++) {
              int x = ox * w.stride + dx - w.padLeft;
              if (x >= 0 && x < w.width) {
                gradInput[line + x] += unfoldedGradient[at + ox];
              }
            }
          }
        }
      }
    }
  }
}
