package io.github.sparkbackprop.train;

/** The square root of the weighted mean, over rows and outputs, of the squared residuals. */
public final class RootMeanSquaredError implements ValidationMetric {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "rmse";
  }

  @Override
  public void accumulate(float[] output, float[] targets, int targetWidth, float[] rowWeights,
      int rows, int cols, double[] sums) {
    for (int r = 0; r < rows; r++) {
      double weight = rowWeights == null ? 1 : rowWeights[r];
      for (int j = 0; j < cols; j++) {
        double residual = output[r * cols + j] - targets[r * targetWidth + j];
        sums[0] += weight * residual * residual;
        sums[1] += weight;
      }
    }
  }

  @Override
  public double value(double[] sums) {
    return sums[1] > 0 ? Math.sqrt(sums[0] / sums[1]) : Double.NaN;
  }
}
