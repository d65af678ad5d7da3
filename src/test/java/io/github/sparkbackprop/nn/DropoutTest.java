package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.loss.Losses;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Dropout: the gradient with a fixed mask, no effect outside training, inverted scaling, masks
 * that follow the rows' identities, and the description grammar.
 */
class DropoutTest {
  private static final int INPUTS = 4;
  private static final int ROWS = 5;
  private static final long KEY = 42;
  private static final long[] ROW_IDS = {10, 11, 12, 13, 14};

  private static Architecture architecture(String layers) {
    return new Architecture(NetworkSpec.parse(layers), Shape.vector(INPUTS),
        Losses.byName("crossentropy"));
  }

  @Test
  void gradientMatchesCentralDifferencesWithTheMaskHeldFixed() {
    Architecture architecture = architecture("dense(6, tanh), dropout(0.5), dense(3, softmax)");
    SplittableRandom random = new SplittableRandom(5);
    float[] params = architecture.initialParameters(9);
    for (int i = 0; i < params.length; i++) {
      params[i] += (float) random.nextDouble(-0.3, 0.3);
    }
    float[] input = GradientCheck.uniform(random, ROWS * INPUTS, 1.0);
    float[] targets = {0, 1, 2, 1, 0};
    TrainingNetwork network = new TrainingNetwork(architecture, ROWS);
    float[] gradient = new float[params.length];
    network.gradient(params, input, targets, null, ROWS, gradient, KEY, ROW_IDS);

    double[] numeric = GradientCheck.numeric(params, 0, params.length, 1e-3,
        () -> network.loss(params, input, targets, null, ROWS, KEY, ROW_IDS));
    GradientCheck.assertAgree("dropout network", gradient, 0, numeric);
  }

  @Test
  void predictionIgnoresDropout() {
    Architecture withDropout =
        architecture("dense(6, tanh), dropout(0.5), dense(3, softmax)");
    Architecture without = architecture("dense(6, tanh), dense(3, softmax)");
    assertEquals(without.parameterCount(), withDropout.parameterCount());
    float[] params = without.initialParameters(3);
    float[] input = GradientCheck.uniform(new SplittableRandom(2), ROWS * INPUTS, 1.0);
    TrainingNetwork training = new TrainingNetwork(withDropout, ROWS);
    // A training pass first, so that the layer holds a mask that prediction must not use.
    training.gradient(params, input, new float[] {0, 1, 2, 0, 1}, null, ROWS,
        new float[params.length], KEY, ROW_IDS);

    float[] expected = without.newNetwork(ROWS).predict(params, input, ROWS).clone();
    assertArrayEquals(expected, training.network().predict(params, input, ROWS).clone());
    assertArrayEquals(expected, withDropout.newNetwork(ROWS).predict(params, input, ROWS));
  }

  @Test
  void invertedScalingKeepsTheExpectedActivation() {
    float rate = 0.3f;
    int rows = 200;
    int width = 50;
    DropoutLayer layer = new DropoutLayer(Shape.vector(width), rate);
    float[] input = new float[rows * width];
    Arrays.fill(input, 1f);
    float[] output = new float[input.length];
    layer.forward(new float[0], 0, input, output, rows, true);

    double sum = 0;
    int dropped = 0;
    for (float v : output) {
      sum += v;
      if (v == 0) {
        dropped++;
      } else {
        assertEquals(1f / (1f - rate), v, "a kept value is scaled by 1 / (1 - rate)");
      }
    }
    // 10,000 values: the mean's standard deviation is sqrt(rate / (1 - rate) / 10000) < 0.007.
    assertEquals(1.0, sum / output.length, 0.03);
    assertEquals(rate, (double) dropped / output.length, 0.03);
  }

  @Test
  void masksFollowTheRowsNotTheirPositions() {
    DropoutLayer layer = new DropoutLayer(Shape.vector(16), 0.5f);
    float[] input = new float[2 * 16];
    Arrays.fill(input, 1f);
    float[] forward = new float[input.length];
    layer.useNoise(KEY, 0, new long[] {5, 6});
    layer.forward(new float[0], 0, input, forward, 2, true);
    float[] swapped = new float[input.length];
    layer.useNoise(KEY, 0, new long[] {6, 5});
    layer.forward(new float[0], 0, input, swapped, 2, true);

    assertArrayEquals(Arrays.copyOfRange(forward, 0, 16), Arrays.copyOfRange(swapped, 16, 32));
    assertArrayEquals(Arrays.copyOfRange(forward, 16, 32), Arrays.copyOfRange(swapped, 0, 16));
    assertFalse(Arrays.equals(Arrays.copyOfRange(forward, 0, 16),
        Arrays.copyOfRange(forward, 16, 32)), "two rows get different masks");

    float[] otherStep = new float[input.length];
    layer.useNoise(KEY + 1, 0, new long[] {5, 6});
    layer.forward(new float[0], 0, input, otherStep, 2, true);
    assertFalse(Arrays.equals(forward, otherStep), "another step draws other masks");
  }

  @Test
  void descriptionsParseAndRefuseBadRates() {
    NetworkSpec spec = NetworkSpec.parse("dense(8, relu), dropout(0.2), dense(3, softmax)");
    assertEquals("dense(8, relu), dropout(0.2), dense(3, softmax)", spec.toString());
    assertEquals(spec, NetworkSpec.parse(spec.toString()));
    assertEquals(spec, NetworkSpec.parse("dense(8, relu), dropout(rate=0.2), dense(3, softmax)"));
    assertTrue(NetworkSpec.layerTypes().contains("dropout"));

    IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse("dense(8), dropout(1.0), dense(2)"));
    assertTrue(high.getMessage().contains("dropout: rate must be in [0, 1) but was 1.0"),
        high.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse("dense(8), dropout, dense(2)"));
    assertTrue(missing.getMessage().contains("dropout needs the argument 'rate'"),
        missing.getMessage());
  }
}
