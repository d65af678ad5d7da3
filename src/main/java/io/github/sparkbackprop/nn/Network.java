package io.github.sparkbackprop.nn;

import io.github.sparkbackprop.nn.loss.Loss;
import java.util.List;

/**
 * A network's layers with the buffers to run them on batches: the forward pass for scoring and
 * the forward plus backward pass for a gradient.
 *
 * <p>Not thread-safe: it owns its activation and gradient buffers and reuses them from batch to
 * batch. Build one per thread or task with {@link Architecture#newNetwork}. Arrays returned by
 * its methods are those buffers, valid until the next call.
 */
public final class Network {
  private final Architecture architecture;
  private final Loss loss;
  private final Layer[] layers;
  /** offsets[i] is where layer i's parameters start in the flat array. */
  private final int[] offsets;
  /** outputs[i] holds layer i's output for the current batch. */
  private final float[][] outputs;
  /** Two buffers that hold the gradient flowing backwards, swapped at each layer. */
  private float[] gradA;
  private float[] gradB;
  private int capacity;
  private int maxWidth;

  Network(Architecture architecture, List<Layer> layers, int capacity) {
    this.architecture = architecture;
    this.loss = architecture.loss();
    this.layers = layers.toArray(new Layer[0]);
    this.offsets = new int[this.layers.length];
    int offset = 0;
    maxWidth = architecture.inputShape().size();
    for (int i = 0; i < this.layers.length; i++) {
      offsets[i] = offset;
      offset += this.layers[i].parameterCount();
      maxWidth = Math.max(maxWidth, this.layers[i].outputShape().size());
    }
    this.outputs = new float[this.layers.length][];
    ensureCapacity(Math.max(1, capacity));
  }

  public Architecture architecture() {
    return architecture;
  }

  public int inputSize() {
    return architecture.inputShape().size();
  }

  public int outputSize() {
    return architecture.outputShape().size();
  }

  private void ensureCapacity(int rows) {
    if (rows <= capacity) {
      return;
    }
    for (int i = 0; i < layers.length; i++) {
      outputs[i] = new float[rows * layers[i].outputShape().size()];
    }
    gradA = new float[rows * maxWidth];
    gradB = new float[rows * maxWidth];
    capacity = rows;
  }

  /**
   * Runs the first {@code layerCount} layers on {@code rows} examples of {@code input} and returns
   * the buffer holding the last one's output.
   */
  private float[] forward(float[] params, float[] input, int rows, int layerCount, boolean training) {
    checkParams(params);
    ensureCapacity(rows);
    float[] current = input;
    for (int i = 0; i < layerCount; i++) {
      layers[i].forward(params, offsets[i], current, outputs[i], rows, training);
      current = outputs[i];
    }
    return current;
  }

  /** The network's output for {@code rows} examples, {@code rows x outputSize()} row-major. */
  public float[] predict(float[] params, float[] input, int rows) {
    return forward(params, input, rows, layers.length, false);
  }

  /**
   * The output before the final activation when the loss is fused with it (logits for softmax),
   * otherwise the output itself: what Spark calls the raw prediction.
   */
  public float[] predictRaw(float[] params, float[] input, int rows) {
    int count = loss.fusedWithOutputActivation() ? layers.length - 1 : layers.length;
    if (count == 0) {
      return input;
    }
    return forward(params, input, rows, count, false);
  }

  /** The weighted sum of the loss over {@code rows} examples, without gradients. */
  public double loss(float[] params, float[] input, float[] targets, float[] rowWeights, int rows) {
    float[] output = forward(params, input, rows, layers.length, true);
    return loss.evaluate(output, targets, rowWeights, rows, outputSize(), null);
  }

  /**
   * Back-propagates the loss of {@code rows} examples: adds the gradient of the weighted loss sum
   * into {@code gradient} (same layout as {@code params}) and returns that sum.
   */
  public double gradient(float[] params, float[] input, float[] targets, float[] rowWeights,
      int rows, float[] gradient) {
    if (gradient.length != params.length) {
      throw new IllegalArgumentException("Gradient array has " + gradient.length
          + " floats but the network has " + params.length + " parameters");
    }
    float[] output = forward(params, input, rows, layers.length, true);
    double total = loss.evaluate(output, targets, rowWeights, rows, outputSize(), gradA);
    float[] gradOut = gradA;
    float[] gradIn = gradB;
    // A fused loss has already written the gradient before the final activation.
    int last = loss.fusedWithOutputActivation() ? layers.length - 2 : layers.length - 1;
    for (int i = last; i >= 0; i--) {
      float[] layerInput = i == 0 ? input : outputs[i - 1];
      layers[i].backward(params, offsets[i], layerInput, outputs[i], gradOut, gradient,
          i == 0 ? null : gradIn, rows);
      float[] swap = gradOut;
      gradOut = gradIn;
      gradIn = swap;
    }
    return total;
  }

  private void checkParams(float[] params) {
    if (params.length != architecture.parameterCount()) {
      throw new IllegalArgumentException("The network " + architecture.spec() + " needs "
          + architecture.parameterCount() + " parameters but got " + params.length);
    }
  }
}
