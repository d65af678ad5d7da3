package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.loss.Losses;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Convolutional networks as a whole: descriptions that round-trip, shape checks when the network
 * is built, and the gradient of a small CNN against central differences.
 */
class ConvNetworkTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "conv(16, 3, padding=same, activation=relu), maxpool(2), flatten, dense(10, softmax)",
      "conv(4, 5, stride=2, activation=leakyrelu, alpha=0.1, init=xavier), avgpool(2, stride=1)",
      "conv(8, 3, activation=tanh, init=he), maxpool(3, stride=2), dense(2, sigmoid)"})
  void descriptionsRoundTrip(String description) {
    NetworkSpec spec = NetworkSpec.parse(description);

    assertEquals(description, spec.toString());
    assertEquals(spec, NetworkSpec.parse(spec.toString()));
  }

  @Test
  void positionalArgumentsReadAsNamed() {
    assertEquals(NetworkSpec.parse("conv(8, 3, stride=2, padding=same, activation=relu)"),
        NetworkSpec.parse("conv(8, 3, 2, same, relu)"));
  }

  @Test
  void outputShapesFollowTheLayers() {
    Architecture architecture = new Architecture(NetworkSpec.parse(
        "conv(16, 3, padding=same, activation=relu), maxpool(2), conv(32, 3, padding=same,"
            + " activation=relu), maxpool(2), flatten, dense(10, softmax)"),
        Shape.image(1, 28, 28), Losses.byName("crossentropy"));

    int conv1 = 9 * 16 + 16;
    int conv2 = 16 * 9 * 32 + 32;
    int dense = 32 * 7 * 7 * 10 + 10;
    assertEquals(conv1 + conv2 + dense, architecture.parameterCount());
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', value = {
      "conv(4, 3), dense(2)                        | 784   | conv(4, 3, activation=identity)"
          + " | 784 | the input",
      "dense(16), conv(4, 3)                       | 1x8x8 | conv(4, 3, activation=identity)"
          + " | 16  | dense(16, identity)",
      "conv(4, 5), dense(2)                        | 1x4x4 | conv(4, 5, activation=identity)"
          + " | 1x4x4 | the input",
      "conv(4, 3), maxpool(5), dense(2)            | 1x6x6 | maxpool(5)"
          + " | 4x4x4 | conv(4, 3, activation=identity)",
      "maxpool(2), avgpool(4), dense(2)            | 2x6x6 | avgpool(4)"
          + " | 2x3x3 | maxpool(2)"})
  void aLayerThatCannotTakeItsInputIsNamedWithBothShapes(String description, String input,
      String layer, String shape, String previous) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Architecture(NetworkSpec.parse(description), Shape.parse(input),
            Losses.byName("mse")));

    String message = e.getMessage();
    assertTrue(message.contains(layer), message);
    assertTrue(message.contains(" " + shape + " "), message);
    assertTrue(message.contains(previous), message);
  }

  @Test
  void refusesAnUnknownPadding() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse("conv(4, 3, padding=full)"));

    assertTrue(e.getMessage().contains("'full'"), e.getMessage());
    assertTrue(e.getMessage().contains("valid, same"), e.getMessage());
  }

  /** A smooth CNN (tanh, average pooling) so that no step crosses a kink. */
  @Test
  void gradientOfASmallCnnMatchesCentralDifferences() {
    Architecture architecture = new Architecture(NetworkSpec.parse(
        "conv(3, 3, padding=same, activation=tanh), avgpool(2), conv(2, 2, stride=2, "
            + "activation=tanh), flatten, dense(3, softmax)"),
        Shape.image(2, 6, 6), Losses.byName("crossentropy"));
    SplittableRandom random = new SplittableRandom(53);
    int rows = 4;
    float[] params = architecture.initialParameters(7);
    for (int i = 0; i < params.length; i++) {
      params[i] += (float) random.nextDouble(-0.2, 0.2);
    }
    float[] input = GradientCheck.uniform(random, rows * 72, 1.0);
    float[] targets = {0, 2, 1, 2};
    Network network = architecture.newNetwork(rows);
    float[] gradient = new float[params.length];

    network.gradient(params, input, targets, null, rows, gradient);
    double[] numeric = GradientCheck.numeric(params, 0, params.length, 1e-3,
        () -> network.loss(params, input, targets, null, rows));

    GradientCheck.assertAgree("small CNN", gradient, 0, numeric);
  }
}
