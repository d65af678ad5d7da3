package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.loss.Losses;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batch normalisation: gradients of the layer and of networks around it against central
 * differences in training mode, the batch statistics it sends through its gradient slots, the
 * running statistics outside training, and the description grammar.
 */
class BatchNormTest {
  private static final double STEP = 1e-2;

  private final SplittableRandom random = new SplittableRandom(53);

  private static BatchNormLayer layer(String description, Shape input) {
    return assertInstanceOf(BatchNormLayer.class,
        NetworkSpec.parse(description).layers().get(0).build(input).get(0));
  }

  /** After a dense layer (a vector) and after a convolution (an image). */
  @ParameterizedTest(name = "on {0}")
  @CsvSource({"5, 4", "3x3x4, 3", "2x2x3, 2"})
  void inputAndScaleShiftGradientsMatchCentralDifferences(String input, int rows) {
    BatchNormLayer norm = layer("batchnorm", Shape.parse(input));
    LayerProbe probe = new LayerProbe(norm, rows, random);
    int channels = norm.channels();
    float[] gradInput = new float[probe.x.length];

    float[] gradient = probe.backward(probe.c, gradInput);

    double[] numeric = GradientCheck.numeric(probe.params, LayerProbe.OFFSET,
        LayerProbe.OFFSET + 2 * channels, STEP, probe::loss);
    GradientCheck.assertAgree("gamma and beta", gradient, LayerProbe.OFFSET, numeric);
    double[] numericInput = GradientCheck.numeric(probe.x, 0, probe.x.length, STEP, probe::loss);
    GradientCheck.assertAgree("input", gradInput, 0, numericInput);
  }

  /** Whole networks with batch normalisation after dense and convolution layers. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "dense(4), batchnorm(tanh), dense(3, softmax)                           | 3",
      "conv(3, 2), batchnorm(tanh), flatten, dense(4), batchnorm, dense(2, softmax) | 2x4x4"})
  void networkGradientMatchesCentralDifferencesOutsideTheRunningStatistics(String description,
      String input) {
    Architecture architecture = new Architecture(NetworkSpec.parse(description),
        Shape.parse(input), Losses.byName("crossentropy"));
    int rows = 5;
    float[] params = architecture.initialParameters(3);
    for (int i = 0; i < params.length; i++) {
      params[i] += (float) random.nextDouble(-0.3, 0.3);
    }
    float[] x = GradientCheck.uniform(random, rows * architecture.inputShape().size(), 1.0);
    float[] targets = new float[rows];
    for (int r = 0; r < rows; r++) {
      targets[r] = r % 2;
    }
    Network network = architecture.newNetwork(rows);
    float[] gradient = new float[params.length];
    network.gradient(params, x, targets, null, rows, gradient);
    double[] numeric = GradientCheck.numeric(params, 0, params.length, 1e-3,
        () -> network.loss(params, x, targets, null, rows));

    RunningStatistics statistics = architecture.runningStatistics();
    for (int i = 0; i < params.length; i++) {
      if (statistics.contains(i)) {
        assertEquals(0.0, numeric[i], 1e-6, "running statistic " + i + " changes the loss");
        gradient[i] = 0f;
      }
    }
    GradientCheck.assertAgree(description, gradient, 0, numeric);
  }

  @Test
  void backwardSendsRowsTimesTheBatchStatistics() {
    Shape image = Shape.image(2, 1, 3);
    BatchNormLayer norm = layer("batchnorm", image);
    float[] params = new float[norm.parameterCount()];
    norm.initialise(params, 0, random);
    // Two rows: channel 0 holds 1, 2, 3 then 5, 5, 5; channel 1 holds 0 everywhere.
    float[] x = {1, 2, 3, 0, 0, 0, 5, 5, 5, 0, 0, 0};
    float[] y = new float[x.length];
    norm.forward(params, 0, x, y, 2, true);
    float[] gradient = new float[params.length];

    norm.backward(params, 0, x, y, new float[x.length], gradient, null, 2);

    double mean = 21.0 / 6;
    double squares = 0;
    for (int i : new int[] {0, 1, 2, 6, 7, 8}) {
      squares += (x[i] - mean) * (x[i] - mean);
    }
    assertEquals(2 * mean, gradient[4], 1e-5);
    assertEquals(0, gradient[5], 1e-6);
    assertEquals(2 * squares / 5, gradient[6], 1e-5);
    assertEquals(0, gradient[7], 1e-6);
  }

  @Test
  void scoringUsesTheRunningStatistics() {
    BatchNormLayer norm = layer("batchnorm(epsilon=0.01)", Shape.vector(2));
    // gamma, beta, running mean, running variance, one per feature.
    float[] params = {2, -1, 0.5f, 0, 1, 3, 4, 0.25f};
    float[] x = {3, 4, 5, 6};
    float[] y = new float[4];

    norm.forward(params, 0, x, y, 2, false);

    float[] expected = {
        (float) (2 * (3 - 1) / Math.sqrt(4.01) + 0.5), (float) (-(4 - 3) / Math.sqrt(0.26)),
        (float) (2 * (5 - 1) / Math.sqrt(4.01) + 0.5), (float) (-(6 - 3) / Math.sqrt(0.26))};
    assertArrayEquals(expected, y, 1e-5f);
  }

  @Test
  void foldMovesTheRunningStatisticsByMomentumAndZeroesTheirSlots() {
    Architecture architecture = new Architecture(
        NetworkSpec.parse("dense(2), batchnorm(momentum=0.75), dense(2, softmax)"),
        Shape.vector(3), Losses.byName("crossentropy"));
    RunningStatistics statistics = architecture.runningStatistics();
    float[] params = architecture.initialParameters(1);
    int start = 3 * 2 + 2 + 2 * 2;
    assertTrue(statistics.contains(start) && statistics.contains(start + 3));
    assertFalse(statistics.contains(start - 1) || statistics.contains(start + 4));
    float[] gradient = new float[params.length];
    gradient[start] = 40;
    gradient[start + 2] = 20;
    gradient[start - 1] = 7;

    float[] running = statistics.fold(params, gradient, 10);
    statistics.write(running, params);

    assertArrayEquals(new float[] {1f, 0f, 1.25f, 0.75f}, running, 1e-6f);
    assertArrayEquals(running, java.util.Arrays.copyOfRange(params, start, start + 4));
    assertEquals(0f, gradient[start]);
    assertEquals(0f, gradient[start + 2]);
    assertEquals(7f, gradient[start - 1]);
  }

  @Test
  void descriptionRoundTripsAndBadArgumentsAreRefused() {
    String text = "conv(4, 3, activation=identity), batchnorm(relu, momentum=0.99),"
        + " flatten, batchnorm(leakyrelu, alpha=0.1, epsilon=0.001), dense(2, softmax)";
    NetworkSpec spec = NetworkSpec.parse(text);

    assertEquals(spec, NetworkSpec.parse(spec.toString()));
    assertEquals("batchnorm(identity)", NetworkSpec.parse("batchnorm").toString());
    IllegalArgumentException momentum = assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse("batchnorm(momentum=1)"));
    assertTrue(momentum.getMessage().contains("momentum"), momentum.getMessage());
    IllegalArgumentException epsilon = assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse("batchnorm(epsilon=0)"));
    assertTrue(epsilon.getMessage().contains("epsilon"), epsilon.getMessage());
    IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
        () -> new Architecture(NetworkSpec.parse("batchnorm, dense(2, softmax)"),
            Shape.of(3, 4), Losses.byName("crossentropy")));
    assertTrue(rank.getMessage().contains("3x4"), rank.getMessage());
  }
}
