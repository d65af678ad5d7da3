package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.loss.BinaryCrossEntropy;
import io.github.sparkbackprop.nn.loss.Loss;
import io.github.sparkbackprop.nn.loss.MeanSquaredError;
import io.github.sparkbackprop.nn.loss.SoftmaxCrossEntropy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Building a network: the output-loss check, the parameter count and the initial weights. */
class ArchitectureTest {
  private static final String MNIST_MLP = "dense(256, relu), dense(128, relu), dense(10, softmax)";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dense(8, relu), dense(3, sigmoid)", "dense(3)", "dense(3, relu)"})
  void crossEntropyRefusesAnOutputOtherThanSoftmax(String description) {
    String message = refusal(description, new SoftmaxCrossEntropy());

    String output = NetworkSpec.parse(description).outputLayer().toString();
    assertTrue(message.contains("The output layer " + output), message);
    assertTrue(message.contains("crossentropy"), message);
    assertTrue(message.contains("softmax output layer"), message);
  }

  @Test
  void crossEntropyNeedsAtLeastTwoClasses() {
    String message = refusal("dense(4, relu), dense(1, softmax)", new SoftmaxCrossEntropy());

    assertTrue(message.contains("dense(1, softmax)"), message);
    assertTrue(message.contains("at least 2 outputs"), message);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dense(4, relu), dense(1, tanh)", "dense(2, softmax)", "dense(1)"})
  void binaryCrossEntropyRefusesAnOutputOtherThanSigmoid(String description) {
    String message = refusal(description, new BinaryCrossEntropy());

    String output = NetworkSpec.parse(description).outputLayer().toString();
    assertTrue(message.contains("The output layer " + output), message);
    assertTrue(message.contains("binarycrossentropy"), message);
    assertTrue(message.contains("sigmoid output layer"), message);
  }

  @Test
  void meanSquaredErrorTakesAnyOutput() {
    for (String description : new String[] {"dense(1)", "dense(3, softmax)", "dense(2, relu)"}) {
      Architecture architecture =
          new Architecture(NetworkSpec.parse(description), Shape.vector(5), new MeanSquaredError());
      assertEquals(NetworkSpec.parse(description), architecture.spec());
    }
  }

  @Test
  void countsTheParametersOfTheMnistNetwork() {
    Architecture flat = mnist(Shape.vector(784));
    Architecture image = mnist(Shape.image(1, 28, 28));

    assertEquals(235146, flat.parameterCount());
    assertEquals(235146, image.parameterCount());
    assertEquals(235146, flat.initialParameters(1).length);
    assertEquals(Shape.vector(10), flat.outputShape());
    assertTrue(flat.toString().contains("235146 parameters"), flat.toString());
  }

  @Test
  void countsWeightsAndBiasesOfEveryLayer() {
    Architecture architecture = new Architecture(
        NetworkSpec.parse("dense(5, tanh), dense(4), dense(2, softmax)"), Shape.vector(3),
        new SoftmaxCrossEntropy());

    assertEquals((3 * 5 + 5) + (5 * 4 + 4) + (4 * 2 + 2), architecture.parameterCount());
  }

  @Test
  void initialParametersDependOnlyOnTheSeed() {
    Architecture architecture = mnist(Shape.vector(784));
    float[] first = architecture.initialParameters(12345);
    float[] again = mnist(Shape.vector(784)).initialParameters(12345);
    float[] other = architecture.initialParameters(12346);

    assertArrayEquals(first, again);
    int weights = 784 * 256;
    int differing = 0;
    for (int i = 0; i < weights; i++) {
      if (first[i] != other[i]) {
        differing++;
      }
    }
    assertTrue(differing > 0.99 * weights, differing + " of " + weights + " weights differ");
  }

  @Test
  void biasesStartAtZeroAndWeightsDoNot() {
    float[] params = mnist(Shape.vector(784)).initialParameters(7);
    int[][] layers = {{784, 256}, {256, 128}, {128, 10}};
    int offset = 0;
    for (int[] layer : layers) {
      int weights = layer[0] * layer[1];
      int zeroWeights = 0;
      for (int i = offset; i < offset + weights; i++) {
        if (params[i] == 0f) {
          zeroWeights++;
        }
      }
      assertTrue(zeroWeights < weights / 1000 + 1, zeroWeights + " zero weights");
      for (int i = offset + weights; i < offset + weights + layer[1]; i++) {
        assertEquals(0f, params[i], "bias at " + i);
      }
      offset += weights + layer[1];
    }
    assertEquals(params.length, offset);
  }

  @Test
  void weightSpreadFollowsHeAndXavier() {
    // fanIn 784, fanOut 256 in the first layer; fanIn 256, fanOut 10 in the second.
    assertSpread("dense(256, relu), dense(10, softmax)", Math.sqrt(2.0 / 784),
        Math.sqrt(2.0 / 266));
    assertSpread("dense(256, tanh), dense(10, softmax, init=he)", Math.sqrt(2.0 / 1040),
        Math.sqrt(2.0 / 256));
    assertSpread("dense(256, relu, init=xavier), dense(10, sigmoid)", Math.sqrt(2.0 / 1040),
        Math.sqrt(2.0 / 266));
    assertSpread("dense(256, elu), dense(10, leakyrelu, init=he)", Math.sqrt(2.0 / 784),
        Math.sqrt(2.0 / 256));
  }

  @Test
  void survivesJavaSerialisation() throws IOException, ClassNotFoundException {
    Architecture architecture = mnist(Shape.image(1, 28, 28));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(architecture);
    }
    Architecture copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Architecture) in.readObject();
    }

    assertEquals(architecture.toString(), copy.toString());
    assertEquals(architecture.spec(), copy.spec());
    assertEquals(architecture.inputShape(), copy.inputShape());
    assertArrayEquals(architecture.initialParameters(3), copy.initialParameters(3));
  }

  private static Architecture mnist(Shape input) {
    return new Architecture(NetworkSpec.parse(MNIST_MLP), input, new SoftmaxCrossEntropy());
  }

  private static String refusal(String description, Loss loss) {
    return assertThrows(IllegalArgumentException.class,
        () -> new Architecture(NetworkSpec.parse(description), Shape.vector(4), loss))
        .getMessage();
  }

  /**
   * Checks the mean and standard deviation of the two layers' weights on 784 inputs. The sample
   * deviation of n normal draws has a relative standard error of {@code 1 / sqrt(2n)}: about 0.2%
   * for the first layer and 1.4% for the second, well inside the bounds used.
   */
  private static void assertSpread(String description, double firstStd, double secondStd) {
    float[] params = new Architecture(NetworkSpec.parse(description), Shape.vector(784),
        new MeanSquaredError()).initialParameters(99);
    int firstWeights = 784 * 256;
    int secondStart = firstWeights + 256;
    assertMoments(description + ", layer 1", params, 0, firstWeights, firstStd, 0.02);
    assertMoments(description + ", layer 2", params, secondStart, 256 * 10, secondStd, 0.07);
  }

  private static void assertMoments(String what, float[] values, int from, int count,
      double expectedStd, double relativeTolerance) {
    double sum = 0;
    double sumOfSquares = 0;
    for (int i = from; i < from + count; i++) {
      sum += values[i];
      sumOfSquares += (double) values[i] * values[i];
    }
    double mean = sum / count;
    double std = Math.sqrt(sumOfSquares / count - mean * mean);
    assertEquals(expectedStd, std, relativeTolerance * expectedStd, what + ": std");
    assertEquals(0.0, mean, 5 * expectedStd / Math.sqrt(count), what + ": mean");
  }
}
