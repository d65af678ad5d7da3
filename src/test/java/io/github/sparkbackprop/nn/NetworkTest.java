package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.activation.Sigmoid;
import io.github.sparkbackprop.nn.activation.Softmax;
import io.github.sparkbackprop.nn.loss.BinaryCrossEntropy;
import io.github.sparkbackprop.nn.loss.Loss;
import io.github.sparkbackprop.nn.loss.MeanSquaredError;
import io.github.sparkbackprop.nn.loss.SoftmaxCrossEntropy;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Scoring: predict, predictRaw and their agreement with the forward pass of training. */
class NetworkTest {
  private static final int INPUTS = 4;
  private static final int ROWS = 7;

  private final SplittableRandom random = new SplittableRandom(53);
  private final float[] input = GradientCheck.uniform(random, ROWS * INPUTS, 1.0);

  @Test
  void predictIsTheForwardPassOfGradient() {
    Architecture architecture = architecture("dense(6, relu), dense(3, softmax)",
        new SoftmaxCrossEntropy());
    float[] params = architecture.initialParameters(2);
    float[] targets = {0, 1, 2, 0, 1, 2, 0};
    float[] weights = GradientCheck.uniform(random, ROWS, 1.0);
    for (int r = 0; r < ROWS; r++) {
      weights[r] += 1.5f;
    }
    Network network = architecture.newNetwork(ROWS);
    float[] predicted = copy(network.predict(params, input, ROWS), ROWS * 3);

    float[] gradient = new float[params.length];
    double total = network.gradient(params, input, targets, weights, ROWS, gradient);
    float[] afterGradient = copy(network.predict(params, input, ROWS), ROWS * 3);

    double expected = architecture.loss().evaluate(predicted, targets, weights, ROWS, 3, null);
    assertEquals(expected, total, "loss of the predictions vs. loss returned by gradient");
    assertArrayEquals(predicted, afterGradient, "predict after gradient");
  }

  @Test
  void predictFollowsTheParameterLayout() {
    Architecture architecture = architecture("dense(5, tanh), dense(3, softmax)",
        new SoftmaxCrossEntropy());
    float[] params = architecture.initialParameters(3);
    float[] hidden = dense(params, 0, input, ROWS, INPUTS, 5);
    for (int i = 0; i < hidden.length; i++) {
      hidden[i] = (float) Math.tanh(hidden[i]);
    }
    float[] logits = dense(params, 5 * INPUTS + 5, hidden, ROWS, 5, 3);
    float[] expected = new float[logits.length];
    new Softmax().forward(logits, expected, ROWS, 3);

    float[] predicted = architecture.newNetwork(ROWS).predict(params, input, ROWS);

    assertArrayEquals(expected, copy(predicted, ROWS * 3), 1e-5f);
  }

  @Test
  void softmaxOfPredictRawIsPredict() {
    Architecture architecture = architecture("dense(6, elu), dense(4, softmax)",
        new SoftmaxCrossEntropy());
    float[] params = architecture.initialParameters(4);
    Network network = architecture.newNetwork(ROWS);
    float[] raw = copy(network.predictRaw(params, input, ROWS), ROWS * 4);
    float[] predicted = copy(network.predict(params, input, ROWS), ROWS * 4);

    float[] softmaxOfRaw = new float[raw.length];
    new Softmax().forward(raw, softmaxOfRaw, ROWS, 4);

    assertArrayEquals(predicted, softmaxOfRaw, 1e-6f);
    assertNotProbabilities(raw);
  }

  @Test
  void sigmoidOfPredictRawIsPredictForBinaryCrossEntropy() {
    Architecture architecture = architecture("dense(6, tanh), dense(2, sigmoid)",
        new BinaryCrossEntropy());
    float[] params = architecture.initialParameters(5);
    Network network = architecture.newNetwork(ROWS);
    float[] raw = copy(network.predictRaw(params, input, ROWS), ROWS * 2);
    float[] predicted = copy(network.predict(params, input, ROWS), ROWS * 2);

    float[] sigmoidOfRaw = new float[raw.length];
    new Sigmoid().forward(raw, sigmoidOfRaw, ROWS, 2);

    assertArrayEquals(predicted, sigmoidOfRaw, 1e-6f);
  }

  @Test
  void predictRawIsPredictWhenTheLossIsNotFused() {
    Architecture architecture = architecture("dense(6, relu), dense(3, softmax)",
        new MeanSquaredError());
    float[] params = architecture.initialParameters(6);
    Network network = architecture.newNetwork(ROWS);

    float[] raw = copy(network.predictRaw(params, input, ROWS), ROWS * 3);
    float[] predicted = copy(network.predict(params, input, ROWS), ROWS * 3);

    assertArrayEquals(predicted, raw);
  }

  @Test
  void aBatchScoresLikeItsRowsOneAtATime() {
    Architecture architecture = architecture("dense(8, relu), dense(8, tanh), dense(3, softmax)",
        new SoftmaxCrossEntropy());
    float[] params = architecture.initialParameters(7);
    // Built for one row: scoring the whole batch must grow its buffers.
    Network network = architecture.newNetwork(1);
    float[] batch = copy(network.predict(params, input, ROWS), ROWS * 3);

    for (int r = 0; r < ROWS; r++) {
      float[] row = Arrays.copyOfRange(input, r * INPUTS, (r + 1) * INPUTS);
      float[] single = copy(network.predict(params, row, 1), 3);
      assertArrayEquals(Arrays.copyOfRange(batch, r * 3, (r + 1) * 3), single, 1e-6f, "row " + r);
    }
  }

  private static Architecture architecture(String description, Loss loss) {
    return new Architecture(NetworkSpec.parse(description), Shape.vector(INPUTS), loss);
  }

  /** The network's buffers are reused by the next call, and may be longer than the result. */
  private static float[] copy(float[] buffer, int length) {
    return Arrays.copyOf(buffer, length);
  }

  /** {@code W x + b} for each row, computed in double from the documented column-major layout. */
  private static float[] dense(float[] params, int offset, float[] x, int rows, int in, int out) {
    float[] z = new float[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double sum = params[offset + out * in + o];
        for (int i = 0; i < in; i++) {
          sum += (double) params[offset + i * out + o] * x[r * in + i];
        }
        z[r * out + o] = (float) sum;
      }
    }
    return z;
  }

  /** Raw scores are logits: at least one row must not be a probability distribution. */
  private static void assertNotProbabilities(float[] raw) {
    boolean anyOutside = false;
    for (float value : raw) {
      anyOutside |= value < 0f || value > 1f;
    }
    assertTrue(anyOutside, "predictRaw looks like probabilities");
  }
}
