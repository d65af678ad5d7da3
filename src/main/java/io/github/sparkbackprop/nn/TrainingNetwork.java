package io.github.sparkbackprop.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Network} for training passes whose dropout masks follow explicit keys, so that
 * distributed training draws the same masks for the same rows whatever the partitioning.
 *
 * <p>Not thread-safe, like the network it wraps; build one per task.
 */
public final class TrainingNetwork {
  private final Network network;
  private final DropoutLayer[] dropouts;

  public TrainingNetwork(Architecture architecture, int rows) {
    List<Layer> layers = architecture.spec().build(architecture.inputShape());
    List<DropoutLayer> found = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer instanceof DropoutLayer) {
        found.add((DropoutLayer) layer);
      }
    }
    this.dropouts = found.toArray(new DropoutLayer[0]);
    this.network = new Network(architecture, layers, rows);
  }

  /** The network itself, for passes that need no keys (prediction has no dropout). */
  public Network network() {
    return network;
  }

  /** Whether any layer draws random masks in training. */
  public boolean hasDropout() {
    return dropouts.length > 0;
  }

  /**
   * {@link Network#gradient} with masks drawn from {@code noiseKey} and {@code rowIds[r]}, the
   * identity of row {@code r}.
   */
  public double gradient(float[] params, float[] input, float[] targets, float[] rowWeights,
      int rows, float[] gradient, long noiseKey, long[] rowIds) {
    useNoise(noiseKey, rowIds);
    return network.gradient(params, input, targets, rowWeights, rows, gradient);
  }

  /** {@link Network#loss} in training mode with the masks of {@link #gradient}. */
  public double loss(float[] params, float[] input, float[] targets, float[] rowWeights,
      int rows, long noiseKey, long[] rowIds) {
    useNoise(noiseKey, rowIds);
    return network.loss(params, input, targets, rowWeights, rows);
  }

  private void useNoise(long noiseKey, long[] rowIds) {
    for (int i = 0; i < dropouts.length; i++) {
      dropouts[i].useNoise(noiseKey, i, rowIds);
    }
  }
}
