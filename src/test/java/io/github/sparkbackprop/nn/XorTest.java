package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.loss.BinaryCrossEntropy;
import io.github.sparkbackprop.nn.loss.Loss;
import io.github.sparkbackprop.nn.loss.SoftmaxCrossEntropy;
import io.github.sparkbackprop.optim.Adam;
import io.github.sparkbackprop.optim.Optimizer;
import io.github.sparkbackprop.optim.OptimizerState;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * XOR through the core alone: full-batch Adam on the four cases. One hidden layer suffices to get
 * every case right; without one the network is a linear classifier, which cannot separate XOR.
 */
class XorTest {
  private static final float[] INPUT = {0, 0, 0, 1, 1, 0, 1, 1};
  private static final float[] LABEL = {0, 1, 1, 0};
  private static final int CASES = 4;
  private static final int STEPS = 600;
  private static final double LEARNING_RATE = 0.05;
  /** A learnt case has its probability at least this far on the right side of 0.5. */
  private static final double MARGIN = 0.4;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void oneHiddenLayerWithSigmoidOutputLearnsAllFourCases(long seed) {
    float[] p = train("dense(8, tanh), dense(1, sigmoid)", new BinaryCrossEntropy(), seed, STEPS);

    for (int i = 0; i < CASES; i++) {
      assertTrue(Math.abs(p[i] - LABEL[i]) < 0.5 - MARGIN,
          "case " + i + ": probability " + p[i] + " for label " + LABEL[i]);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void oneHiddenLayerWithTwoClassSoftmaxLearnsAllFourCases(long seed) {
    float[] p = train("dense(8, tanh), dense(2, softmax)", new SoftmaxCrossEntropy(), seed, STEPS);

    for (int i = 0; i < CASES; i++) {
      assertTrue(Math.abs(p[i] - LABEL[i]) < 0.5 - MARGIN,
          "case " + i + ": probability of class 1 " + p[i] + " for label " + LABEL[i]);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void withoutAHiddenLayerSomeCaseStaysWrong(long seed) {
    float[] sigmoid = train("dense(1, sigmoid)", new BinaryCrossEntropy(), seed, 2 * STEPS);
    float[] softmax = train("dense(2, softmax)", new SoftmaxCrossEntropy(), seed, 2 * STEPS);

    assertTrue(correct(sigmoid) < CASES, "sigmoid output " + Arrays.toString(sigmoid));
    assertTrue(correct(softmax) < CASES, "softmax output " + Arrays.toString(softmax));
  }

  /** Trains from {@code seed} and returns the probability of label 1 for each case. */
  private static float[] train(String description, Loss loss, long seed, int steps) {
    Architecture architecture =
        new Architecture(NetworkSpec.parse(description), Shape.vector(2), loss);
    Network network = architecture.newNetwork(CASES);
    float[] params = architecture.initialParameters(seed);
    Optimizer optimizer = new Adam();
    OptimizerState state = optimizer.newState(params.length);
    float[] gradient = new float[params.length];
    for (int step = 0; step < steps; step++) {
      Arrays.fill(gradient, 0f);
      network.gradient(params, INPUT, LABEL, null, CASES, gradient);
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] /= CASES;
      }
      optimizer.update(params, gradient, state, LEARNING_RATE);
    }
    float[] output = network.predict(params, INPUT, CASES);
    int width = architecture.outputShape().size();
    float[] probabilityOfOne = new float[CASES];
    for (int i = 0; i < CASES; i++) {
      probabilityOfOne[i] = output[i * width + width - 1];
    }
    return probabilityOfOne;
  }

  /** Cases whose probability lies strictly on the side of 0.5 that their label is on. */
  private static int correct(float[] p) {
    int count = 0;
    for (int i = 0; i < CASES; i++) {
      if (LABEL[i] == 1 ? p[i] > 0.5f : p[i] < 0.5f) {
        count++;
      }
    }
    return count;
  }
}
