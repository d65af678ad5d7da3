package io.github.sparkbackprop.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.GradientCheck;
import io.github.sparkbackprop.nn.Layer;
import io.github.sparkbackprop.nn.Network;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.loss.SoftmaxCrossEntropy;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finite-difference checks of back-propagation through time for rnn, lstm and gru, on their
 * weights and inputs, with and without masks, returning the last state or every state, alone and
 * stacked; and the promise that padding changes nothing.
 */
class RecurrentGradientTest {
  private static final double STEP = 1e-2;
  /** Real steps of the rows of a masked batch: full, partial, a single step. */
  private static final int[] LENGTHS = {5, 3, 1, 4};

  @ParameterizedTest
  @CsvSource({"rnn, false", "rnn, true", "lstm, false", "lstm, true", "gru, false", "gru, true"})
  void layerGradientsMatchCentralDifferences(String kind, boolean sequences) {
    for (int steps : new int[] {1, 2, 5}) {
      Shape shape = Shape.of(steps, 3);
      Probe probe = new Probe(layer(kind, 4, sequences, 0, shape), 2, new SplittableRandom(7));
      probe.assertGradientsAgree(kind + " over " + steps + " steps");
    }
  }

  @ParameterizedTest
  @CsvSource({"rnn, false", "rnn, true", "lstm, false", "lstm, true", "gru, false", "gru, true"})
  void maskedGradientsMatchCentralDifferences(String kind, boolean sequences) {
    Shape shape = Shape.maskedSequence(5, 3);
    Probe probe = new Probe(layer(kind, 4, sequences, 0, shape), LENGTHS.length,
        new SplittableRandom(11));
    probe.mask(LENGTHS);
    probe.assertGradientsAgree("masked " + kind);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rnn", "lstm", "gru"})
  void stackedNetworkGradientsMatchCentralDifferences(String kind) {
    NetworkSpec spec = NetworkSpec.parse(kind + "(4, sequences=true), " + kind
        + "(3, sequences=true), lstm(3), dense(3, softmax)");
    Architecture architecture =
        new Architecture(spec, Shape.maskedSequence(4, 2), new SoftmaxCrossEntropy());
    SplittableRandom random = new SplittableRandom(5);
    float[] params = GradientCheck.uniform(random, architecture.parameterCount(), 0.8);
    int rows = 3;
    float[] x = GradientCheck.uniform(random, rows * architecture.inputShape().size(), 1.0);
    setMask(x, 4, 2, new int[] {4, 2, 1});
    float[] y = {1, 0, 0, 0, 0, 1, 0, 1, 0};
    Network network = architecture.newNetwork(rows);
    float[] gradient = new float[params.length];
    network.gradient(params, x, y, null, rows, gradient);
    double[] numeric = GradientCheck.numeric(params, 0, params.length, STEP,
        () -> network.loss(params, x, y, null, rows));
    GradientCheck.assertAgree("stacked " + kind, gradient, 0, numeric);
  }

  @ParameterizedTest
  @CsvSource({"rnn, false", "lstm, false", "gru, false", "lstm, true", "gru, true"})
  void paddedStepsChangeNeitherOutputNorGradient(String kind, boolean sequences) {
    int[] lengths = {3, 1, 2};
    Probe short3 = new Probe(layer(kind, 4, sequences, 0, Shape.maskedSequence(3, 2)),
        lengths.length, new SplittableRandom(3));
    short3.mask(lengths);
    Probe long6 = new Probe(layer(kind, 4, sequences, 0, Shape.maskedSequence(6, 2)),
        lengths.length, new SplittableRandom(4));
    System.arraycopy(short3.params, 0, long6.params, 0, short3.params.length);
    // The same real steps, then three padded steps full of noise.
    for (int r = 0; r < lengths.length; r++) {
      System.arraycopy(short3.x, r * 9, long6.x, r * 18, 9);
    }
    long6.mask(lengths);
    if (sequences) {
      for (int r = 0; r < lengths.length; r++) {
        System.arraycopy(short3.c, r * 15, long6.c, r * 30, 15);
      }
    } else {
      System.arraycopy(short3.c, 0, long6.c, 0, short3.c.length);
    }
    float[] outShort = short3.forward();
    float[] outLong = long6.forward();
    float[] gradShort = short3.backward(new float[short3.x.length]);
    float[] gradLong = long6.backward(new float[long6.x.length]);
    assertArrayEquals(gradShort, gradLong, 1e-6f, kind + " parameter gradient");
    if (sequences) {
      for (int r = 0; r < lengths.length; r++) {
        for (int i = 0; i < 15; i++) {
          assertEquals(outShort[r * 15 + i], outLong[r * 30 + i], 1e-6f);
        }
      }
    } else {
      assertArrayEquals(outShort, outLong, 1e-6f, kind + " output");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rnn", "lstm", "gru"})
  void truncationCutsGradientsOlderThanTheLength(String kind) {
    Shape shape = Shape.of(6, 2);
    Probe full = new Probe(layer(kind, 3, false, 0, shape), 2, new SplittableRandom(9));
    Probe cut = new Probe(layer(kind, 3, false, 2, shape), 2, new SplittableRandom(9));
    float[] inputFull = new float[full.x.length];
    float[] inputCut = new float[cut.x.length];
    full.backward(inputFull);
    cut.backward(inputCut);
    for (int r = 0; r < 2; r++) {
      for (int t = 0; t < 6; t++) {
        for (int f = 0; f < 2; f++) {
          int i = (r * 6 + t) * 2 + f;
          if (t >= 4) {
            assertEquals(inputFull[i], inputCut[i], 1e-6f, "step " + t + " within the chunk");
          } else {
            assertEquals(0f, inputCut[i], "step " + t + " before the chunk");
            assertNotEquals(0f, inputFull[i], "step " + t + " without truncation");
          }
        }
      }
    }
  }

  static Layer layer(String kind, int units, boolean sequences, int bptt, Shape input) {
    String text = kind + "(" + units + ", sequences=" + sequences + ", bptt=" + bptt + ")";
    return NetworkSpec.parse(text).layers().get(0).build(input).get(0);
  }

  /** Marks the first {@code lengths[r]} steps of row r real and the rest padding. */
  static void setMask(float[] x, int steps, int features, int[] lengths) {
    int stride = features + 1;
    for (int r = 0; r < lengths.length; r++) {
      for (int t = 0; t < steps; t++) {
        x[(r * steps + t) * stride + features] = t < lengths[r] ? 1f : 0f;
      }
    }
  }

  /** A layer with random weights and inputs, probed through {@code L = sum c . y}. */
  static final class Probe {
    final Layer layer;
    final int rows;
    final float[] params;
    final float[] x;
    final float[] c;

    Probe(Layer layer, int rows, SplittableRandom random) {
      this.layer = layer;
      this.rows = rows;
      this.params = GradientCheck.uniform(random, layer.parameterCount(), 0.8);
      this.x = GradientCheck.uniform(random, rows * layer.inputShape().size(), 1.0);
      this.c = GradientCheck.uniform(random, rows * layer.outputShape().size(), 1.0);
    }

    void mask(int[] lengths) {
      Shape in = layer.inputShape();
      setMask(x, in.dim(0), in.dim(1) - 1, lengths);
    }

    float[] forward() {
      float[] y = new float[rows * layer.outputShape().size()];
      layer.forward(params, 0, x, y, rows, true);
      return y;
    }

    double loss() {
      float[] y = forward();
      double sum = 0;
      for (int i = 0; i < y.length; i++) {
        sum += (double) c[i] * y[i];
      }
      return sum;
    }

    float[] backward(float[] gradInput) {
      float[] y = forward();
      float[] gradient = new float[params.length];
      layer.backward(params, 0, x, y, c.clone(), gradient, gradInput, rows);
      return gradient;
    }

    void assertGradientsAgree(String what) {
      float[] gradInput = new float[x.length];
      float[] gradient = backward(gradInput);
      double[] numeric = GradientCheck.numeric(params, 0, params.length, STEP, this::loss);
      GradientCheck.assertAgree(what + " weights", gradient, 0, numeric);
      double[] numericInput = GradientCheck.numeric(x, 0, x.length, STEP, this::loss);
      GradientCheck.assertAgree(what + " inputs", gradInput, 0, numericInput);
    }
  }
}
