package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.sparkbackprop.nn.activation.Activations;
import io.github.sparkbackprop.nn.loss.Loss;
import io.github.sparkbackprop.nn.loss.Losses;
import io.github.sparkbackprop.nn.loss.SoftmaxCrossEntropy;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Network#gradient} of whole multi-layer networks against central differences of
 * {@link Network#loss}, over every parameter, with row weights.
 *
 * <p>Only the first layer uses activations with a kink (relu, leakyrelu, elu with alpha other than
 * 1); the later ones are smooth or, like elu with alpha 1, have a continuous slope. The data are
 * drawn until each first-layer pre-activation is at least {@link #KINK_MARGIN} from zero, which a
 * step of {@link #STEP} on one parameter (inputs are at most 1 in magnitude) cannot cross.
 */
class NetworkGradientTest {
  private static final int INPUTS = 3;
  private static final int ROWS = 6;
  private static final double STEP = 1e-3;
  private static final double KINK_MARGIN = 1e-2;

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource(delimiter = '|', value = {
      "dense(5, relu), dense(4, tanh), dense(3, softmax)                | crossentropy",
      "dense(4, leakyrelu, alpha=0.2), dense(3, elu), dense(2, sigmoid) | binarycrossentropy",
      "dense(4, softplus), dense(3, sigmoid), dense(2)                  | mse",
      "dense(5, tanh), dense(3, softmax)                                | mse",
      "dense(4, elu, alpha=0.5), dense(4, elu), dense(3, softplus), dense(2) | mse"})
  void gradientMatchesCentralDifferencesForEveryParameter(String description, String lossName) {
    Architecture architecture = new Architecture(
        NetworkSpec.parse(description), Shape.vector(INPUTS), Losses.byName(lossName));
    SplittableRandom random = new SplittableRandom(37);
    float[] params = architecture.initialParameters(41);
    for (int i = 0; i < params.length; i++) {
      // Moves the biases off zero, where initialisation leaves them.
      params[i] += (float) random.nextDouble(-0.3, 0.3);
    }
    float[] input = inputAwayFromKinks(architecture, params, random);
    float[] targets = targets(architecture.loss(), architecture.outputShape().size(), random);
    float[] weights = GradientCheck.uniform(random, ROWS, 1.0);
    for (int r = 0; r < ROWS; r++) {
      weights[r] += 1.5f;
    }

    Network network = architecture.newNetwork(1);
    float[] gradient = new float[params.length];
    double total = network.gradient(params, input, targets, weights, ROWS, gradient);
    double[] numeric = GradientCheck.numeric(params, 0, params.length, STEP,
        () -> network.loss(params, input, targets, weights, ROWS));

    GradientCheck.assertAgree(description, gradient, 0, numeric);
    assertEquals(network.loss(params, input, targets, weights, ROWS), total, 1e-9 * total);
  }

  @Test
  void gradientAddsToWhatTheArrayHolds() {
    Architecture architecture = new Architecture(
        NetworkSpec.parse("dense(4, tanh), dense(3, softmax)"), Shape.vector(INPUTS),
        new SoftmaxCrossEntropy());
    SplittableRandom random = new SplittableRandom(43);
    float[] params = architecture.initialParameters(1);
    float[] input = GradientCheck.uniform(random, ROWS * INPUTS, 1.0);
    float[] targets = targets(architecture.loss(), 3, random);
    Network network = architecture.newNetwork(ROWS);
    float[] once = new float[params.length];
    network.gradient(params, input, targets, null, ROWS, once);

    float[] twice = once.clone();
    network.gradient(params, input, targets, null, ROWS, twice);

    for (int i = 0; i < params.length; i++) {
      assertEquals(2 * once[i], twice[i], 1e-6 * Math.max(1, Math.abs(once[i])), "at " + i);
    }
  }

  @Test
  void refusesArraysOfTheWrongLength() {
    Architecture architecture = new Architecture(
        NetworkSpec.parse("dense(3, softmax)"), Shape.vector(INPUTS), new SoftmaxCrossEntropy());
    Network network = architecture.newNetwork(1);
    float[] params = architecture.initialParameters(1);
    float[] input = new float[INPUTS];
    float[] target = {0f};

    IllegalArgumentException shortGradient = assertThrows(IllegalArgumentException.class,
        () -> network.gradient(params, input, target, null, 1, new float[params.length - 1]));
    IllegalArgumentException shortParams = assertThrows(IllegalArgumentException.class,
        () -> network.predict(new float[params.length + 1], input, 1));

    assertTrue(shortGradient.getMessage().contains(String.valueOf(params.length - 1)),
        shortGradient.getMessage());
    assertTrue(shortParams.getMessage().contains(String.valueOf(params.length + 1)),
        shortParams.getMessage());
    assertTrue(shortParams.getMessage().contains(String.valueOf(params.length)),
        shortParams.getMessage());
  }

  /**
   * Draws inputs in [-1, 1] until no pre-activation of the first layer lies within
   * {@link #KINK_MARGIN} of zero. The pre-activations come from a one-layer identity network
   * whose parameters are the first layer's slice of {@code params}.
   */
  private static float[] inputAwayFromKinks(Architecture architecture, float[] params,
      SplittableRandom random) {
    DenseSpec first = (DenseSpec) architecture.spec().layers().get(0);
    DenseSpec linear = new DenseSpec(first.units(), Activations.byName("identity", null), null);
    Architecture prefix =
        new Architecture(new NetworkSpec(List.of(linear)), architecture.inputShape(),
            Losses.byName("mse"));
    float[] prefixParams = Arrays.copyOf(params, prefix.parameterCount());
    Network network = prefix.newNetwork(ROWS);
    for (int attempt = 0; attempt < 1000; attempt++) {
      float[] input = GradientCheck.uniform(random, ROWS * INPUTS, 1.0);
      float[] z = network.predict(prefixParams, input, ROWS);
      boolean clear = true;
      for (int i = 0; i < ROWS * first.units(); i++) {
        clear &= Math.abs(z[i]) >= KINK_MARGIN;
      }
      if (clear) {
        return input;
      }
    }
    return fail("no input clear of the first layer's kinks in 1000 draws");
  }

  private static float[] targets(Loss loss, int outputs, SplittableRandom random) {
    int width = loss.targetWidth(outputs);
    float[] targets = new float[ROWS * width];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = loss instanceof SoftmaxCrossEntropy
          ? random.nextInt(outputs)
          : (float) random.nextDouble();
    }
    return targets;
  }
}
