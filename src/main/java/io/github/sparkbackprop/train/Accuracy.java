package io.github.sparkbackprop.train;

/**
 * The weighted fraction of correct predictions. With one target per row and several outputs the
 * prediction is the output with the highest value (a softmax classifier); otherwise each output is
 * a separate yes-or-no prediction at 0.5 (sigmoid outputs), and each counts once.
 */
public final class Accuracy implements ValidationMetric {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "accuracy";
  }

  @Override
  public void accumulate(float[] output, float[] targets, int targetWidth, float[] rowWeights,
      int rows, int cols, double[] sums) {
    boolean argmax = targetWidth == 1 && cols > 1;
    for (int r = 0; r < rows; r++) {
      double weight = rowWeights == null ? 1 : rowWeights[r];
      int base = r * cols;
      if (argmax) {
        int best = 0;
        for (int j = 1; j < cols; j++) {
          if (output[base + j] > output[base + best]) {
            best = j;
          }
        }
        sums[0] += best == (int) targets[r] ? weight : 0;
        sums[1] += weight;
      } else {
        for (int j = 0; j < cols; j++) {
          boolean predicted = output[base + j] >= 0.5f;
          boolean actual = targets[r * targetWidth + j] >= 0.5f;
          sums[0] += predicted == actual ? weight : 0;
          sums[1] += weight;
        }
      }
    }
  }

  @Override
  public double value(double[] sums) {
    return sums[1] > 0 ? sums[0] / sums[1] : Double.NaN;
  }
}
