package io.github.sparkbackprop.nn;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random initial weights scaled to the layer's fan-in and fan-out, so that the variance of the
 * signal stays roughly constant from layer to layer.
 */
public enum WeightInit {
  /**
   * He et al., "Delving Deep into Rectifiers" (2015): normal with variance {@code 2 / fanIn},
   * suited to ReLU-like activations.
   */
  HE {
    @Override
    double scale(int fanIn, int fanOut) {
      return Math.sqrt(2.0 / fanIn);
    }
  },
  /**
   * Glorot and Bengio, "Understanding the difficulty of training deep feedforward neural networks"
   * (2010): normal with variance {@code 2 / (fanIn + fanOut)}, suited to tanh, sigmoid and
   * softmax layers.
   */
  XAVIER {
    @Override
    double scale(int fanIn, int fanOut) {
      return Math.sqrt(2.0 / (fanIn + fanOut));
    }
  };

  /** Names accepted in network descriptions. */
  public static final List<String> NAMES = List.of("he", "xavier");

  abstract double scale(int fanIn, int fanOut);

  /** Fills {@code count} floats of {@code params} from {@code offset} with scaled normal noise. */
  public void fill(float[] params, int offset, int count, int fanIn, int fanOut,
      SplittableRandom random) {
    double scale = scale(fanIn, fanOut);
    for (int i = 0; i < count; i++) {
      params[offset + i] = (float) (scale * random.nextGaussian());
    }
  }


  public static WeightInit byName(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    switch (key) {
      case "he":
        return HE;
      case "xavier":
      case "glorot":
        return XAVIER;
      default:
        throw new IllegalArgumentException(
            "Unknown weight initialisation '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
