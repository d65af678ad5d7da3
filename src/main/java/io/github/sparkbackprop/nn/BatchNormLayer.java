package io.github.sparkbackprop.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The maths of {@link BatchNormSpec}: normalises each channel of a batch, then scales and shifts
 * it by the learned {@code gamma} and {@code beta}.
 *
 * <p>A channel is a feature of a vector input, or a plane of an image input, whose statistics run
 * over every row and position of the batch. The layer's parameters are four blocks of one float
 * per channel: {@code gamma}, {@code beta}, the running mean and the running variance. In training
 * the layer normalises with the batch's own mean and (biased) variance; otherwise with the running
 * statistics. The running statistics are not trained by gradient: the backward pass adds
 * {@code rows * batch mean} and {@code rows * batch variance} (unbiased) into their gradient slots,
 * so that partial gradients summed over tasks carry the batch statistics to the driver, where
 * {@link RunningStatistics} folds them into the running values.
 *
 * <p>One instance belongs to one thread: it keeps the normalised values and the statistics of the
 * last training batch for the backward pass.
 */
public final class BatchNormLayer implements Layer {
  // TODO: each task normalises with the statistics of its own rows of the step, so results
  // depend on the partitioning; exact mini-batch statistics would need one more Spark job per
  // layer and step that adds up the tasks' per-channel sums and broadcasts them back before the
  // forward pass goes on.

  private final Shape shape;
  private final int channels;
  /** Values per channel and row: 1 for vectors, height x width for images. */
  private final int positions;
  private final float epsilon;
  /** The share of the old running statistics kept at each update. */
  private final float momentum;
  /** The normalised input of the last training batch, laid out as the input. */
  private float[] normalised = new float[0];
  private final float[] mean;
  private final float[] variance;
  /** 1 / sqrt(variance + epsilon) of the last training batch. */
  private final float[] inverseStd;
  /** The running mean and 1 / sqrt(running variance + epsilon) of the last scoring pass. */
  private final float[] runningMean;
  private final float[] runningInverseStd;
  private boolean lastPassTraining;

  BatchNormLayer(Shape shape, float momentum, float epsilon) {
    this.shape = shape;
    this.channels = shape.dim(0);
    this.positions = shape.size() / channels;
    this.epsilon = epsilon;
    this.momentum = momentum;
    this.mean = new float[channels];
    this.variance = new float[channels];
    this.inverseStd = new float[channels];
    this.runningMean = new float[channels];
    this.runningInverseStd = new float[channels];
  }

  /** Channels normalised apart, each with its own gamma, beta and statistics. */
  public int channels() {
    return channels;
  }

  /** The share of the old running statistics kept when a step's batch statistics come in. */
  public float momentum() {
    return momentum;
  }

  /** Where the running mean starts, relative to the layer's offset; the variance follows it. */
  public int runningStatisticsStart() {
    return 2 * channels;
  }

  @Override
  public Shape inputShape() {
    return shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  /** Gamma, beta, running mean and running variance, one of each per channel. */
  @Override
  public int parameterCount() {
    return 4 * channels;
  }

  /** Gamma 1, beta 0, running mean 0, running variance 1: the identity before training. */
  @Override
  public void initialise(float[] params, int offset, SplittableRandom random) {
    Arrays.fill(params, offset, offset + channels, 1f);
    Arrays.fill(params, offset + channels, offset + 3 * channels, 0f);
    Arrays.fill(params, offset + 3 * channels, offset + 4 * channels, 1f);
  }

  @Override
  public void forward(float[] params, int offset, float[] input, float[] output, int rows,
      boolean training) {
    lastPassTraining = training;
    if (training) {
      batchStatistics(input, rows);
      normalise(input, rows, mean, inverseStd);
    } else {
      for (int c = 0; c < channels; c++) {
        runningMean[c] = params[offset + 2 * channels + c];
        runningInverseStd[c] = runningInverse(params, offset, c);
      }
      normalise(input, rows, runningMean, runningInverseStd);
    }
    scaleAndShift(params, offset, output, rows);
  }

  /** Writes the per-channel mean, biased variance and inverse deviation of the batch. */
  private void batchStatistics(float[] input, int rows) {
    double count = (double) rows * positions;
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        int base = (r * channels + c) * positions;
        for (int p = 0; p < positions; p++) {
          sum += input[base + p];
        }
      }
      double m = sum / count;
      double squares = 0;
      for (int r = 0; r < rows; r++) {
        int base = (r * channels + c) * positions;
        for (int p = 0; p < positions; p++) {
          double d = input[base + p] - m;
          squares += d * d;
        }
      }
      double v = squares / count;
      mean[c] = (float) m;
      variance[c] = (float) v;
      inverseStd[c] = (float) (1.0 / Math.sqrt(v + epsilon));
    }
  }

  /** Fills {@link #normalised} with {@code (x - centre) * inverse}, channel by channel. */
  private void normalise(float[] input, int rows, float[] centre, float[] inverse) {
    int count = rows * shape.size();
    if (normalised.length < count) {
      normalised = new float[count];
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++) {
        int base = (r * channels + c) * positions;
        float m = centre[c];
        float s = inverse[c];
        for (int p = 0; p < positions; p++) {
          normalised[base + p] = (input[base + p] - m) * s;
        }
      }
    }
  }

  private void scaleAndShift(float[] params, int offset, float[] output, int rows) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++) {
        int base = (r * channels + c) * positions;
        float gamma = params[offset + c];
        float beta = params[offset + channels + c];
        for (int p = 0; p < positions; p++) {
          output[base + p] = gamma * normalised[base + p] + beta;
        }
      }
    }
  }

  /**
   * Adds the gradients of gamma and beta, and the batch statistics into the running statistics'
   * slots (see the class comment); the input gradient accounts for the batch mean and variance
   * depending on every input of the channel. After a forward pass outside training the statistics
   * are constants and the input gradient is {@code gamma * inverse deviation * gradOutput}.
   */
  @Override
  public void backward(float[] params, int offset, float[] input, float[] output,
      float[] gradOutput, float[] gradient, float[] gradInput, int rows) {
    double count = (double) rows * positions;
    for (int c = 0; c < channels; c++) {
      double sumGrad = 0;
      double sumGradNormalised = 0;
      for (int r = 0; r < rows; r++) {
        int base = (r * channels + c) * positions;
        for (int p = 0; p < positions; p++) {
          float g = gradOutput[base + p];
          sumGrad += g;
          sumGradNormalised += g * normalised[base + p];
        }
      }
      gradient[offset + c] += (float) sumGradNormalised;
      gradient[offset + channels + c] += (float) sumGrad;
      if (lastPassTraining) {
        addStatistics(gradient, offset, c, rows, count);
      }
      if (gradInput != null) {
        inputGradient(params[offset + c], params, offset, c, gradOutput, gradInput, rows,
            sumGrad / count, sumGradNormalised / count);
      }
    }
  }

  /** Adds {@code rows} times channel {@code c}'s batch mean and unbiased variance. */
  private void addStatistics(float[] gradient, int offset, int c, int rows, double count) {
    double unbiased = count > 1 ? variance[c] * count / (count - 1) : variance[c];
    gradient[offset + 2 * channels + c] += (float) ((double) rows * mean[c]);
    gradient[offset + 3 * channels + c] += (float) ((double) rows * unbiased);
  }

  /**
   * Writes channel {@code c} of the input gradient. In training it is
   * {@code gamma * s * (g - mean(g) - xhat * mean(g * xhat))} with {@code s} the inverse
   * deviation and {@code xhat} the normalised input; outside training the two means drop out.
   */
  private void inputGradient(float gamma, float[] params, int offset, int c, float[] gradOutput,
      float[] gradInput, int rows, double meanGrad, double meanGradNormalised) {
    float scale;
    float shift;
    float slope;
    if (lastPassTraining) {
      scale = gamma * inverseStd[c];
      shift = (float) meanGrad;
      slope = (float) meanGradNormalised;
    } else {
      scale = gamma * runningInverse(params, offset, c);
      shift = 0f;
      slope = 0f;
    }
    for (int r = 0; r < rows; r++) {
      int base = (r * channels + c) * positions;
      for (int p = 0; p < positions; p++) {
        float g = gradOutput[base + p];
        gradInput[base + p] = scale * (g - shift - normalised[base + p] * slope);
      }
    }
  }

  /** 1 / sqrt(running variance + epsilon) of channel {@code c}. */
  private float runningInverse(float[] params, int offset, int c) {
    return (float) (1.0 / Math.sqrt(Math.max(0f, params[offset + 3 * channels + c]) + epsilon));
  }
}
