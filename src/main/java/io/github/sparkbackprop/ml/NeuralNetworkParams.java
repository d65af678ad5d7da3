package io.github.sparkbackprop.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training Params that every neural network estimator and model of this library shares.
 *
 * <p>Each stage holds these Params as its own fields (Spark ties a Param to its owner's uid),
 * creates them through one factory, which gives each its documentation, validator and default,
 * and implements the accessors below; the getters are written here once. A model carries the
 * values its estimator was fitted with, so that {@code extractParamMap()} tells how it was made.
 */
public interface NeuralNetworkParams extends Params {

  /** The network after the input, for example {@code dense(128, relu), dense(10, softmax)}. */
  Param<String> layers();

  /** How a flat feature vector is laid out, for example {@code 1x28x28}; empty for flat. */
  Param<String> inputShape();

  IntParam maxEpochs();

  IntParam batchSize();

  Param<String> optimizer();

  DoubleParam learningRate();

  DoubleParam momentum();

  LongParam seed();

  BooleanParam shuffle();

  /** A column of row weights, or empty for weight one on every row. */
  Param<String> weightCol();

  /** {@code error} or {@code skip}: what happens to rows with null, NaN or infinite features. */
  Param<String> handleInvalid();

  /** Starting weights; not set means weights drawn from the seed. */
  Param<Vector> initialWeights();

  default String getLayers() {
    return getOrDefault(layers());
  }

  default String getInputShape() {
    return getOrDefault(inputShape());
  }

  default int getMaxEpochs() {
    return (Integer) getOrDefault(maxEpochs());
  }

  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  default String getOptimizer() {
    return getOrDefault(optimizer());
  }

  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  default double getMomentum() {
    return (Double) getOrDefault(momentum());
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  default boolean getShuffle() {
    return (Boolean) getOrDefault(shuffle());
  }

  default String getWeightCol() {
    return getOrDefault(weightCol());
  }

  default String getHandleInvalid() {
    return getOrDefault(handleInvalid());
  }

  /** The starting weights; throws {@link java.util.NoSuchElementException} when not set. */
  default Vector getInitialWeights() {
    return getOrDefault(initialWeights());
  }
}
