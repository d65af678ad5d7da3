package io.github.sparkbackprop.nn;

import io.github.sparkbackprop.nn.loss.Loss;
import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything needed to rebuild a network anywhere: its layers, the shape of one input example and
 * the loss it is trained with. Immutable and serialisable; the weights travel separately as one
 * flat {@code float[]}.
 *
 * <p>The constructor checks the whole network once: every layer must take its predecessor's
 * output, and the output layer must suit the loss.
 */
public final class Architecture implements Serializable {
  private static final long serialVersionUID = 1L;

  private final NetworkSpec spec;
  private final Shape inputShape;
  private final Loss loss;
  private final int parameterCount;
  private final Shape outputShape;
  /** Built on first use, also after deserialisation. */
  private transient RunningStatistics runningStatistics;

  public Architecture(NetworkSpec spec, Shape inputShape, Loss loss) {
    this.spec = spec;
    this.inputShape = inputShape;
    this.loss = loss;
    List<Layer> layers = spec.build(inputShape);
    Layer last = layers.get(layers.size() - 1);
    try {
      loss.checkOutput(last);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "The output layer " + spec.outputLayer() + " does not fit the loss " + loss.name() + ": "
              + e.getMessage(), e);
    }
    long count = 0;
    for (Layer layer : layers) {
      count += layer.parameterCount();
    }
    if (count > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("The network " + spec + " has " + count
          + " parameters; at most " + (Integer.MAX_VALUE - 8) + " fit in one array");
    }
    this.parameterCount = (int) count;
    this.outputShape = last.outputShape();
  }

  public NetworkSpec spec() {
    return spec;
  }

  public Shape inputShape() {
    return inputShape;
  }

  public Shape outputShape() {
    return outputShape;
  }

  public Loss loss() {
    return loss;
  }

  /** Length of the flat parameter array. */
  public int parameterCount() {
    return parameterCount;
  }

  /**
   * Floating-point operations of the matrix products in one training example's forward and
   * backward pass: per layer, the forward product, the weight gradient and, for every layer but
   * the first, the input gradient, each 2 flops per multiply-add.
   */
  public long trainingFlopsPerRow() {
    long flops = 0;
    List<Layer> layers = spec.build(inputShape);
    for (int i = 0; i < layers.size(); i++) {
      long products = i == 0 ? 2 : 3;
      flops += products * 2 * layers.get(i).forwardMultiplyAdds();
    }
    return flops;
  }

  /** Floating-point operations of the matrix products in scoring one example. */
  public long forwardFlopsPerRow() {
    long flops = 0;
    for (Layer layer : spec.build(inputShape)) {
      flops += 2 * layer.forwardMultiplyAdds();
    }
    return flops;
  }

  /**
   * The parameters that the optimizer must not move, the running statistics of batch
   * normalisation, with the step that updates them; empty without batch normalisation.
   */
  public RunningStatistics runningStatistics() {
    if (runningStatistics == null) {
      runningStatistics = RunningStatistics.of(spec.build(inputShape));
    }
    return runningStatistics;
  }

  /** A new per-thread network with buffers for up to {@code rows} examples at a time (it grows). */
  public Network newNetwork(int rows) {
    return new Network(this, spec.build(inputShape), rows);
  }

  /** Fresh weights drawn from {@code seed}; the same seed always gives the same array. */
  public float[] initialParameters(long seed) {
    float[] params = new float[parameterCount];
    SplittableRandom random = new SplittableRandom(seed);
    int offset = 0;
    for (Layer layer : spec.build(inputShape)) {
      layer.initialise(params, offset, random.split());
      offset += layer.parameterCount();
    }
    return params;
  }

  @Override
  public String toString() {
    return "input " + inputShape + " -> " + spec + " (" + parameterCount + " parameters, loss "
        + loss.name() + ")";
  }
}
