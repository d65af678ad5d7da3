package io.github.sparkbackprop.nn;

import java.util.Arrays;

/**
 * Keeps the largest value of each window of each channel. The backward pass sends each output's
 * gradient to the one input that won its window in the forward pass (the first one on ties), and
 * nothing to the others.
 *
 * <p>The forward pass records the winners, as indices into the batch, in a scratch buffer that
 * the next backward pass reads; the buffer grows with the batch and is reused.
 */
public final class MaxPoolLayer implements Layer {
  private final Shape inputShape;
  private final Shape outputShape;
  private final Window window;
  /** winners[i] is the index into the input batch of the value output i took. */
  private int[] winners = new int[0];

  MaxPoolLayer(Shape inputShape, Window window) {
    this.inputShape = inputShape;
    this.window = window;
    this.outputShape = Shape.image(window.channels, window.outHeight, window.outWidth);
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
    int needed = rows * outputShape.size();
    if (winners.length < needed) {
      winners = new int[needed];
    }
    int[] won = winners;
    Window w = window;
    int planes = rows * w.channels;
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      int base = plane * w.inputPlane();
      for (int oy = 0; oy < w.outHeight; oy++) {
        int top = base + oy * w.stride * w.width;
        for (int ox = 0; ox < w.outWidth; ox++, o++) {
          int corner = top + ox * w.stride;
          int best = corner;
          float max = input[corner];
          for (int dy = 0; dy < w.size; dy++) {
            int line = corner + dy * w.width;
            for (int dx = 0; dx < w.size; dx++) {
              float value = input[line + dx];
              if (value > max) {
                max = value;
                best = line + dx;
              }
            }
          }
          output[o] = max;
          won[o] = best;
        }
      }
    }
  }

  @Override
  public void backward(float[] params, int offset, float[] input, float[] output,
      float[] gradOutput, float[] gradient, float[] gradInput, int rows) {
    if (gradInput == null) {
      return;
    }
    Arrays.fill(gradInput, 0, rows * inputShape.size(), 0f);
    for (int o = 0, end = rows * outputShape.size(); o < end; o++) {
      gradInput[winners[o]] += gradOutput[o];
    }
  }
}
