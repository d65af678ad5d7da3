package io.github.sparkbackprop.nn;

import java.util.Arrays;

/**
 * Averages each window of each channel; the backward pass spreads each output's gradient evenly
 * over its window, adding where windows overlap.
 */
public final class AvgPoolLayer implements Layer {
  private final Shape inputShape;
  private final Shape outputShape;
  private final Window window;
  private final float scale;

  AvgPoolLayer(Shape inputShape, Window window) {
    this.inputShape = inputShape;
    this.window = window;
    this.outputShape = Shape.image(window.channels, window.outHeight, window.outWidth);
    this.scale = 1f / (window.size * window.size);
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
    Window w = window;
    int planes = rows * w.channels;
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      int base = plane * w.inputPlane();
      for (int oy = 0; oy < w.outHeight; oy++) {
        for (int ox = 0; ox < w.outWidth; ox++, o++) {
          int corner = base + oy * w.stride * w.width + ox * w.stride;
          float sum = 0f;
          for (int dy = 0; dy < w.size; dy++) {
            for (int i = corner + dy * w.width, end = i + w.size; i < end; i++) {
              sum += input[i];
            }
          }
          output[o] = sum * scale;
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
    Window w = window;
    int planes = rows * w.channels;
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      int base = plane * w.inputPlane();
      for (int oy = 0; oy < w.outHeight; oy++) {
        for (int ox = 0; ox < w.outWidth; ox++, o++) {
          int corner = base + oy * w.stride * w.width + ox * w.stride;
          float share = gradOutput[o] * scale;
          for (int dy = 0; dy < w.size; dy++) {
            for (int i = corner + dy * w.width, end = i + w.size; i < end; i++) {
              gradInput[i] += share;
            }
          }
        }
      }
    }
  }
}
