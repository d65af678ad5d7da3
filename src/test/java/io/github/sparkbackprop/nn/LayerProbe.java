package io.github.sparkbackprop.nn;

import java.util.SplittableRandom;

/**
 * A layer under test with random parameters, inputs and output weights {@code c}, probed through
 * the scalar {@code L = sum c . y}, whose gradient with respect to the output is {@code c}.
 */
final class LayerProbe {
  /** The layer's parameters start here, with other floats before them. */
  static final int OFFSET = 3;

  final Layer layer;
  final int rows;
  final float[] params;
  final float[] x;
  final float[] c;

  LayerProbe(Layer layer, int rows, SplittableRandom random) {
    this.layer = layer;
    this.rows = rows;
    this.params = GradientCheck.uniform(random, OFFSET + layer.parameterCount() + 2, 1.0);
    this.x = GradientCheck.uniform(random, rows * layer.inputShape().size(), 1.0);
    this.c = GradientCheck.uniform(random, rows * layer.outputShape().size(), 1.0);
  }

  float[] forward(boolean training) {
    float[] y = new float[rows * layer.outputShape().size()];
    layer.forward(params, OFFSET, x, y, rows, training);
    return y;
  }

  double loss() {
    float[] y = forward(true);
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += (double) c[i] * y[i];
    }
    return sum;
  }

  /** Runs forward then backward with {@code gradOutput}; returns the parameter gradient. */
  float[] backward(float[] gradOutput, float[] gradInput) {
    float[] y = forward(true);
    float[] gradient = new float[params.length];
    layer.backward(params, OFFSET, x, y, gradOutput.clone(), gradient, gradInput, rows);
    return gradient;
  }

  /** Checks the parameter and input gradients of {@code L} against central differences. */
  void assertGradientsAgree(String what, double step) {
    float[] gradInput = new float[x.length];
    float[] gradient = backward(c, gradInput);
    if (layer.parameterCount() > 0) {
      double[] numeric = GradientCheck.numeric(params, OFFSET, OFFSET + layer.parameterCount(),
          step, this::loss);
      GradientCheck.assertAgree(what + " parameters", gradient, OFFSET, numeric);
    }
    double[] numericInput = GradientCheck.numeric(x, 0, x.length, step, this::loss);
    GradientCheck.assertAgree(what + " input", gradInput, 0, numericInput);
  }
}
